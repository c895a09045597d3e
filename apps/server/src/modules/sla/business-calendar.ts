/**
 * Business-time arithmetic for SLA deadlines: pure functions, no clock, no I/O.
 * Working hours are wall-clock intervals in the calendar's time zone, so DST changes and
 * zones without DST (Asia/Jakarta) are both handled by the conversion, not by special cases.
 */

export interface BusinessCalendar {
  timeZone: string;
  /** true = every minute counts (24x7). */
  alwaysOpen: boolean;
  /** Index 0 = Sunday ... 6 = Saturday; each day a list of [start, end) in minutes after midnight. */
  week: [number, number][][];
  /** Days off, 'YYYY-MM-DD'; `yearly` repeats on the same month and day every year. */
  holidays: { date: string; yearly: boolean }[];
}

const MINUTE = 60_000;
const MAX_DAYS = 3 * 366;

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsOf(instant: number, timeZone: string) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  const parts = f.formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { y: get('year'), m: get('month'), d: get('day'), h: get('hour'), min: get('minute'), s: get('second') };
}

/** UTC offset of the zone at an instant, in ms (Jakarta: +7 h). */
function offsetAt(instant: number, timeZone: string): number {
  const p = partsOf(instant, timeZone);
  return Date.UTC(p.y, p.m - 1, p.d, p.h, p.min, p.s) - Math.floor(instant / 1000) * 1000;
}

/** The instant at which the zone's clocks show this wall time. */
export function zonedTime(y: number, m: number, d: number, minutes: number, timeZone: string): number {
  const wall = Date.UTC(y, m - 1, d, 0, minutes);
  let guess = wall - offsetAt(wall, timeZone);
  // A second pass settles the offset when the first guess fell on the other side of a DST change.
  guess = wall - offsetAt(guess, timeZone);
  return guess;
}

function isHoliday(cal: BusinessCalendar, y: number, m: number, d: number): boolean {
  const full = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return cal.holidays.some((h) => h.date === full || (h.yearly && h.date.slice(5) === full.slice(5)));
}

/**
 * Working intervals of one local day, as instants. Memoised per calendar object: the time-zone
 * conversions (Intl) dominate the cost, and a monitor pass asks about the same few days for
 * every ticket. A calendar object is immutable once built; the cache dies with it.
 */
const dayCache = new WeakMap<BusinessCalendar, Map<number, [number, number][]>>();
const DAY_CACHE_LIMIT = 20_000;
function dayIntervals(cal: BusinessCalendar, y: number, m: number, d: number): [number, number][] {
  let cache = dayCache.get(cal);
  if (!cache) {
    cache = new Map();
    dayCache.set(cal, cache);
  }
  const key = Date.UTC(y, m - 1, d);
  let intervals = cache.get(key);
  if (!intervals) {
    const weekday = new Date(key).getUTCDay();
    intervals = isHoliday(cal, y, m, d)
      ? []
      : (cal.week[weekday] ?? []).map(([s, e]): [number, number] => [
          zonedTime(y, m, d, s, cal.timeZone),
          zonedTime(y, m, d, e, cal.timeZone),
        ]);
    if (cache.size >= DAY_CACHE_LIMIT) cache.clear();
    cache.set(key, intervals);
  }
  return intervals;
}

/** Working intervals of each local day from the one containing `from`, as instants. */
function* workingIntervals(cal: BusinessCalendar, from: number): Generator<[number, number]> {
  const start = partsOf(from, cal.timeZone);
  for (let i = 0; i < MAX_DAYS; i++) {
    const day = new Date(Date.UTC(start.y, start.m - 1, start.d + i));
    yield* dayIntervals(cal, day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate());
  }
}

/** The moment `minutes` of business time after `start` have passed. */
export function addBusinessMinutes(start: Date, minutes: number, cal: BusinessCalendar): Date {
  if (cal.alwaysOpen) return new Date(start.getTime() + minutes * MINUTE);
  let remaining = minutes * MINUTE;
  for (const [open, close] of workingIntervals(cal, start.getTime())) {
    const from = Math.max(open, start.getTime());
    if (from >= close) continue;
    if (remaining <= close - from) return new Date(from + remaining);
    remaining -= close - from;
  }
  throw new Error('No working time in the next three years: check the calendar');
}

/** Business minutes between two instants (0 when `to` is not after `from`). */
export function businessMinutesBetween(from: Date, to: Date, cal: BusinessCalendar): number {
  if (to <= from) return 0;
  if (cal.alwaysOpen) return (to.getTime() - from.getTime()) / MINUTE;
  let total = 0;
  for (const [open, close] of workingIntervals(cal, from.getTime())) {
    if (open >= to.getTime()) break;
    const a = Math.max(open, from.getTime());
    const b = Math.min(close, to.getTime());
    if (b > a) total += b - a;
  }
  return total / MINUTE;
}

const hm = (h: number, m = 0) => h * 60 + m;
/** Monday to Friday 08:00-12:00 and 13:00-17:00, Asia/Jakarta, no holidays. */
export const DEFAULT_CALENDAR: BusinessCalendar = {
  timeZone: 'Asia/Jakarta',
  alwaysOpen: false,
  week: [
    [],
    [
      [hm(8), hm(12)],
      [hm(13), hm(17)],
    ],
    [
      [hm(8), hm(12)],
      [hm(13), hm(17)],
    ],
    [
      [hm(8), hm(12)],
      [hm(13), hm(17)],
    ],
    [
      [hm(8), hm(12)],
      [hm(13), hm(17)],
    ],
    [
      [hm(8), hm(12)],
      [hm(13), hm(17)],
    ],
    [],
  ],
  holidays: [],
};
