import { sql, type Expression, type Insertable, type Kysely, type SqlBool } from 'kysely';
import type { Database, ReportStatsTable } from '@/db/types';
import { REPORT_MEASURES, type ReportMeasure } from '@/db/types';
import type { StatsEvent, StatsTicket } from './reports.stats';

type Executor = Kysely<Database>;

export type StatsDelta = Insertable<ReportStatsTable> & { [M in ReportMeasure]: number };

// ---- maintenance (reports.stats.ts)

export function statsTickets(db: Executor, ids: readonly string[]): Promise<StatsTicket[]> {
  return db
    .selectFrom('tickets')
    .select([
      'id',
      'status',
      'created_at',
      'resolved_at',
      'closed_at',
      'first_response_at',
      'category_id',
      'priority_id',
      'assigned_to',
      'requester_division',
      'sla_resolution_met',
      'sla_first_response_met',
      'resolution_minutes',
      'resolution_business',
      'first_response_minutes',
      'first_response_business',
      'rating',
    ])
    .where('id', 'in', ids)
    .execute();
}

export function statsEvents(db: Executor, ids: readonly string[]): Promise<StatsEvent[]> {
  return db
    .selectFrom('ticket_events')
    .select([
      'ticket_id',
      'type',
      'from_value',
      'to_value',
      'created_at',
      sql<string | null>`data ->> 'to'`.as('assignee'),
    ])
    .where('ticket_id', 'in', ids)
    .where('type', 'in', ['assigned', 'status_changed'])
    .orderBy('ticket_id')
    .orderBy('seq')
    .execute();
}

/** Adds the deltas to the table (one upsert per chunk; the caller passes each key once). */
export async function addStats(db: Executor, rows: StatsDelta[]): Promise<void> {
  const CHUNK = 1000;
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto('report_stats')
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) =>
        oc
          .constraint('report_stats_key')
          .doUpdateSet(
            Object.fromEntries(
              REPORT_MEASURES.map((m) => [m, sql`report_stats.${sql.ref(m)} + excluded.${sql.ref(m)}`]),
            ),
          ),
      )
      .execute();
  }
}

export async function lockAndClearStats(db: Executor): Promise<void> {
  await sql`lock table report_stats in exclusive mode`.execute(db);
  await db.deleteFrom('report_stats').execute();
}

export async function ticketIdsAfter(db: Executor, after: string | undefined, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('tickets')
    .select('id')
    .$if(after !== undefined, (qb) => qb.where('id', '>', after!))
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

export async function countStatsRows(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('report_stats')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every row with a non-zero measure, ordered: for the test that the incremental table equals a rebuild. */
export function allStatsRows(db: Executor) {
  return db
    .selectFrom('report_stats')
    .selectAll()
    .where(
      sql<SqlBool>`(${sql.join(
        REPORT_MEASURES.map((m) => sql`${sql.ref(m)} <> 0`),
        sql` or `,
      )})`,
    )
    .orderBy('grain')
    .orderBy('bucket')
    .orderBy('category_id')
    .orderBy('priority_id')
    .orderBy('assignee_id')
    .orderBy('division')
    .execute();
}

// ---- reading (reports.service.ts); every query runs on the read database

export interface StatsFilters {
  categoryId?: string;
  priorityId?: string;
  /** null = unassigned */
  assigneeId?: string | null;
  /** null = no division */
  division?: string | null;
}

export type GroupBy = 'assignee' | 'category' | 'priority' | 'division';
const GROUP_COLUMN = {
  assignee: 'assignee_id',
  category: 'category_id',
  priority: 'priority_id',
  division: 'division',
} as const;
const TICKET_COLUMN = {
  assignee: 'assigned_to',
  category: 'category_id',
  priority: 'priority_id',
  division: 'requester_division',
} as const;

function statsConditions(f: StatsFilters): Expression<SqlBool>[] {
  const c: Expression<SqlBool>[] = [];
  const eq = (column: string, v: string | null) =>
    v === null ? sql<SqlBool>`${sql.ref(column)} is null` : sql<SqlBool>`${sql.ref(column)} = ${v}`;
  if (f.categoryId !== undefined) c.push(eq('s.category_id', f.categoryId));
  if (f.priorityId !== undefined) c.push(eq('s.priority_id', f.priorityId));
  if (f.assigneeId !== undefined) c.push(eq('s.assignee_id', f.assigneeId));
  if (f.division !== undefined) c.push(eq('s.division', f.division));
  return c;
}

export type MeasureSums = Record<ReportMeasure, number>;
export type SumRow = MeasureSums & { group: string | null; bucket_label: string | null };

const sums = REPORT_MEASURES.map((m) => sql<number>`coalesce(sum(s.${sql.ref(m)}), 0)::float8`.as(m));

/**
 * Sums of the measures over [from, to) (whole hours), from the given grain, optionally per group
 * and/or per trend bucket (truncated in `tz`).
 */
export async function sumStats(
  db: Executor,
  q: {
    grain: number;
    from: Date;
    to: Date;
    filters: StatsFilters;
    groupBy?: GroupBy;
    trend?: { granularity: 'day' | 'week' | 'month'; tz: string };
  },
): Promise<SumRow[]> {
  const group = q.groupBy ? sql.ref(`s.${GROUP_COLUMN[q.groupBy]}`) : sql`null::text`;
  const label = q.trend
    ? sql`to_char(date_trunc(${q.trend.granularity}, s.bucket at time zone ${q.trend.tz}), ${q.trend.granularity === 'month' ? 'YYYY-MM' : 'YYYY-MM-DD'})`
    : sql`null::text`;
  const rows = await db
    .selectFrom('report_stats as s')
    .select([sql<string | null>`${group}::text`.as('group'), sql<string | null>`${label}`.as('bucket_label'), ...sums])
    .where('s.grain', '=', q.grain)
    .where('s.bucket', '>=', q.from)
    .where('s.bucket', '<', q.to)
    .where((eb) => eb.and(statsConditions(q.filters)))
    .groupBy([sql`1`, sql`2`])
    .execute();
  return rows;
}

/**
 * Open tickets at the instant `at`, optionally per group: the open tickets now (the active
 * tickets, a partial index) minus Σ backlog_delta since `at`. Every contribution carries the
 * ticket's current dimensions, so Σ of all deltas per group is exactly the open tickets now, and
 * the query reads only the table's rows from `at` to now (none for a period ending today),
 * never the whole history.
 */
export async function backlogAt(
  db: Executor,
  q: { grain: number; at: Date; filters: StatsFilters; groupBy?: GroupBy },
): Promise<Map<string | null, number>> {
  const group = q.groupBy ? sql.ref(`s.${GROUP_COLUMN[q.groupBy]}`) : sql`null::text`;
  const ticketGroup = q.groupBy ? sql.ref(`t.${TICKET_COLUMN[q.groupBy]}`) : sql`null::text`;
  const [since, open] = await Promise.all([
    db
      .selectFrom('report_stats as s')
      .select([
        sql<string | null>`${group}::text`.as('group'),
        sql<number>`coalesce(sum(s.backlog_delta), 0)::float8`.as('n'),
      ])
      .where('s.grain', '=', q.grain)
      .where('s.bucket', '>=', q.at)
      .where((eb) => eb.and(statsConditions(q.filters)))
      .groupBy(sql`1`)
      .execute(),
    db
      .selectFrom('tickets as t')
      .select([sql<string | null>`${ticketGroup}::text`.as('group'), sql<number>`count(*)::float8`.as('n')])
      .where('t.status', 'in', ['OPEN', 'IN_PROGRESS', 'ON_HOLD'])
      .where((eb) => eb.and(ticketConditions(q.filters)))
      .groupBy(sql`1`)
      .execute(),
  ]);
  const out = new Map<string | null, number>(open.map((r) => [r.group, Number(r.n)]));
  for (const r of since) out.set(r.group, (out.get(r.group) ?? 0) - Number(r.n));
  for (const [k, v] of out) if (v === 0) out.delete(k);
  return out;
}

function ticketConditions(f: StatsFilters): Expression<SqlBool>[] {
  const c: Expression<SqlBool>[] = [];
  const eq = (column: string, v: string | null) =>
    v === null ? sql<SqlBool>`${sql.ref(column)} is null` : sql<SqlBool>`${sql.ref(column)} = ${v}`;
  if (f.categoryId !== undefined) c.push(eq('t.category_id', f.categoryId));
  if (f.priorityId !== undefined) c.push(eq('t.priority_id', f.priorityId));
  if (f.assigneeId !== undefined) c.push(eq('t.assigned_to', f.assigneeId));
  if (f.division !== undefined) c.push(eq('t.requester_division', f.division));
  return c;
}

/**
 * Medians of the clock minutes over the period's resolutions (tickets.resolved_at in range) or
 * first responses, optionally per group: a range scan of the covering partial index, bounded
 * by the period (never the whole table).
 */
export async function medians(
  db: Executor,
  q: { metric: 'resolution' | 'first_response'; from: Date; to: Date; filters: StatsFilters; groupBy?: GroupBy },
): Promise<Map<string | null, number | null>> {
  const at = q.metric === 'resolution' ? 't.resolved_at' : 't.first_response_at';
  const minutes = q.metric === 'resolution' ? 't.resolution_minutes' : 't.first_response_minutes';
  const group = q.groupBy ? sql.ref(`t.${TICKET_COLUMN[q.groupBy]}`) : sql`null::text`;
  const rows = await db
    .selectFrom('tickets as t')
    .select([
      sql<string | null>`${group}::text`.as('group'),
      sql<number | null>`percentile_cont(0.5) within group (order by ${sql.ref(minutes)})`.as('median'),
    ])
    .where(sql.ref(at), '>=', q.from)
    .where(sql.ref(at), '<', q.to)
    .where(sql.ref(minutes), 'is not', null)
    .where((eb) => eb.and(ticketConditions(q.filters)))
    .groupBy(sql`1`)
    .execute();
  return new Map(rows.map((r) => [r.group, r.median === null ? null : Number(r.median)]));
}

export function staffNames(db: Executor, ids: readonly string[]) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'role', 'status'])
    .where((eb) =>
      eb.or([
        eb('id', 'in', ids.length ? ids : ['00000000-0000-0000-0000-000000000000']),
        eb.and([eb('role', '=', 'it_staff'), eb('status', '=', true)]),
      ]),
    )
    .orderBy('name')
    .execute();
}

export function categoryNames(db: Executor) {
  return db.selectFrom('categories').select(['id', 'name', 'is_active']).orderBy('name').execute();
}

export function priorityNames(db: Executor) {
  return db.selectFrom('priorities').select(['id', 'name', 'level', 'is_active']).orderBy('level').execute();
}

/** Divisions known from users (so a division without tickets still shows a row). */
export async function userDivisions(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('users')
    .select('division')
    .distinct()
    .where('division', 'is not', null)
    .orderBy('division')
    .execute();
  return rows.map((r) => r.division!);
}
