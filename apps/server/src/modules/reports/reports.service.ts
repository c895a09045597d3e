import type {
  ComplianceFigure,
  ReportCalendarResponse,
  DurationFigure,
  ReportFigures,
  ReportGroupResponse,
  ReportGroupRow,
  ReportPeriod,
  ReportQueryParsed,
  ReportStaffResponse,
  ReportSummaryResponse,
  ReportTrendBucket,
  ReportTrendsResponse,
} from '@bantu/contracts';
import type { DB } from '@/db/database';
import { REPORT_MEASURES } from '@/db/types';
import type { Clock } from '@/infra/infra.plugin';
import { fieldError } from '@/lib/errors';
import { zonedTime } from '@/modules/sla/business-calendar';
import type { SettingsService } from '@/modules/settings/settings.service';
import { histogramMedian } from './reports.histogram';
import * as repo from './reports.repository';
import { DAY_GRAIN, GRAINS, dayStartOf, type Grain } from './reports.stats';

const HOUR = 3_600_000;
const MAX_DAYS = 3 * 366 + 1;

export interface ResolvedPeriod {
  from: Date;
  to: Date;
  tz: string;
  /** Calendar days (YYYY-MM-DD) when both bounds were dates. */
  days?: { from: string; to: string };
}

const ymd = (s: string) => s.split('-').map(Number) as [number, number, number];
const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);
function addDays(date: string, n: number): string {
  const [y, m, d] = ymd(date);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}
const dayStart = (date: string, tz: string) => {
  const [y, m, d] = ymd(date);
  return new Date(zonedTime(y, m, d, 0, tz));
};
/** The calendar date in `tz` at an instant. */
function dateIn(at: Date, tz: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    at,
  );
}

/** Turns the query's bounds into the period [from, to) and the previous period of equal length. */
export function resolvePeriods(
  q: Pick<ReportQueryParsed, 'from' | 'to'>,
  tz: string,
): { current: ResolvedPeriod; previous: ResolvedPeriod } {
  const bound = (value: string, field: 'from' | 'to') => {
    if (isDate(value)) return dayStart(field === 'to' ? addDays(value, 1) : value, tz);
    const at = new Date(value);
    if (at.getTime() % HOUR !== 0)
      throw fieldError(field, 'Reports count whole hours: give an instant on a whole hour');
    return at;
  };
  const from = bound(q.from, 'from');
  const to = bound(q.to, 'to');
  if (from.getTime() % HOUR !== 0 || to.getTime() % HOUR !== 0) {
    throw fieldError('tz', 'Reports count whole hours; the days of this time zone do not start on a whole UTC hour');
  }
  if (to.getTime() <= from.getTime()) throw fieldError('to', 'The period must end after it starts');
  if (to.getTime() - from.getTime() > MAX_DAYS * 24 * HOUR) throw fieldError('to', 'A report covers at most 3 years');
  if (isDate(q.from) && isDate(q.to)) {
    const lastDay = q.to;
    const days = Math.round((Date.UTC(...toUtcArgs(lastDay)) - Date.UTC(...toUtcArgs(q.from))) / 86_400_000) + 1;
    const prevFrom = addDays(q.from, -days);
    return {
      current: { from, to, tz, days: { from: q.from, to: lastDay } },
      previous: { from: dayStart(prevFrom, tz), to: from, tz, days: { from: prevFrom, to: addDays(q.from, -1) } },
    };
  }
  const length = to.getTime() - from.getTime();
  return { current: { from, to, tz }, previous: { from: new Date(from.getTime() - length), to: from, tz } };
}
function toUtcArgs(date: string): [number, number, number] {
  const [y, m, d] = ymd(date);
  return [y, m - 1, d];
}

function filtersOf(q: ReportQueryParsed): repo.StatsFilters {
  return {
    categoryId: q.categoryId,
    priorityId: q.priorityId,
    assigneeId: q.assigneeId === undefined ? undefined : q.assigneeId === 'none' ? null : q.assigneeId,
    division: q.division === undefined ? undefined : q.division === '-' ? null : q.division,
  };
}

/** The narrowest grain of report_stats that holds every dimension the query filters or groups by. */
export function grainFor(filters: repo.StatsFilters, groupBy?: repo.GroupBy): Grain {
  const dims = new Set<repo.GroupBy>();
  if (filters.assigneeId !== undefined) dims.add('assignee');
  if (filters.categoryId !== undefined) dims.add('category');
  if (filters.priorityId !== undefined) dims.add('priority');
  if (filters.division !== undefined) dims.add('division');
  if (groupBy) dims.add(groupBy);
  if (dims.size === 0) return GRAINS.all;
  if (dims.size > 1) return GRAINS.full;
  return GRAINS[[...dims][0]!];
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
const percent = (part: number, whole: number) => (whole > 0 ? round((part / whole) * 100, 1) : null);
const zero = Object.fromEntries(REPORT_MEASURES.map((m) => [m, 0])) as repo.MeasureSums;

function duration(count: number, minutes: number, business: number, median: number | null): DurationFigure {
  return {
    count,
    averageMinutes: count > 0 ? round(minutes / count, 1) : null,
    medianMinutes: count > 0 && median !== null ? round(median, 1) : null,
    unit: business === count ? 'business_minutes' : business === 0 ? 'minutes' : 'mixed',
    businessHoursCount: business,
  };
}
const compliance = (met: number, missed: number): ComplianceFigure => ({
  met,
  missed,
  percent: percent(met, met + missed),
});

export function figuresOf(
  s: repo.MeasureSums,
  backlog: number,
  median: { resolution: number | null; firstResponse: number | null },
): ReportFigures {
  return {
    created: s.created,
    resolved: s.resolved,
    closed: s.closed,
    backlog,
    resolutionSla: compliance(s.res_met, s.res_missed),
    firstResponseSla: compliance(s.fr_met, s.fr_missed),
    resolutionTime: duration(s.res_timed, s.res_minutes, s.res_business, median.resolution),
    firstResponseTime: duration(s.fr_timed, s.fr_minutes, s.fr_business, median.firstResponse),
    reopen: { rejections: s.rejections, resolutions: s.resolutions, rate: percent(s.rejections, s.resolutions) },
    csat: {
      count: s.csat_count,
      average: s.csat_count > 0 ? round(s.csat_sum / s.csat_count, 2) : null,
      distribution: { 1: s.csat_1, 2: s.csat_2, 3: s.csat_3, 4: s.csat_4, 5: s.csat_5 },
    },
  };
}

const periodOut = (p: ResolvedPeriod): ReportPeriod => ({
  from: p.from.toISOString(),
  to: p.to.toISOString(),
  tz: p.tz,
});

/** Trend bucket labels and their [start, end) from the period start, clipped to the period. */
function trendBuckets(p: ResolvedPeriod, granularity: 'day' | 'week' | 'month') {
  const out: { label: string; start: Date; end: Date }[] = [];
  let date = dateIn(p.from, p.tz);
  // Align to the bucket's first day.
  if (granularity === 'month') date = `${date.slice(0, 8)}01`;
  if (granularity === 'week') {
    const [y, m, d] = ymd(date);
    const dow = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7; // Monday = 0
    date = addDays(date, -dow);
  }
  for (let i = 0; i < 2000; i++) {
    const next =
      granularity === 'day'
        ? addDays(date, 1)
        : granularity === 'week'
          ? addDays(date, 7)
          : (() => {
              const [y, m] = ymd(date);
              return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
            })();
    const start = dayStart(date, p.tz);
    const end = dayStart(next, p.tz);
    if (start.getTime() >= p.to.getTime()) break;
    out.push({
      label: granularity === 'month' ? date.slice(0, 7) : date,
      start: new Date(Math.max(start.getTime(), p.from.getTime())),
      end: new Date(Math.min(end.getTime(), p.to.getTime())),
    });
    date = next;
  }
  return out;
}

const FAR_FUTURE = new Date('9999-01-01T00:00:00Z');
const MEASURE_KEYS = REPORT_MEASURES;

/** Adds rows of several ranges that share group and bucket label. */
function mergeRows(parts: repo.SumRow[][]): repo.SumRow[] {
  const out = new Map<string, repo.SumRow>();
  for (const rows of parts) {
    for (const r of rows) {
      const key = `${r.group ?? ''}|${r.bucket_label ?? ''}`;
      const acc = out.get(key);
      if (!acc) out.set(key, { ...r });
      else for (const m of MEASURE_KEYS) acc[m] += r[m];
    }
  }
  return [...out.values()];
}

export interface ReportsServiceOptions {
  /**
   * Periods with at most this many resolutions (or first responses) get exact medians from the
   * tickets (a range scan of the covering index); larger ones of whole days read the per-day
   * histograms (docs/reports.md, "Medians").
   */
  exactMedianLimit?: number;
  /** The settings, read on the read database (the organisation's time zone). */
  settings: SettingsService;
}
export const EXACT_MEDIAN_LIMIT = 5000;

type MedianMaps = { resolution: Map<string | null, number | null>; firstResponse: Map<string | null, number | null> };

export function reportsService(readDb: DB, clock: Clock, options: ReportsServiceOptions) {
  const { settings } = options;
  const exactMedianLimit = options.exactMedianLimit ?? EXACT_MEDIAN_LIMIT;

  async function orgTimeZone() {
    return (await settings.get()).timezone;
  }
  /**
   * The zone whose days the summary's day grains sum: the organisation's, except between a change
   * of the setting and the rebuild that follows it (then every zone reads hourly rows).
   */
  const dayTimeZone = () => repo.statsTimeZone(readDb);

  /**
   * Sums over [from, to): whole days of the organisation time zone from the day grains, the
   * hours at either edge (or everything, for another time zone or the full grain) from the
   * hourly grains.
   */
  async function sumRange(
    q: Omit<Parameters<typeof repo.sumStats>[1], 'grain'> & { grain: Grain },
    orgTz: string,
    tz: string,
  ): Promise<repo.SumRow[]> {
    if (q.grain === GRAINS.full || tz !== orgTz) return repo.sumStats(readDb, q);
    const from = q.from.getTime();
    const to = q.to.getTime();
    const nextDay = (ms: number) => dayStartOf(dayStartOf(ms, orgTz) + 30 * HOUR, orgTz);
    const d1 = dayStartOf(from, orgTz) === from ? from : nextDay(from);
    const d2 = to >= FAR_FUTURE.getTime() ? to : dayStartOf(to, orgTz);
    if (d1 >= d2) return repo.sumStats(readDb, q);
    const parts: Promise<repo.SumRow[]>[] = [
      repo.sumStats(readDb, { ...q, grain: DAY_GRAIN + q.grain, from: new Date(d1), to: new Date(d2) }),
    ];
    if (from < d1) parts.push(repo.sumStats(readDb, { ...q, from: q.from, to: new Date(d1) }));
    if (d2 < to) parts.push(repo.sumStats(readDb, { ...q, from: new Date(d2), to: q.to }));
    return mergeRows(await Promise.all(parts));
  }

  /** Open tickets at `at`: open now minus Σ backlog_delta since `at` (rows from `at` to now only). */
  async function backlogAt(
    q: { grain: Grain; at: Date; filters: repo.StatsFilters; groupBy?: repo.GroupBy },
    orgTz: string,
    tz: string,
  ): Promise<Map<string | null, number>> {
    const [open, since] = await Promise.all([
      repo.openNow(readDb, q),
      sumRange({ grain: q.grain, from: q.at, to: FAR_FUTURE, filters: q.filters, groupBy: q.groupBy }, orgTz, tz),
    ]);
    const out = new Map(open);
    for (const r of since) out.set(r.group, (out.get(r.group) ?? 0) - r.backlog_delta);
    for (const [k, v] of out) if (v === 0) out.delete(k);
    return out;
  }

  /**
   * Medians of the period, optionally per group. Exact from the tickets for small periods;
   * merged per-day histograms when the period is whole days of the organisation, holds more
   * than `exactMedianLimit` values of the metric, and filters or groups by one dimension at most.
   */
  async function mediansOf(
    p: ResolvedPeriod,
    filters: repo.StatsFilters,
    orgTz: string,
    groupBy?: repo.GroupBy,
    wanted: { firstResponse: boolean } = { firstResponse: true },
  ): Promise<MedianMaps> {
    const grain = grainFor(filters, groupBy);
    const from = p.from.getTime();
    const to = p.to.getTime();
    const wholeDays =
      grain !== GRAINS.full && p.tz === orgTz && dayStartOf(from, orgTz) === from && dayStartOf(to, orgTz) === to;
    let large = { resolution: false, firstResponse: false };
    if (wholeDays) {
      const [all] = await repo.sumStats(readDb, { grain: DAY_GRAIN + GRAINS.all, from: p.from, to: p.to, filters: {} });
      large = {
        resolution: (all?.res_timed ?? 0) > exactMedianLimit,
        firstResponse: wanted.firstResponse && (all?.fr_timed ?? 0) > exactMedianLimit,
      };
    }
    // Both metrics read from the histograms are summed in one scan of the day rows.
    const fromHistograms = (['res', 'fr'] as const).filter((m) =>
      m === 'res' ? large.resolution : large.firstResponse,
    );
    const histograms = fromHistograms.length
      ? repo.sumHistograms(readDb, {
          grain: DAY_GRAIN + grain,
          metrics: fromHistograms,
          from: p.from,
          to: p.to,
          filters,
          groupBy,
        })
      : undefined;
    const one = async (metric: 'resolution' | 'first_response', fromHistogram: boolean) => {
      if (!fromHistogram) return repo.medians(readDb, { metric, from: p.from, to: p.to, filters, groupBy });
      const key = metric === 'resolution' ? 'res' : 'fr';
      const counts = await histograms!;
      return new Map([...counts].map(([k, c]) => [k, histogramMedian(c[key]!)]));
    };
    const [resolution, firstResponse] = await Promise.all([
      one('resolution', large.resolution),
      wanted.firstResponse ? one('first_response', large.firstResponse) : new Map<string | null, number | null>(),
    ]);
    return { resolution, firstResponse };
  }

  async function periodFigures(p: ResolvedPeriod, filters: repo.StatsFilters, orgTz: string): Promise<ReportFigures> {
    const grain = grainFor(filters);
    const [sums, backlog, med] = await Promise.all([
      sumRange({ grain, from: p.from, to: p.to, filters }, orgTz, p.tz),
      backlogAt({ grain, at: p.to, filters }, orgTz, p.tz),
      mediansOf(p, filters, orgTz),
    ]);
    return figuresOf(sums[0] ?? zero, backlog.get(null) ?? 0, {
      resolution: med.resolution.get(null) ?? null,
      firstResponse: med.firstResponse.get(null) ?? null,
    });
  }

  /**
   * The figures per group. `firstResponseMedian: false` leaves the first-response median out (the
   * staff table does not show it: at 1,000,000 tickets the 365-day histogram sum of one metric
   * took 31-41 ms alone against 39-47 ms for both, docs/performance.md).
   */
  async function grouped(q: ReportQueryParsed, groupBy: repo.GroupBy, firstResponseMedian = true) {
    const [orgTz, dayTz] = await Promise.all([orgTimeZone(), dayTimeZone()]);
    const { current } = resolvePeriods(q, q.tz ?? orgTz);
    const filters = filtersOf(q);
    const grain = grainFor(filters, groupBy);
    const [sums, backlog, med] = await Promise.all([
      sumRange({ grain, from: current.from, to: current.to, filters, groupBy }, dayTz, current.tz),
      backlogAt({ grain, at: current.to, filters, groupBy }, dayTz, current.tz),
      mediansOf(current, filters, dayTz, groupBy, { firstResponse: firstResponseMedian }),
    ]);
    const byGroup = new Map(sums.map((s) => [s.group, s]));
    const figures = (key: string | null) =>
      figuresOf(byGroup.get(key) ?? zero, backlog.get(key) ?? 0, {
        resolution: med.resolution.get(key) ?? null,
        firstResponse: med.firstResponse.get(key) ?? null,
      });
    const hasFigures = (key: string | null) => byGroup.has(key) || (backlog.get(key) ?? 0) !== 0;
    const sumsOf = (key: string | null) => byGroup.get(key) ?? zero;
    return { current, figures, sumsOf, hasFigures, keys: new Set([...byGroup.keys(), ...backlog.keys()]) };
  }

  const generatedAt = () => clock.now().toISOString();

  return {
    /** The organisation's time zone and today's date there (the dashboard's presets follow it). */
    async calendar(): Promise<ReportCalendarResponse> {
      const timezone = await orgTimeZone();
      return { timezone, today: dateIn(clock.now(), timezone) };
    },

    async summary(q: ReportQueryParsed): Promise<ReportSummaryResponse> {
      const [config, dayTz] = await Promise.all([settings.get(), dayTimeZone()]);
      const { current, previous } = resolvePeriods(q, q.tz ?? config.timezone);
      const filters = filtersOf(q);
      const [cur, prev] = await Promise.all([
        periodFigures(current, filters, dayTz),
        periodFigures(previous, filters, dayTz),
      ]);
      return {
        period: periodOut(current),
        previousPeriod: periodOut(previous),
        current: cur,
        previous: prev,
        slaThreshold: config.slaComplianceThreshold,
        generatedAt: generatedAt(),
      };
    },

    async trends(q: ReportQueryParsed): Promise<ReportTrendsResponse> {
      const [config, dayTz] = await Promise.all([settings.get(), dayTimeZone()]);
      const tz = q.tz ?? config.timezone;
      const { current } = resolvePeriods(q, tz);
      const filters = filtersOf(q);
      const grain = grainFor(filters);
      const [rows, base] = await Promise.all([
        sumRange(
          { grain, from: current.from, to: current.to, filters, trend: { granularity: q.granularity, tz } },
          dayTz,
          tz,
        ),
        backlogAt({ grain, at: current.from, filters }, dayTz, tz),
      ]);
      const byLabel = new Map(rows.map((r) => [r.bucket_label, r]));
      let backlog = base.get(null) ?? 0;
      const buckets: ReportTrendBucket[] = trendBuckets(current, q.granularity).map((b) => {
        const s = byLabel.get(b.label) ?? zero;
        backlog += s.backlog_delta;
        return {
          ...figuresOf(s, backlog, { resolution: null, firstResponse: null }),
          label: b.label,
          start: b.start.toISOString(),
          end: b.end.toISOString(),
        };
      });
      return {
        period: periodOut(current),
        granularity: q.granularity,
        slaThreshold: config.slaComplianceThreshold,
        buckets,
        generatedAt: generatedAt(),
      };
    },

    async staff(q: ReportQueryParsed): Promise<ReportStaffResponse> {
      const g = await grouped(q, 'assignee', false);
      const ids = [...g.keys].filter((k): k is string => k !== null);
      const people = await repo.staffNames(readDb, ids);
      const items = people
        .filter((p) => (p.role === 'it_staff' && p.status) || g.hasFigures(p.id))
        .filter((p) => q.assigneeId === undefined || q.assigneeId === p.id)
        .map((p): { staff: { id: string; name: string } | null; key: string | null } => ({
          staff: { id: p.id, name: p.name },
          key: p.id,
        }));
      if (g.hasFigures(null) && (q.assigneeId === undefined || q.assigneeId === 'none'))
        items.push({ staff: null, key: null });
      return {
        period: periodOut(g.current),
        items: items.map(({ staff, key }) => {
          const f = g.figures(key);
          return {
            staff,
            assigned: g.sumsOf(key).assigned,
            resolved: f.resolved,
            openLoad: f.backlog,
            resolutionTime: f.resolutionTime,
            resolutionSla: f.resolutionSla,
            firstResponseSla: f.firstResponseSla,
            csat: f.csat,
          };
        }),
        generatedAt: generatedAt(),
      };
    },

    async categories(q: ReportQueryParsed): Promise<ReportGroupResponse> {
      // The names do not depend on the figures: read them alongside.
      const [g, names] = await Promise.all([grouped(q, 'category'), repo.categoryNames(readDb)]);
      const items: ReportGroupRow[] = names
        .filter((c) => c.is_active || g.hasFigures(c.id))
        .filter((c) => q.categoryId === undefined || q.categoryId === c.id)
        .map((c) => ({ ...g.figures(c.id), key: c.id, name: c.name, level: null }));
      return { period: periodOut(g.current), items, generatedAt: generatedAt() };
    },

    async priorities(q: ReportQueryParsed): Promise<ReportGroupResponse> {
      const [g, names] = await Promise.all([grouped(q, 'priority'), repo.priorityNames(readDb)]);
      const items: ReportGroupRow[] = names
        .filter((p) => p.is_active || g.hasFigures(p.id))
        .filter((p) => q.priorityId === undefined || q.priorityId === p.id)
        .map((p) => ({ ...g.figures(p.id), key: p.id, name: p.name, level: p.level }));
      return { period: periodOut(g.current), items, generatedAt: generatedAt() };
    },

    async divisions(q: ReportQueryParsed): Promise<ReportGroupResponse> {
      const [g, known] = await Promise.all([grouped(q, 'division'), repo.userDivisions(readDb)]);
      const keys = new Set<string | null>([...known, ...g.keys]);
      const wanted = q.division === undefined ? undefined : q.division === '-' ? null : q.division;
      const items: ReportGroupRow[] = [...keys]
        .filter((k) => wanted === undefined || k === wanted)
        .filter((k) => k !== null || g.hasFigures(null))
        .sort((a, b) => (a ?? '\uffff').localeCompare(b ?? '\uffff'))
        .map((k) => ({ ...g.figures(k), key: k ?? '-', name: k ?? '-', level: null }));
      return { period: periodOut(g.current), items, generatedAt: generatedAt() };
    },

    async csat(q: ReportQueryParsed) {
      const [orgTz, dayTz] = await Promise.all([orgTimeZone(), dayTimeZone()]);
      const { current } = resolvePeriods(q, q.tz ?? orgTz);
      const f = await periodFigures(current, filtersOf(q), dayTz);
      return { period: periodOut(current), csat: f.csat, generatedAt: generatedAt() };
    },
  };
}

export type ReportsService = ReturnType<typeof reportsService>;
