import type { TicketStatus } from '@bantu/contracts';
import type { DB } from '@/db/database';
import { REPORT_MEASURES, type ReportMeasure } from '@/db/types';
import * as repo from './reports.repository';

/**
 * The report summary table (`report_stats`), kept true in the transaction of every ticket change.
 *
 * A ticket's contribution to the table is a pure function of its row and its history
 * (`contributionOf`): created at its creation, resolved (with the stored SLA decision and the
 * clock minutes) at its current resolution, first response at the first response, closed and
 * rated at its closing, open (+1 / -1 of the backlog) from creation to its current
 * resolution or closing, and one count per resolution given, per rejected resolution and per
 * assignment at the moment of the event (attributed to the assignee at that moment). Dimensions
 * are the ticket's current category, priority, assignee and division at creation.
 *
 * A change applies (contribution after) - (contribution before) to the table, so the
 * incremental table always equals a rebuild from scratch (`rebuildReportStats`), which is the
 * same function summed over every ticket.
 */

export const GRAINS = { full: 0, all: 1, assignee: 2, category: 3, priority: 4, division: 5 } as const;
export type Grain = (typeof GRAINS)[keyof typeof GRAINS];
export type Dimension = 'assignee' | 'category' | 'priority' | 'division';

export interface StatsTicket {
  id: string;
  status: TicketStatus;
  created_at: Date;
  resolved_at: Date | null;
  closed_at: Date | null;
  first_response_at: Date | null;
  category_id: string;
  priority_id: string;
  assigned_to: string | null;
  requester_division: string | null;
  sla_resolution_met: boolean | null;
  sla_first_response_met: boolean | null;
  resolution_minutes: number | null;
  resolution_business: boolean | null;
  first_response_minutes: number | null;
  first_response_business: boolean | null;
  rating: number | null;
}

export interface StatsEvent {
  ticket_id: string;
  type: string;
  from_value: string | null;
  to_value: string | null;
  /** For `assigned` events: the new assignee (data.to). */
  assignee: string | null;
  created_at: Date;
}

interface Dims {
  category: string | null;
  priority: string | null;
  assignee: string | null;
  division: string | null;
}

export type Measures = Partial<Record<ReportMeasure, number>>;
/** Key: grain|bucket ms|category|priority|assignee|division. */
export type Contribution = Map<string, Measures>;

const HOUR = 3_600_000;
const bucketOf = (d: Date) => Math.floor(d.getTime() / HOUR) * HOUR;
const SEP = '|';

function rawKey(at: Date, d: Dims) {
  return [bucketOf(at), d.category ?? '', d.priority ?? '', d.assignee ?? '', d.division ?? ''].join(SEP);
}

function add(c: Contribution, at: Date, d: Dims, m: Measures) {
  const key = rawKey(at, d);
  const row = c.get(key) ?? {};
  for (const [k, v] of Object.entries(m) as [ReportMeasure, number][]) row[k] = (row[k] ?? 0) + v;
  c.set(key, row);
}

/** The ticket's whole contribution, in full-grain keys (rolled up later). */
export function contributionOf(t: StatsTicket, events: readonly StatsEvent[]): Contribution {
  const c: Contribution = new Map();
  const dims: Dims = {
    category: t.category_id,
    priority: t.priority_id,
    assignee: t.assigned_to,
    division: t.requester_division,
  };
  add(c, t.created_at, dims, { created: 1, backlog_delta: 1 });
  const active = t.status === 'OPEN' || t.status === 'IN_PROGRESS' || t.status === 'ON_HOLD';
  const left = active ? null : (t.resolved_at ?? t.closed_at);
  if (left) add(c, left, dims, { backlog_delta: -1 });
  if (t.resolved_at) {
    const m: Measures = { resolved: 1 };
    if (t.sla_resolution_met === true) m.res_met = 1;
    if (t.sla_resolution_met === false) m.res_missed = 1;
    if (t.resolution_minutes !== null) {
      m.res_timed = 1;
      m.res_minutes = t.resolution_minutes;
      if (t.resolution_business) m.res_business = 1;
    }
    add(c, t.resolved_at, dims, m);
  }
  if (t.first_response_at) {
    const m: Measures = {};
    if (t.sla_first_response_met === true) m.fr_met = 1;
    if (t.sla_first_response_met === false) m.fr_missed = 1;
    if (t.first_response_minutes !== null) {
      m.fr_timed = 1;
      m.fr_minutes = t.first_response_minutes;
      if (t.first_response_business) m.fr_business = 1;
    }
    if (Object.keys(m).length) add(c, t.first_response_at, dims, m);
  }
  if (t.closed_at) {
    const m: Measures = { closed: 1 };
    if (t.rating !== null && t.rating >= 1 && t.rating <= 5) {
      m.csat_count = 1;
      m.csat_sum = t.rating;
      m[`csat_${t.rating}` as ReportMeasure] = 1;
    }
    add(c, t.closed_at, dims, m);
  }
  let assignee: string | null = null;
  for (const e of events) {
    if (e.type === 'assigned') {
      assignee = e.assignee;
      if (assignee) add(c, e.created_at, { ...dims, assignee }, { assigned: 1 });
    } else if (e.type === 'status_changed') {
      if (e.to_value === 'RESOLVED') add(c, e.created_at, { ...dims, assignee }, { resolutions: 1 });
      if (e.from_value === 'RESOLVED' && e.to_value === 'IN_PROGRESS')
        add(c, e.created_at, { ...dims, assignee }, { rejections: 1 });
    }
  }
  return c;
}

/** after - before, then every full-grain key rolled up into the five other grains. */
export function rollUp(after: Contribution, before?: Contribution): Contribution {
  const out: Contribution = new Map();
  const put = (key: string, m: Measures, sign: number) => {
    const [bucket, category, priority, assignee, division] = key.split(SEP);
    const keys = [
      [GRAINS.full, bucket, category, priority, assignee, division],
      [GRAINS.all, bucket, '', '', '', ''],
      [GRAINS.assignee, bucket, '', '', assignee, ''],
      [GRAINS.category, bucket, category, '', '', ''],
      [GRAINS.priority, bucket, '', priority, '', ''],
      [GRAINS.division, bucket, '', '', '', division],
    ];
    for (const k of keys) {
      const gk = k.join(SEP);
      const row = out.get(gk) ?? {};
      for (const [name, v] of Object.entries(m) as [ReportMeasure, number][]) row[name] = (row[name] ?? 0) + sign * v;
      out.set(gk, row);
    }
  };
  for (const [k, m] of after) put(k, m, 1);
  if (before) for (const [k, m] of before) put(k, m, -1);
  for (const [k, m] of out) {
    for (const name of Object.keys(m) as ReportMeasure[]) if (Math.abs(m[name]!) < 1e-9) delete m[name];
    if (Object.keys(m).length === 0) out.delete(k);
  }
  return out;
}

/** Grain keys to table rows, sorted by key so concurrent transactions lock rows in one order. */
export function toRows(grained: Contribution): repo.StatsDelta[] {
  return [...grained.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, m]) => {
      const [grain, bucket, category, priority, assignee, division] = key.split(SEP);
      return {
        grain: Number(grain),
        bucket: new Date(Number(bucket)),
        category_id: category || null,
        priority_id: priority || null,
        assignee_id: assignee || null,
        division: division || null,
        ...(Object.fromEntries(REPORT_MEASURES.map((name) => [name, m[name] ?? 0])) as Record<ReportMeasure, number>),
      };
    });
}

async function contributions(db: DB, ids: readonly string[]): Promise<Map<string, Contribution>> {
  const out = new Map<string, Contribution>();
  if (ids.length === 0) return out;
  const [tickets, events] = await Promise.all([repo.statsTickets(db, ids), repo.statsEvents(db, ids)]);
  const byTicket = new Map<string, StatsEvent[]>();
  for (const e of events) {
    const list = byTicket.get(e.ticket_id) ?? [];
    list.push(e);
    byTicket.set(e.ticket_id, list);
  }
  for (const t of tickets) out.set(t.id, contributionOf(t, byTicket.get(t.id) ?? []));
  return out;
}

/**
 * Read the tickets' contributions before a change (inside the change's transaction, after the
 * row lock), then call `apply` after it: the difference goes into report_stats in the same
 * transaction.
 */
export async function snapshotStats(trx: DB, ids: readonly string[]) {
  const before = await contributions(trx, ids);
  return {
    async apply(extraIds: readonly string[] = []) {
      const all = [...new Set([...ids, ...extraIds])];
      const after = await contributions(trx, all);
      const total: Contribution = new Map();
      const merge = (c: Contribution | undefined, sign: number) => {
        for (const [k, m] of c ?? []) {
          const row = total.get(k) ?? {};
          for (const [name, v] of Object.entries(m) as [ReportMeasure, number][])
            row[name] = (row[name] ?? 0) + sign * v;
          total.set(k, row);
        }
      };
      for (const id of all) {
        merge(after.get(id), 1);
        merge(before.get(id), -1);
      }
      await repo.addStats(trx, toRows(rollUp(total)));
    },
  };
}

/**
 * Recomputes report_stats from every ticket and its history, in one transaction that holds the
 * table exclusively (ticket changes wait for it, so none is lost or counted twice).
 */
export async function rebuildReportStats(
  db: DB,
  options: { batchSize?: number; log?: (line: string) => void } = {},
): Promise<{ tickets: number; rows: number }> {
  const batchSize = options.batchSize ?? 2000;
  return db.transaction().execute(async (trx) => {
    await repo.lockAndClearStats(trx);
    let after: string | undefined;
    let tickets = 0;
    for (;;) {
      const ids = await repo.ticketIdsAfter(trx, after, batchSize);
      if (ids.length === 0) break;
      const batch = await contributions(trx, ids);
      const total: Contribution = new Map();
      for (const c of batch.values()) {
        for (const [k, m] of c) {
          const row = total.get(k) ?? {};
          for (const [name, v] of Object.entries(m) as [ReportMeasure, number][]) row[name] = (row[name] ?? 0) + v;
          total.set(k, row);
        }
      }
      await repo.addStats(trx, toRows(rollUp(total)));
      tickets += ids.length;
      after = ids[ids.length - 1];
      if (tickets % 50_000 < batchSize) options.log?.(`${tickets} tickets`);
    }
    return { tickets, rows: await repo.countStatsRows(trx) };
  });
}
