/**
 * Wall-clock arithmetic for quiet hours and the daily digest: pure functions, no clock, no I/O.
 * Times of day are minutes after local midnight in the user's IANA time zone.
 */
import { zonedTime } from '@/modules/sla/business-calendar';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The local date and minute of the day at an instant. */
export function localParts(instant: Date, timeZone: string) {
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
    });
    formatters.set(timeZone, f);
  }
  const parts = f.formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { y: get('year'), m: get('month'), d: get('day'), minutes: get('hour') * 60 + get('minute') };
}

/** 'YYYY-MM-DD' in the zone: the key of a user's digest day. */
export function localDay(instant: Date, timeZone: string): string {
  const p = localParts(instant, timeZone);
  return `${p.y}-${String(p.m).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`;
}

/** The instant the zone's clocks show `minutes` on the local day `offsetDays` after the one containing `instant`. */
function atLocal(instant: Date, minutes: number, timeZone: string, offsetDays: number): Date {
  const p = localParts(instant, timeZone);
  const day = new Date(Date.UTC(p.y, p.m - 1, p.d + offsetDays));
  return new Date(zonedTime(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), minutes, timeZone));
}

/**
 * When quiet hours [start, end) hold something arriving at `now`: the end of the window, or
 * null when `now` is outside it. A window with end < start spans midnight (22:00-07:00).
 */
export function quietUntil(now: Date, quiet: { start: number; end: number }, timeZone: string): Date | null {
  const { minutes } = localParts(now, timeZone);
  const { start, end } = quiet;
  if (start === end) return null;
  if (start < end) return minutes >= start && minutes < end ? atLocal(now, end, timeZone, 0) : null;
  if (minutes >= start) return atLocal(now, end, timeZone, 1);
  if (minutes < end) return atLocal(now, end, timeZone, 0);
  return null;
}

/** The next time the clocks show `at` (today's when still ahead, else tomorrow's). */
export function nextLocalTime(now: Date, at: number, timeZone: string): Date {
  const today = atLocal(now, at, timeZone, 0);
  return today.getTime() > now.getTime() ? today : atLocal(now, at, timeZone, 1);
}

export const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
export const toHhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
