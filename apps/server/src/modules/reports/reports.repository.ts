import { sql, type Expression, type Insertable, type Kysely, type SqlBool } from 'kysely';
import type { Database, ReportHistogramsTable, ReportStatsTable } from '@/db/types';
import { REPORT_MEASURES, type ReportMeasure } from '@/db/types';
import {
  HISTOGRAM_BINS,
  HISTOGRAM_COLUMNS,
  HISTOGRAM_EDGES,
  histogramColumn,
  type HistogramColumn,
  type HistogramMetric,
} from './reports.histogram';
import type { StatsEvent, StatsTicket } from './reports.stats';

type Executor = Kysely<Database>;

export type StatsDelta = Insertable<ReportStatsTable> & { [M in ReportMeasure]: number };
export type HistogramDelta = Insertable<ReportHistogramsTable> & Record<HistogramColumn, number>;

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

/** Adds histogram deltas (150 columns a row: chunks stay under the 65,535 parameters of a statement). */
export async function addHistograms(db: Executor, rows: HistogramDelta[]): Promise<void> {
  const CHUNK = 300;
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto('report_histograms')
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) =>
        oc
          .constraint('report_histograms_key')
          .doUpdateSet(
            Object.fromEntries(
              HISTOGRAM_COLUMNS.map((c) => [c, sql<number>`report_histograms.${sql.ref(c)} + excluded.${sql.ref(c)}`]),
            ),
          ),
      )
      .execute();
  }
}

export interface OpenDelta {
  grain: number;
  category_id: string | null;
  priority_id: string | null;
  assignee_id: string | null;
  division: string | null;
  open: number;
}

/** Adds open-ticket deltas to report_open (the caller passes each key once, in key order). */
export async function addOpen(db: Executor, rows: OpenDelta[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('report_open')
    .values(rows)
    .onConflict((oc) => oc.constraint('report_open_key').doUpdateSet({ open: sql`report_open.open + excluded.open` }))
    .execute();
}

export async function lockAndClearStats(db: Executor): Promise<void> {
  await sql`lock table report_stats, report_histograms, report_open in exclusive mode`.execute(db);
  await db.deleteFrom('report_stats').execute();
  await db.deleteFrom('report_histograms').execute();
  await db.deleteFrom('report_open').execute();
}

/** Fills report_open (open tickets now per grain 0-5, without the hour) from the tickets. */
export async function rebuildOpen(db: Executor): Promise<void> {
  await sql`
    INSERT INTO report_open (grain, category_id, priority_id, assignee_id, division, open)
    SELECT g.grain, g.c, g.p, g.a, g.d, count(*)
      FROM tickets t
     CROSS JOIN LATERAL (VALUES
       (0, t.category_id, t.priority_id, t.assigned_to, t.requester_division),
       (1, NULL::uuid, NULL::uuid, NULL::uuid, NULL::text),
       (2, NULL, NULL, t.assigned_to, NULL),
       (3, t.category_id, NULL, NULL, NULL),
       (4, NULL, t.priority_id, NULL, NULL),
       (5, NULL, NULL, NULL, t.requester_division)
     ) AS g(grain, c, p, a, d)
     WHERE t.status IN ('OPEN', 'IN_PROGRESS', 'ON_HOLD')
     GROUP BY 1, 2, 3, 4, 5`.execute(db);
}

/**
 * Fresh planner statistics for the rebuilt tables: without them (autovacuum off, or not yet
 * run) a 365-day per-staff histogram sum was planned for 2 rows, sorted 15,000 wide rows and
 * spilled to disk (216 ms; 80-140 ms hashed after ANALYZE, docs/performance.md).
 */
export async function analyzeStats(db: Executor): Promise<void> {
  await sql`analyze report_stats, report_histograms, report_open`.execute(db);
}

/** Every report_open row with a non-zero count, ordered: for the test that the incremental table equals a rebuild. */
export function allOpenRows(db: Executor) {
  return db
    .selectFrom('report_open')
    .select(['grain', 'category_id', 'priority_id', 'assignee_id', 'division', 'open'])
    .where('open', '<>', 0)
    .orderBy(['grain', 'category_id', 'priority_id', 'assignee_id', 'division'])
    .execute();
}

/** The time zone whose days the day grains sum (report_stats_meta; a rebuild sets it). */
export async function statsTimeZone(db: Executor): Promise<string> {
  const row = await db.selectFrom('report_stats_meta').select('day_time_zone').executeTakeFirst();
  return row?.day_time_zone ?? (await organisationTimeZone(db));
}

/** The organisation time zone of the settings (Asia/Jakarta by default). */
export async function organisationTimeZone(db: Executor): Promise<string> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'timezone').executeTakeFirst();
  return typeof row?.value === 'string' ? row.value : 'Asia/Jakarta';
}

export async function setStatsTimeZone(db: Executor, tz: string): Promise<void> {
  await db
    .insertInto('report_stats_meta')
    .values({ id: true, day_time_zone: tz })
    .onConflict((oc) => oc.column('id').doUpdateSet({ day_time_zone: tz }))
    .execute();
}

export async function countTickets(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('tickets')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Fills report_stats from every ticket and its history in one statement: the contributions of
 * reports.stats.ts `contributionOf` (same rules, in SQL), rolled up into every grain.
 */
export async function rebuildStats(db: Executor, tz: string): Promise<void> {
  const measureList = sql.raw(REPORT_MEASURES.join(', '));
  const sumList = sql.raw(REPORT_MEASURES.map((m) => `coalesce(sum(f.${m}), 0)`).join(', '));
  const z = (names: ReportMeasure[], values: Partial<Record<ReportMeasure, string>>) =>
    sql.raw(REPORT_MEASURES.map((m) => `${values[m] ?? (names.includes(m) ? '1' : '0')} AS ${m}`).join(', '));
  await sql`
    INSERT INTO report_stats (grain, bucket, category_id, priority_id, assignee_id, division, ${measureList})
    WITH t AS (
      SELECT id, status, created_at, resolved_at, closed_at, first_response_at, category_id AS c, priority_id AS p,
             assigned_to AS a, requester_division AS d, sla_resolution_met, sla_first_response_met,
             resolution_minutes, resolution_business, first_response_minutes, first_response_business, rating
        FROM tickets
    ), e AS (
      SELECT ev.ticket_id, ev.type, ev.from_value, ev.to_value, ev.created_at,
             CASE WHEN ev.type = 'assigned' THEN (ev.data ->> 'to')::uuid
                  ELSE (SELECT (a.data ->> 'to')::uuid FROM ticket_events a
                         WHERE a.ticket_id = ev.ticket_id AND a.type = 'assigned' AND a.seq < ev.seq
                         ORDER BY a.seq DESC LIMIT 1) END AS asg
        FROM ticket_events ev
       WHERE ev.type = 'assigned' AND ev.data ->> 'to' IS NOT NULL
          OR ev.type = 'status_changed' AND (ev.to_value = 'RESOLVED' OR ev.from_value = 'RESOLVED' AND ev.to_value = 'IN_PROGRESS')
    ), f AS (
      SELECT created_at AS at, c, p, a, d, ${z(['created', 'backlog_delta'], {})} FROM t
      UNION ALL
      SELECT coalesce(resolved_at, closed_at), c, p, a, d, ${z([], { backlog_delta: '-1' })} FROM t
       WHERE status IN ('RESOLVED', 'CLOSED') AND coalesce(resolved_at, closed_at) IS NOT NULL
      UNION ALL
      SELECT resolved_at, c, p, a, d, ${z(['resolved'], {
        res_met: '(sla_resolution_met IS TRUE)::int',
        res_missed: '(sla_resolution_met IS FALSE)::int',
        res_timed: '(resolution_minutes IS NOT NULL)::int',
        res_business: '(resolution_minutes IS NOT NULL AND resolution_business IS TRUE)::int',
        res_minutes: 'coalesce(resolution_minutes, 0)',
      })} FROM t WHERE resolved_at IS NOT NULL
      UNION ALL
      SELECT first_response_at, c, p, a, d, ${z([], {
        fr_met: '(sla_first_response_met IS TRUE)::int',
        fr_missed: '(sla_first_response_met IS FALSE)::int',
        fr_timed: '(first_response_minutes IS NOT NULL)::int',
        fr_business: '(first_response_minutes IS NOT NULL AND first_response_business IS TRUE)::int',
        fr_minutes: 'coalesce(first_response_minutes, 0)',
      })} FROM t WHERE first_response_at IS NOT NULL
      UNION ALL
      SELECT closed_at, c, p, a, d, ${z(['closed'], {
        csat_count: '(rating BETWEEN 1 AND 5)::int',
        csat_sum: 'CASE WHEN rating BETWEEN 1 AND 5 THEN rating ELSE 0 END',
        csat_1: '(rating = 1)::int',
        csat_2: '(rating = 2)::int',
        csat_3: '(rating = 3)::int',
        csat_4: '(rating = 4)::int',
        csat_5: '(rating = 5)::int',
      })} FROM t WHERE closed_at IS NOT NULL
      UNION ALL
      SELECT e.created_at, t.c, t.p, e.asg, t.d, ${z([], {
        assigned: "(e.type = 'assigned')::int",
        resolutions: "(e.type = 'status_changed' AND e.to_value = 'RESOLVED')::int",
        rejections: "(e.type = 'status_changed' AND e.from_value = 'RESOLVED' AND e.to_value = 'IN_PROGRESS')::int",
      })} FROM e JOIN t ON t.id = e.ticket_id
    )
    SELECT g.grain, g.bucket, g.c, g.p, g.a, g.d, ${sumList}
      FROM (SELECT f.*, date_trunc('hour', f.at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hour,
                   date_trunc('day', f.at AT TIME ZONE ${tz}) AT TIME ZONE ${tz} AS day FROM f) f
     CROSS JOIN LATERAL (VALUES
       (0, f.hour, f.c, f.p, f.a, f.d),
       (1, f.hour, NULL::uuid, NULL::uuid, NULL::uuid, NULL::text),
       (2, f.hour, NULL, NULL, f.a, NULL),
       (3, f.hour, f.c, NULL, NULL, NULL),
       (4, f.hour, NULL, f.p, NULL, NULL),
       (5, f.hour, NULL, NULL, NULL, f.d),
       (11, f.day, NULL, NULL, NULL, NULL),
       (12, f.day, NULL, NULL, f.a, NULL),
       (13, f.day, f.c, NULL, NULL, NULL),
       (14, f.day, NULL, f.p, NULL, NULL),
       (15, f.day, NULL, NULL, NULL, f.d)
     ) AS g(grain, bucket, c, p, a, d)
     GROUP BY 1, 2, 3, 4, 5, 6
     -- Stored in (grain, bucket) order: a report's range reads neighbouring pages.
     ORDER BY 1, 2`.execute(db);
}

/**
 * Fills report_histograms (day grains 11-15) from every ticket's stored clock minutes, binned
 * with `width_bucket` over the same edges as reports.histogram.ts `binOf`.
 */
export async function rebuildHistograms(db: Executor, tz: string): Promise<void> {
  const edges = sql.raw(`ARRAY[${HISTOGRAM_EDGES.map((e) => String(e)).join(', ')}]::float8[]`);
  const columnList = sql.raw(HISTOGRAM_COLUMNS.join(', '));
  const pivot = sql.raw(
    (['res', 'fr'] as const)
      .flatMap((m) =>
        Array.from(
          { length: HISTOGRAM_BINS },
          (_, k) =>
            `coalesce(sum(n) FILTER (WHERE metric = '${m}' AND bin = ${k}), 0)::int AS ${histogramColumn(m, k)}`,
        ),
      )
      .join(',\n'),
  );
  await sql`
    INSERT INTO report_histograms (grain, bucket, category_id, priority_id, assignee_id, division, ${columnList})
    WITH f AS (
      SELECT resolved_at AS at, 'res' AS metric, width_bucket(resolution_minutes, ${edges}) AS bin,
             category_id AS c, priority_id AS p, assigned_to AS a, requester_division AS d
        FROM tickets WHERE resolved_at IS NOT NULL AND resolution_minutes IS NOT NULL
      UNION ALL
      SELECT first_response_at, 'fr', width_bucket(first_response_minutes, ${edges}),
             category_id, priority_id, assigned_to, requester_division
        FROM tickets WHERE first_response_at IS NOT NULL AND first_response_minutes IS NOT NULL
    ), counted AS (
      SELECT g.grain, g.bucket, g.c, g.p, g.a, g.d, f.metric, f.bin, count(*) AS n
        FROM (SELECT f.*, date_trunc('day', f.at AT TIME ZONE ${tz}) AT TIME ZONE ${tz} AS day FROM f) f
       CROSS JOIN LATERAL (VALUES
         (11, f.day, NULL::uuid, NULL::uuid, NULL::uuid, NULL::text),
         (12, f.day, NULL, NULL, f.a, NULL),
         (13, f.day, f.c, NULL, NULL, NULL),
         (14, f.day, NULL, f.p, NULL, NULL),
         (15, f.day, NULL, NULL, NULL, f.d)
       ) AS g(grain, bucket, c, p, a, d)
       GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
    )
    SELECT grain, bucket, c, p, a, d, ${pivot}
      FROM counted
     GROUP BY 1, 2, 3, 4, 5, 6
     ORDER BY 1, 2`.execute(db);
}

/** Some of these columns is not zero (the rows the rebuild comparison keeps). */
const anyNonZero = (columns: readonly string[]) =>
  sql<SqlBool>`(${sql.join(
    columns.map((c) => sql`${sql.ref(c)} <> 0`),
    sql` or `,
  )})`;

/** Every histogram row with a non-zero count, ordered: for the test that the incremental table equals a rebuild. */
export function allHistogramRows(db: Executor) {
  return db
    .selectFrom('report_histograms')
    .selectAll()
    .where(anyNonZero(HISTOGRAM_COLUMNS))
    .orderBy(['grain', 'bucket', 'category_id', 'priority_id', 'assignee_id', 'division'])
    .execute();
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
    .where(anyNonZero(REPORT_MEASURES))
    .orderBy(['grain', 'bucket', 'category_id', 'priority_id', 'assignee_id', 'division'])
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
    .select([sql<string | null>`${group}`.as('group'), sql<string | null>`${label}`.as('bucket_label'), ...sums])
    .where('s.grain', '=', q.grain)
    .where('s.bucket', '>=', q.from)
    .where('s.bucket', '<', q.to)
    .where((eb) => eb.and(statsConditions(q.filters)))
    .groupBy([sql`1`, sql`2`])
    .execute();
  return rows;
}

/**
 * Open tickets now, optionally per group: the rows of report_open of the grain (at most the
 * dimension combinations of the open tickets; one row for the unfiltered total).
 */
export async function openNow(
  db: Executor,
  q: { grain: number; filters: StatsFilters; groupBy?: GroupBy },
): Promise<Map<string | null, number>> {
  const group = q.groupBy ? sql.ref(`s.${GROUP_COLUMN[q.groupBy]}`) : sql`null::text`;
  const rows = await db
    .selectFrom('report_open as s')
    .select([sql<string | null>`${group}`.as('group'), sql<number>`coalesce(sum(s.open), 0)::float8`.as('n')])
    .where('s.grain', '=', q.grain)
    .where((eb) => eb.and(statsConditions(q.filters)))
    .groupBy(sql`1`)
    .execute();
  return new Map(rows.filter((r) => Number(r.n) !== 0).map((r) => [r.group, Number(r.n)]));
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
      sql<string | null>`${group}`.as('group'),
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

/**
 * Histogram counts of the given metrics summed over the day-grain rows [from, to) (day starts),
 * optionally per group, in one scan: at most days x groups rows of one grain, whatever the
 * ticket count. Answers per group the counts of each metric asked.
 */
export async function sumHistograms(
  db: Executor,
  q: {
    grain: number;
    metrics: readonly HistogramMetric[];
    from: Date;
    to: Date;
    filters: StatsFilters;
    groupBy?: GroupBy;
  },
): Promise<Map<string | null, Partial<Record<HistogramMetric, number[]>>>> {
  const group = q.groupBy ? sql.ref(`s.${GROUP_COLUMN[q.groupBy]}`) : sql`null::text`;
  const counts = (metric: HistogramMetric) => {
    const columns = Array.from({ length: HISTOGRAM_BINS }, (_, k) => histogramColumn(metric, k));
    return sql<number[]>`array[${sql.join(columns.map((c) => sql`coalesce(sum(s.${sql.ref(c)}), 0)::float8`))}]`.as(
      metric,
    );
  };
  const rows = await db
    .selectFrom('report_histograms as s')
    .select([sql<string | null>`${group}`.as('group'), ...q.metrics.map(counts)])
    .where('s.grain', '=', q.grain)
    .where('s.bucket', '>=', q.from)
    .where('s.bucket', '<', q.to)
    .where((eb) => eb.and(statsConditions(q.filters)))
    .groupBy(sql`1`)
    .execute();
  return new Map(
    rows.map((r) => {
      const row = r as unknown as Record<HistogramMetric, number[]>;
      return [r.group, Object.fromEntries(q.metrics.map((m) => [m, row[m].map(Number)]))];
    }),
  );
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
