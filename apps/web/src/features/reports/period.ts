import type { ReportGranularity } from '@bantu/contracts';

/** The dashboard's period choices; every one but `custom` follows today in the report time zone. */
export const RANGE_PRESETS = ['today', 'thisWeek', 'thisMonth', 'last30Days', 'thisQuarter', 'custom'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

/** Calendar days YYYY-MM-DD in the report time zone, both inclusive (as the reports API reads them). */
export interface DateRange {
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isRangePreset(value: string | null): value is RangePreset {
  return (RANGE_PRESETS as readonly (string | null)[]).includes(value);
}

export function isIsoDate(value: string | null): value is string {
  if (value === null || !DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** Today's date in a time zone, e.g. 2026-12-03 in Asia/Jakarta while it is still the 2nd in UTC. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Plain calendar arithmetic on YYYY-MM-DD (no time zone involved: the day is already local). */
function toUtc(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}
function fromUtc(date: Date): string {
  return date.toISOString().slice(0, 10);
}
export function addDays(date: string, days: number): string {
  return fromUtc(new Date(toUtc(date).getTime() + days * DAY_MS));
}

/** Number of days in a range, both ends counted. */
export function rangeDays(range: DateRange): number {
  return Math.round((toUtc(range.to).getTime() - toUtc(range.from).getTime()) / DAY_MS) + 1;
}

/** The range a preset stands for on `today` (weeks start on Monday, as the API's ISO weeks do). */
export function presetRange(preset: Exclude<RangePreset, 'custom'>, today: string): DateRange {
  const d = toUtc(today);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth();
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case 'thisWeek': {
      const sinceMonday = (d.getUTCDay() + 6) % 7;
      return { from: addDays(today, -sinceMonday), to: today };
    }
    case 'thisMonth':
      return { from: fromUtc(new Date(Date.UTC(year, month, 1))), to: today };
    case 'last30Days':
      return { from: addDays(today, -29), to: today };
    case 'thisQuarter':
      return { from: fromUtc(new Date(Date.UTC(year, month - (month % 3), 1))), to: today };
  }
}

/** Trend buckets that keep a chart readable: days up to two months, weeks up to half a year. */
export function granularityFor(range: DateRange): ReportGranularity {
  const days = rangeDays(range);
  if (days <= 62) return 'day';
  if (days <= 190) return 'week';
  return 'month';
}

/** The range in the URL (`?range=thisWeek` or `?from=…&to=…`), else this month. */
export function rangeFromParams(params: URLSearchParams, today: string): { preset: RangePreset; range: DateRange } {
  const from = params.get('from');
  const to = params.get('to');
  if (isIsoDate(from) && isIsoDate(to) && from <= to) return { preset: 'custom', range: { from, to } };
  const preset = params.get('range');
  const chosen = isRangePreset(preset) && preset !== 'custom' ? preset : 'thisMonth';
  return { preset: chosen, range: presetRange(chosen, today) };
}
