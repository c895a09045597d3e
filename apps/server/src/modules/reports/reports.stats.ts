import type { Transaction } from 'kysely';
import type { TicketStatus } from '@bantu/contracts';
import type { DB } from '@/db/database';
import { REPORT_MEASURES, type ReportMeasure, type Database } from '@/db/types';
import { zonedTime } from '@/modules/sla/business-calendar';
import { HISTOGRAM_COLUMNS, binOf, histogramColumn, type HistogramColumn } from './reports.histogram';
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
 * The same contribution also counts the clock minutes of the resolution and of the first
 * response in their histogram bin (`res_h<k>`, `fr_h<k>`, reports.histogram.ts); those go to
 * `report_histograms`, for the day grains only.
 *
 * A change applies (contribution after) - (contribution before) to the table, so the
 * incremental table always equals a rebuild from scratch (`rebuildReportStats`), the same
 * contributions summed over every ticket in SQL.
 */

/** Hourly (UTC hour) grains; the coarse ones also exist per day of the organisation (DAY_GRAIN + grain). */
export const GRAINS = { full: 0, all: 1, assignee: 2, category: 3, priority: 4, division: 5 } as const;
export type Grain = (typeof GRAINS)[keyof typeof GRAINS];
/** Grain g (1-5) summed per day of the organisation time zone is grain DAY_GRAIN + g (11-15). */
export const DAY_GRAIN = 10;

const dayFormatters = new Map<string, Intl.DateTimeFormat>();
/** Start (ms) of the day in `tz` that holds the instant `ms`. */
export function dayStartOf(ms: number, tz: string): number {
  let f = dayFormatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormatters.set(tz, f);
  }
  const [y, m, d] = f.format(new Date(ms)).split('-').map(Number) as [number, number, number];
  return zonedTime(y, m, d, 0, tz);
}
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

export type Measures = Partial<Record<ReportMeasure | HistogramColumn, number>>;
type AnyMeasure = ReportMeasure | HistogramColumn;
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
  for (const [k, v] of Object.entries(m) as [AnyMeasure, number][]) row[k] = (row[k] ?? 0) + v;
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
      m[histogramColumn('res', binOf(t.resolution_minutes))] = 1;
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
      m[histogramColumn('fr', binOf(t.first_response_minutes))] = 1;
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

/**
 * after - before, then every full-grain key rolled up into the five coarse grains, per hour and
 * per day of the organisation time zone `tz`.
 */
export function rollUp(after: Contribution, before: Contribution | undefined, tz: string): Contribution {
  const out: Contribution = new Map();
  const days = new Map<string, number>();
  const put = (key: string, m: Measures, sign: number) => {
    const [bucket, category, priority, assignee, division] = key.split(SEP) as [string, string, string, string, string];
    let day = days.get(bucket);
    if (day === undefined) {
      day = dayStartOf(Number(bucket), tz);
      days.set(bucket, day);
    }
    const coarse = (b: string | number, offset: number) => [
      [GRAINS.all + offset, b, '', '', '', ''],
      [GRAINS.assignee + offset, b, '', '', assignee, ''],
      [GRAINS.category + offset, b, category, '', '', ''],
      [GRAINS.priority + offset, b, '', priority, '', ''],
      [GRAINS.division + offset, b, '', '', '', division],
    ];
    const keys = [
      [GRAINS.full, bucket, category, priority, assignee, division],
      ...coarse(bucket, 0),
      ...coarse(day, DAY_GRAIN),
    ];
    for (const k of keys) {
      const gk = k.join(SEP);
      const row = out.get(gk) ?? {};
      for (const [name, v] of Object.entries(m) as [AnyMeasure, number][]) row[name] = (row[name] ?? 0) + sign * v;
      out.set(gk, row);
    }
  };
  for (const [k, m] of after) put(k, m, 1);
  if (before) for (const [k, m] of before) put(k, m, -1);
  for (const [k, m] of out) {
    for (const name of Object.keys(m) as AnyMeasure[]) if (Math.abs(m[name]!) < 1e-9) delete m[name];
    if (Object.keys(m).length === 0) out.delete(k);
  }
  return out;
}

const keyColumns = (key: string) => {
  const [grain, bucket, category, priority, assignee, division] = key.split(SEP);
  return {
    grain: Number(grain),
    bucket: new Date(Number(bucket)),
    category_id: category || null,
    priority_id: priority || null,
    assignee_id: assignee || null,
    division: division || null,
  };
};
const sortedEntries = (grained: Contribution) =>
  [...grained.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** Grain keys to report_stats rows, sorted by key so concurrent transactions lock rows in one order. */
export function toRows(grained: Contribution): repo.StatsDelta[] {
  return sortedEntries(grained)
    .filter(([, m]) => REPORT_MEASURES.some((name) => m[name] !== undefined))
    .map(([key, m]) => ({
      ...keyColumns(key),
      ...(Object.fromEntries(REPORT_MEASURES.map((name) => [name, m[name] ?? 0])) as Record<ReportMeasure, number>),
    }));
}

/** The day-grain keys with histogram counts to report_histograms rows, sorted by key. */
export function toHistogramRows(grained: Contribution): repo.HistogramDelta[] {
  return sortedEntries(grained)
    .filter(([key, m]) => Number(key.split(SEP)[0]) > DAY_GRAIN && HISTOGRAM_COLUMNS.some((c) => m[c] !== undefined))
    .map(([key, m]) => ({
      ...keyColumns(key),
      ...(Object.fromEntries(HISTOGRAM_COLUMNS.map((c) => [c, m[c] ?? 0])) as Record<HistogramColumn, number>),
    }));
}

/** The ticket's dimensions if it is open now (it counts in report_open), else null. */
export function openDimsOf(t: StatsTicket): Dims | null {
  const active = t.status === 'OPEN' || t.status === 'IN_PROGRESS' || t.status === 'ON_HOLD';
  return active
    ? { category: t.category_id, priority: t.priority_id, assignee: t.assigned_to, division: t.requester_division }
    : null;
}

/** after - before of open tickets, rolled up into report_open's grains 0-5, sorted by key (lock order). */
export function openRows(after: Iterable<Dims | null>, before: Iterable<Dims | null>): repo.OpenDelta[] {
  const out = new Map<string, number>();
  const put = (d: Dims | null, sign: number) => {
    if (!d) return;
    const keys = [
      [GRAINS.full, d.category, d.priority, d.assignee, d.division],
      [GRAINS.all, '', '', '', ''],
      [GRAINS.assignee, '', '', d.assignee, ''],
      [GRAINS.category, d.category, '', '', ''],
      [GRAINS.priority, '', d.priority, '', ''],
      [GRAINS.division, '', '', '', d.division],
    ];
    for (const k of keys) {
      const key = k.map((v) => v ?? '').join(SEP);
      out.set(key, (out.get(key) ?? 0) + sign);
    }
  };
  for (const d of after) put(d, 1);
  for (const d of before) put(d, -1);
  return [...out.entries()]
    .filter(([, n]) => n !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, open]) => {
      const [grain, category, priority, assignee, division] = key.split(SEP);
      return {
        grain: Number(grain),
        category_id: category || null,
        priority_id: priority || null,
        assignee_id: assignee || null,
        division: division || null,
        open,
      };
    });
}

interface Snapshot {
  contributions: Map<string, Contribution>;
  /** Per ticket: its dimensions when open now, else null. */
  open: Map<string, Dims | null>;
}

async function contributions(db: DB, ids: readonly string[]): Promise<Snapshot> {
  const out: Snapshot = { contributions: new Map(), open: new Map() };
  if (ids.length === 0) return out;
  const [tickets, events] = await Promise.all([repo.statsTickets(db, ids), repo.statsEvents(db, ids)]);
  const byTicket = new Map<string, StatsEvent[]>();
  for (const e of events) {
    const list = byTicket.get(e.ticket_id) ?? [];
    list.push(e);
    byTicket.set(e.ticket_id, list);
  }
  for (const t of tickets) {
    out.contributions.set(t.id, contributionOf(t, byTicket.get(t.id) ?? []));
    out.open.set(t.id, openDimsOf(t));
  }
  return out;
}

/**
 * Read the tickets' contributions before a change (inside the change's transaction, after the
 * row lock), then call `apply` after it: the difference goes into report_stats,
 * report_histograms and report_open in the same transaction (in that order, each in key order,
 * so concurrent changes lock rows in one order).
 */
export async function snapshotStats(trx: Transaction<Database>, ids: readonly string[]) {
  const [before, tz] = await Promise.all([contributions(trx, ids), repo.statsTimeZone(trx)]);
  return {
    /**
     * `known`: tickets created in this transaction whose row the caller holds (no history
     * yet): their contribution is computed from it instead of read, so the call may come
     * before their insert (a create writes its hot rows last, just before commit).
     */
    async apply(extraIds: readonly string[] = [], known: readonly StatsTicket[] = []) {
      const all = [...new Set([...ids, ...extraIds, ...known.map((t) => t.id)])];
      const after = await contributions(
        trx,
        all.filter((id) => !known.some((t) => t.id === id)),
      );
      for (const t of known) {
        after.contributions.set(t.id, contributionOf(t, []));
        after.open.set(t.id, openDimsOf(t));
      }
      const total: Contribution = new Map();
      const merge = (c: Contribution | undefined, sign: number) => {
        for (const [k, m] of c ?? []) {
          const row = total.get(k) ?? {};
          for (const [name, v] of Object.entries(m) as [AnyMeasure, number][]) row[name] = (row[name] ?? 0) + sign * v;
          total.set(k, row);
        }
      };
      for (const id of all) {
        merge(after.contributions.get(id), 1);
        merge(before.contributions.get(id), -1);
      }
      const grained = rollUp(total, undefined, tz);
      await repo.addStats(trx, toRows(grained));
      await repo.addHistograms(trx, toHistogramRows(grained));
      await repo.addOpen(
        trx,
        openRows(
          all.map((id) => after.open.get(id) ?? null),
          all.map((id) => before.open.get(id) ?? null),
        ),
      );
    },
  };
}

/**
 * Recomputes report_stats from every ticket and its history in one set-based statement (the
 * same contributions as `contributionOf`, written in SQL; the integration test checks that the
 * incremental table equals this rebuild), in one transaction that holds the table exclusively
 * (ticket changes wait for it, so none is lost or counted twice).
 */
export async function rebuildReportStats(db: DB): Promise<{ tickets: number; rows: number }> {
  return db.transaction().execute((trx) => rebuildReportStatsIn(trx));
}

/** The rebuild inside a transaction the caller holds (the demo seed writes tickets as rows, not through the services). */
export async function rebuildReportStatsIn(trx: Transaction<Database>): Promise<{ tickets: number; rows: number }> {
  await repo.lockAndClearStats(trx);
  // The day grains follow the organisation time zone of the settings from now on.
  const tz = await repo.organisationTimeZone(trx);
  await repo.setStatsTimeZone(trx, tz);
  await repo.rebuildStats(trx, tz);
  await repo.rebuildHistograms(trx, tz);
  await repo.rebuildOpen(trx);
  await repo.analyzeStats(trx);
  return { tickets: await repo.countTickets(trx), rows: await repo.countStatsRows(trx) };
}

/**
 * After the organisation time zone changed, rebuilds the summary so that its day grains sum the
 * new zone's days (until then reports read hourly rows: right, only slower). Run by the worker.
 */
export async function rebuildIfTimeZoneChanged(db: DB): Promise<{ rebuilt: boolean; timeZone: string }> {
  const [org, days] = await Promise.all([repo.organisationTimeZone(db), repo.statsTimeZone(db)]);
  if (org === days) return { rebuilt: false, timeZone: days };
  await rebuildReportStats(db);
  return { rebuilt: true, timeZone: org };
}
