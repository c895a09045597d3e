import type pg from 'pg';
import { REPORT_MEASURES } from '../apps/server/src/db/types';

/**
 * What the benchmark sends: each scenario is one API route plus the SQL that route runs, so the
 * same work can be replayed without the application (baselines) and EXPLAINed.
 *
 * The SQL below is hand-copied from what Kysely generates for apps/server/src/modules/tickets/
 * tickets.repository.ts (captured once with Kysely's `log` option). It is not imported from the
 * server on purpose: the bench must run against the built server without its path aliases. The
 * run checks for drift by sampling pg_stat_activity while the server is under load (see
 * run.ts), so a changed repository query shows up as "SQL check: not seen".
 */

export type ScenarioName = 'queue' | 'queue-priority' | 'my-tickets' | 'ticket' | 'search' | 'counts' | 'create';

/** Ids and words the scenarios rotate over; collected from the seeded database. */
export interface BenchContext {
  staffId: string;
  userId: string;
  categoryId: string;
  ticketIds: string[];
  searchTerms: string[];
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

export interface ExplainTarget {
  label: string;
  text: string;
  values: unknown[];
}

export interface Scenario {
  name: ScenarioName;
  label: string;
  /** Whose bearer token the API requests carry. */
  as: 'staff' | 'user';
  /** The issue's p99 target at 1,000,000 tickets and 20 connections, if it sets one. */
  targetP99Ms: number | null;
  /** The i-th request of the run (i rotates over ids and search words). */
  request: (i: number) => HttpRequest;
  /** The same SQL the route runs, through plain `pg` (the authentication lookup excluded). */
  baseline: (pool: pg.Pool, i: number) => Promise<unknown>;
  /** Statement texts of the route, for the pg_stat_activity drift check. */
  statements: string[];
  explain: () => ExplainTarget[];
}

const ACTIVE = ['OPEN', 'IN_PROGRESS', 'ON_HOLD'];
const LIMIT = 25;

// --- SQL as Kysely emits it (tickets.repository.ts: baseQuery, listTickets, findTicketDetail, countTickets)

const SLA_STATE = `case
    when t.status in ('RESOLVED', 'CLOSED') then
      case when t.resolved_at is null or t.sla_deadline is null then 'none'
           when t.resolved_at <= t.sla_deadline then 'met' else 'missed' end
    when t.sla_deadline is null then 'none'
    when t.sla_deadline <= coalesce(t.on_hold_since, $1) then 'breached'
    when coalesce(t.sla_at_risk_at, t.sla_deadline) <= coalesce(t.on_hold_since, $2) then 'at_risk'
    else 'on_track' end`;

const SUMMARY_SELECT = `select "t"."id", "t"."ticket_number", "t"."title", "t"."status", "t"."user_id", "t"."assigned_to", "t"."category_id", "t"."priority_id", "t"."sla_deadline", "t"."resolved_at", "t"."closed_at", "t"."created_at", "t"."updated_at", "t"."version", "t"."priority_level", (select r.name from users as r where r.id = t.user_id) as "requester_name", (select a.name from users as a where a.id = t.assigned_to) as "assignee_name", (select c.name from categories as c where c.id = t.category_id) as "category_name", "p"."name" as "priority_name", "p"."level" as "priority_level_current", "p"."color" as "priority_color", ${SLA_STATE} as "sla_state"`;

const DETAIL_COLUMNS = `, "t"."description", "t"."first_response_at", "t"."first_response_due_at", "t"."hold_reason", "t"."resolution_note", "t"."rating", "t"."feedback"`;

const FROM = `from "tickets" as "t" inner join "priorities" as "p" on "p"."id" = "t"."priority_id"`;

/** `($1, ..., $cols), (...)` for `rows` rows, as Kysely writes a multi-row insert. */
function valuesList(rows: number, cols: number): string {
  return Array.from(
    { length: rows },
    (_, r) => `(${Array.from({ length: cols }, (_, c) => `$${r * cols + c + 1}`).join(', ')})`,
  ).join(', ');
}

const REPORT_DIMENSIONS = ['grain', 'bucket', 'category_id', 'priority_id', 'assignee_id', 'division'];

/** reports.repository's upsert of a ticket change's report rows (one per grain and bucket). */
function reportStatsUpsert(rows: number): string {
  const columns = [...REPORT_DIMENSIONS, ...REPORT_MEASURES].map((c) => `"${c}"`).join(', ');
  const sums = REPORT_MEASURES.map((m) => `"${m}" = report_stats."${m}" + excluded."${m}"`).join(', ');
  return `insert into "report_stats" (${columns}) values ${valuesList(rows, REPORT_DIMENSIONS.length + REPORT_MEASURES.length)} on conflict on constraint "report_stats_key" do update set ${sums}`;
}

export const SQL = {
  // Status set and limit (LIMIT + 1) are literals: the server sends lists without search as named
  // prepared statements, and literals let PostgreSQL keep a generic plan.
  queue: `${SUMMARY_SELECT} ${FROM} where "t"."status" in ('OPEN', 'IN_PROGRESS', 'ON_HOLD') order by "t"."created_at" desc, "t"."id" desc limit 26`,
  queuePriority: `${SUMMARY_SELECT} ${FROM} where "t"."status" in ('OPEN', 'IN_PROGRESS', 'ON_HOLD') order by "t"."priority_level" asc, "t"."created_at" desc, "t"."id" desc limit 26`,
  myTickets: `${SUMMARY_SELECT} ${FROM} where "t"."user_id" = $3 order by "t"."created_at" desc, "t"."id" desc limit 26`,
  detailAsStaff: `${SUMMARY_SELECT}${DETAIL_COLUMNS} ${FROM} where "t"."id" = $3`,
  detailAsRequester: `${SUMMARY_SELECT}${DETAIL_COLUMNS} ${FROM} where "t"."user_id" = $3 and "t"."id" = $4`,
  counts: `select count(*) filter (where t.assigned_to is null) as "unassigned", count(*) filter (where t.assigned_to = $1) as "mine", count(*) filter (where t.status = 'OPEN') as "open", count(*) filter (where t.status = 'ON_HOLD') as "on_hold", count(*) filter (where t.sla_deadline <= coalesce(t.on_hold_since, $2)) as "overdue" from "tickets" as "t" where "t"."status" in ($3, $4, $5)`,
  // tickets.service.ts create(): reference data from the process cache (no query), then one
  // transaction (stats time zone, report rows, one statement with number, ticket, clock, history
  // and outbox), then the detail read.
  statsTimeZone: `select "day_time_zone" from "report_stats_meta"`,
  reportStats: reportStatsUpsert(11),
  reportOpen: `insert into "report_open" ("grain", "category_id", "priority_id", "assignee_id", "division", "open") values ${valuesList(6, 6)} on conflict on constraint "report_open_key" do update set "open" = report_open.open + excluded.open`,
  insertTicket: `with "n" as (insert into "ticket_number_counters" ("period", "last_value") values ($1, $2) on conflict ("period") do update set "last_value" = ticket_number_counters.last_value + 1 returning "last_value"), "clock" as (insert into "sla_clock_events" ("ticket_id", "kind", "metric", "at", "data") values ($3, $4, $5, $6, $7)), "history" as (insert into "ticket_events" ("ticket_id", "actor_id", "type", "field", "from_value", "to_value", "created_at") values ($8, $9, $10, $11, $12, $13, $14)), "outbox" as (insert into "outbox_events" ("topic", "ticket_id", "actor_id", "payload", "base_url") values ($15, $16, $17, $18, $19)) insert into "tickets" ("id", "user_id", "category_id", "priority_id", "priority_level", "title", "description", "requester_division", "created_at", "updated_at", "sla_deadline", "sla_at_risk_at", "first_response_due_at", "sla_next_check_at", "ticket_number") values ($20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, (select $34::text || '-' || $35::text || '-' || lpad(n.last_value::text, greatest(5, length(n.last_value::text)), '0') from n)) returning "ticket_number"`,
  // Read once per bench process, as the server's reference cache reads them once per process.
  createReference: `select p.id as priority_id, p.level as priority_level, r.duration_hours, r.first_response_hours, u.division from priorities p left join sla_rules r on r.priority_id = p.id and r.is_active, users u where p.is_active and p.is_default and u.id = $1`,
} as const;

/** tickets.repository.ts toSearchTsQuery: all words, the last a prefix from 3 characters on. */
export function toSearchTsQuery(q: string): string | null {
  const words = (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 8);
  const last = words.length - 1;
  return words.length ? words.map((w, i) => (i === last && w.length >= 3 ? `${w}:*` : w)).join(' & ') : null;
}

/** tickets.repository.ts numberMatch: how a term is matched against ticket numbers. */
export function numberMatch(
  q: string,
): { digits: string | null; sequence: string | null; pattern: string | null } | { pattern: string } | null {
  const term = q.trim();
  if (!/^[\p{L}\p{N}-]+$/u.test(term)) return null;
  const pattern = `%${term}%`;
  const prefix = /^[A-Za-z][A-Za-z0-9]*-/.exec(term)?.[0] ?? '';
  if (/^\d+(?:-\d*)?$/.test(term.slice(prefix.length))) {
    const digits = term.slice(prefix.length).replace(/\D/g, '');
    const sequence = /^\d+$/.test(term) ? term.replace(/^0+/, '') || null : null;
    if (digits.length >= 3 || sequence)
      return { digits: digits.length >= 3 ? digits : null, sequence, pattern: prefix ? pattern : null };
  }
  return /[\p{L}\p{N}]{3}/u.test(term) ? { pattern } : null;
}

const ORDER = `order by "t"."created_at" desc, "t"."id" desc`;

/**
 * Staff search, sort newest (tickets.repository.ts listTickets): the newest LIMIT+1 of each
 * alternative that can match (number digits from the start, or the sequence, through btrees, or a trigram
 * substring; title/description words, first tested on the 1,000 newest tickets for two words or
 * more; comment words, internal notes included), then the first LIMIT+1 of their union. The
 * text depends on the term, as the server's does.
 */
export function searchStatement(term: string, now: Date): { text: string; values: unknown[] } {
  const values: unknown[] = [now, now];
  const $ = (v: unknown) => `$${values.push(v)}`;
  const page = (condition: string) =>
    `(select "t"."id" from "tickets" as "t" where ${condition} ${ORDER} limit ${$(LIMIT + 1)})`;
  const branches: string[] = [];
  const number = numberMatch(term);
  if (number && 'digits' in number) {
    const typed = (c: string) => (number.pattern ? `(${c} and "t"."ticket_number" ilike ${$(number.pattern)})` : c);
    if (number.digits)
      branches.push(
        page(typed(`regexp_replace(t.ticket_number, '^[^-]*-|[^0-9]', '', 'g') like ${$(`${number.digits}%`)}`)),
      );
    if (number.sequence)
      branches.push(page(`ltrim(regexp_replace(t.ticket_number, '^.*-', ''), '0') = ${$(number.sequence)}`));
  } else if (number) branches.push(page(`"t"."ticket_number" ilike ${$(number.pattern)}`));
  const tsquery = toSearchTsQuery(term);
  if (tsquery) {
    const probed = !(number && 'digits' in number) && (term.match(/[\p{L}\p{N}]+/gu)?.length ?? 0) >= 2;
    if (probed) {
      const probe = `(select "t"."id" from (select "t"."id", "t"."created_at", "t"."updated_at", "t"."ticket_number", "t"."search" from "tickets" as "t" ${ORDER} limit ${$(1000)}) as "t" where t.search @@ to_tsquery('simple', ${$(tsquery)}) ${ORDER} limit ${$(LIMIT + 1)})`;
      branches.push(
        `(with probe_${branches.length} as materialized ${probe} select probe_${branches.length}.id from probe_${branches.length} where (select count(*) from probe_${branches.length}) = ${$(LIMIT + 1)} union all select s.id from ${page(`t.search @@ to_tsquery('simple', ${$(tsquery)})`)} as s where (select count(*) from probe_${branches.length}) < ${$(LIMIT + 1)})`,
      );
    } else branches.push(page(`t.search @@ to_tsquery('simple', ${$(tsquery)})`));
    branches.push(
      page(
        `exists (select 1 as "one" from "ticket_comments" as "tc" where "tc"."ticket_id" = "t"."id" and tc.search @@ to_tsquery('simple', ${$(tsquery)}))`,
      ),
    );
  }
  if (!branches.length) branches.push(page('false'));
  return {
    text: `${SUMMARY_SELECT} ${FROM} where t.id in (${branches.join(' union all ')}) ${ORDER} limit ${$(LIMIT + 1)}`,
    values,
  };
}

/** Defaults of a fresh database (contracts DEFAULT_SETTINGS): prefix TKT, Asia/Jakarta, at risk at 80 %. */
const TICKET_PREFIX = 'TKT';
const TIME_ZONE = 'Asia/Jakarta';
const AT_RISK_PERCENT = 80;
const HOUR = 3_600_000;

function ticketPeriod(at: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
  }).formatToParts(at);
  return `${parts.find((p) => p.type === 'year')?.value}${parts.find((p) => p.type === 'month')?.value}`;
}

const CREATE_CATEGORY_TITLES = [
  'Printer tidak bisa print',
  'Laptop lambat sekali',
  'VPN cannot connect',
  'Email sync error',
];

function createBody(ctx: BenchContext, i: number) {
  return {
    title: `${CREATE_CATEGORY_TITLES[i % CREATE_CATEGORY_TITLES.length]} (bench ${i})`,
    description: 'Sudah dicoba restart tetapi masih sama. Please check as soon as possible.',
    categoryId: ctx.categoryId,
  };
}

interface CreateReference {
  priority_id: string;
  priority_level: number;
  duration_hours: number | null;
  first_response_hours: number | null;
  division: string | null;
}
const createReferences = new WeakMap<BenchContext, Promise<CreateReference>>();

const DAY = 24 * HOUR;
/** Asia/Jakarta is UTC+7 all year: the start of its day, in UTC. */
const jakartaDay = (at: Date) => new Date(Math.floor((at.getTime() + 7 * HOUR) / DAY) * DAY - 7 * HOUR);
const utcHour = (at: Date) => new Date(Math.floor(at.getTime() / HOUR) * HOUR);

/** The report rows of one new ticket: created and backlog +1 in each grain's hour or day bucket. */
function newTicketReportRows(at: Date, categoryId: string, priorityId: string, division: string | null) {
  const measures = REPORT_MEASURES.map((m) => (m === 'created' || m === 'backlog_delta' ? 1 : 0));
  const hour = utcHour(at);
  const day = jakartaDay(at);
  // grain, bucket, category, priority, assignee, division (as reports.stats writes them).
  const rows: unknown[][] = [
    [0, hour, categoryId, priorityId, null, division],
    [11, day, null, null, null, null],
    [12, day, null, null, null, null],
    [13, day, categoryId, null, null, null],
    [14, day, null, priorityId, null, null],
    [15, day, null, null, null, division],
    [1, hour, null, null, null, null],
    [2, hour, null, null, null, null],
    [3, hour, categoryId, null, null, null],
    [4, hour, null, priorityId, null, null],
    [5, hour, null, null, null, division],
  ];
  const open = [
    [0, categoryId, priorityId, null, division, 1],
    [1, null, null, null, null, 1],
    [2, null, null, null, null, 1],
    [3, categoryId, null, null, null, 1],
    [4, null, priorityId, null, null, 1],
    [5, null, null, null, division, 1],
  ];
  return { stats: rows.flatMap((r) => [...r, ...measures]), open: open.flat() };
}

/**
 * tickets.service.ts create(), statement by statement, as the requester: the reference data
 * (default priority, its rule, the requester's division) read once, as the server's process
 * cache does; then the same transaction and the detail read.
 */
async function createTicket(pool: pg.Pool, ctx: BenchContext, i: number): Promise<unknown> {
  const body = createBody(ctx, i);
  let reference = createReferences.get(ctx);
  if (!reference) {
    reference = pool.query<CreateReference>(SQL.createReference, [ctx.userId]).then((r) => r.rows[0]!);
    createReferences.set(ctx, reference);
  }
  const ref = await reference;
  const now = new Date();
  const id = crypto.randomUUID();
  const period = ticketPeriod(now);
  const after = (hours: number | null | undefined) => (hours == null ? null : new Date(now.getTime() + hours * HOUR));
  const atRisk = after(ref.duration_hours == null ? null : (ref.duration_hours * AT_RISK_PERCENT) / 100);
  const rows = newTicketReportRows(now, body.categoryId, ref.priority_id, ref.division);
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query(SQL.statsTimeZone);
    await client.query(SQL.reportStats, rows.stats);
    await client.query(SQL.reportOpen, rows.open);
    await client.query(SQL.insertTicket, [
      period,
      1,
      id,
      'started',
      null,
      now,
      JSON.stringify({ reason: 'created', priority: 'Sedang', businessHours: false }),
      id,
      ctx.userId,
      'created',
      null,
      null,
      null,
      now,
      'ticket.created',
      id,
      ctx.userId,
      JSON.stringify({ requesterId: ctx.userId }),
      null,
      id,
      ctx.userId,
      body.categoryId,
      ref.priority_id,
      ref.priority_level,
      body.title,
      body.description,
      ref.division,
      now,
      now,
      after(ref.duration_hours),
      atRisk,
      after(ref.first_response_hours),
      atRisk,
      TICKET_PREFIX,
      period,
    ]);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
  const read = new Date();
  return (await pool.query(SQL.detailAsRequester, [read, read, ctx.userId, id])).rows[0];
}

const queryRows = async (pool: pg.Pool, text: string, values: unknown[]): Promise<unknown[]> =>
  (await pool.query<Record<string, unknown>>(text, values)).rows;
const pick = <T>(list: T[], i: number): T => list[i % list.length]!;

export function buildScenarios(ctx: BenchContext): Scenario[] {
  const now = () => new Date();
  const queueValues = () => [now(), now()];
  const active = ACTIVE.join(',');
  return [
    {
      name: 'queue',
      label: 'staff queue, newest (page 1)',
      as: 'staff',
      targetP99Ms: 50,
      request: () => ({ method: 'GET', path: `/api/tickets?status=${active}&limit=${LIMIT}` }),
      baseline: (pool) => queryRows(pool, SQL.queue, queueValues()),
      statements: [SQL.queue],
      explain: () => [{ label: 'staff queue, newest', text: SQL.queue, values: queueValues() }],
    },
    {
      name: 'queue-priority',
      label: 'staff queue, by priority (page 1)',
      as: 'staff',
      targetP99Ms: 50,
      request: () => ({ method: 'GET', path: `/api/tickets?status=${active}&sort=priority&limit=${LIMIT}` }),
      baseline: (pool) => queryRows(pool, SQL.queuePriority, queueValues()),
      statements: [SQL.queuePriority],
      explain: () => [{ label: 'staff queue, by priority', text: SQL.queuePriority, values: queueValues() }],
    },
    {
      name: 'my-tickets',
      label: 'my tickets, requester (page 1)',
      as: 'user',
      targetP99Ms: 50,
      request: () => ({ method: 'GET', path: `/api/tickets?limit=${LIMIT}` }),
      baseline: (pool) => queryRows(pool, SQL.myTickets, [now(), now(), ctx.userId]),
      statements: [SQL.myTickets],
      explain: () => [{ label: 'my tickets', text: SQL.myTickets, values: [now(), now(), ctx.userId] }],
    },
    {
      name: 'ticket',
      label: `ticket page, staff (${ctx.ticketIds.length} ids)`,
      as: 'staff',
      targetP99Ms: 30,
      request: (i) => ({ method: 'GET', path: `/api/tickets/${pick(ctx.ticketIds, i)}` }),
      baseline: (pool, i) => queryRows(pool, SQL.detailAsStaff, [now(), now(), pick(ctx.ticketIds, i)]),
      statements: [SQL.detailAsStaff],
      explain: () => [
        { label: 'ticket page', text: SQL.detailAsStaff, values: [now(), now(), pick(ctx.ticketIds, 0)] },
      ],
    },
    {
      name: 'search',
      label: `search, staff (${ctx.searchTerms.length} terms)`,
      as: 'staff',
      targetP99Ms: 150,
      request: (i) => ({
        method: 'GET',
        path: `/api/tickets?q=${encodeURIComponent(pick(ctx.searchTerms, i))}&limit=${LIMIT}`,
      }),
      baseline: (pool, i) => {
        const statement = searchStatement(pick(ctx.searchTerms, i), now());
        return queryRows(pool, statement.text, statement.values);
      },
      statements: [...new Set(ctx.searchTerms.map((term) => searchStatement(term, now()).text))],
      explain: () => ctx.searchTerms.map((term) => ({ label: `search "${term}"`, ...searchStatement(term, now()) })),
    },
    {
      name: 'counts',
      label: 'queue tab counts, staff',
      as: 'staff',
      targetP99Ms: null,
      request: () => ({ method: 'GET', path: '/api/tickets/counts' }),
      baseline: (pool) => queryRows(pool, SQL.counts, [ctx.staffId, now(), ...ACTIVE]),
      statements: [SQL.counts],
      explain: () => [{ label: 'counts', text: SQL.counts, values: [ctx.staffId, now(), ...ACTIVE] }],
    },
    {
      name: 'create',
      label: 'create ticket, requester (write)',
      as: 'user',
      targetP99Ms: null,
      request: (i) => ({ method: 'POST', path: '/api/tickets', body: JSON.stringify(createBody(ctx, i)) }),
      baseline: (pool, i) => createTicket(pool, ctx, i),
      statements: [SQL.statsTimeZone, SQL.reportStats, SQL.reportOpen, SQL.insertTicket, SQL.detailAsRequester],
      explain: () => [],
    },
  ];
}
