import { minutesOfDay } from '@bantu/contracts';
import type { WorkingInterval } from '@bantu/contracts';

/** Hour and minute letters per language: "3 j 20 m" (jam, menit), "3 h 20 m". */
const UNITS: Record<string, { hour: string; minute: string }> = {
  id: { hour: 'j', minute: 'm' },
  en: { hour: 'h', minute: 'm' },
};

/**
 * A span of business minutes as hours and minutes, "3 j 20 m" / "3 h 20 m"; the sign is dropped
 * (callers say "overdue by" themselves). Days are not used: a business day is not 24 hours.
 */
export function formatBusinessMinutes(minutes: number, locale: string): string {
  const units = UNITS[locale] ?? UNITS.en!;
  const total = Math.round(Math.abs(minutes));
  const hours = Math.floor(total / 60);
  const rest = total % 60;
  if (hours === 0) return `${rest} ${units.minute}`;
  if (rest === 0) return `${hours} ${units.hour}`;
  return `${hours} ${units.hour} ${String(rest).padStart(2, '0')} ${units.minute}`;
}

const TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const DAY_END = 24 * 60;

export type IntervalProblem = 'format' | 'order' | 'overlap';

/** What is wrong with each interval of a day (start and end separately), in the order given. */
export interface IntervalIssue {
  index: number;
  field: 'start' | 'end';
  problem: IntervalProblem;
}

export function intervalIssues(intervals: readonly WorkingInterval[]): IntervalIssue[] {
  const issues: IntervalIssue[] = [];
  let previousEnd: number | null = null;
  intervals.forEach((interval, index) => {
    const startOk = TIME.test(interval.start) && interval.start !== '24:00';
    const endOk = TIME.test(interval.end);
    if (!startOk) issues.push({ index, field: 'start', problem: 'format' });
    if (!endOk) issues.push({ index, field: 'end', problem: 'format' });
    if (!startOk || !endOk) {
      previousEnd = null;
      return;
    }
    const start = minutesOfDay(interval.start);
    const end = minutesOfDay(interval.end);
    if (previousEnd !== null && start < previousEnd) issues.push({ index, field: 'start', problem: 'overlap' });
    if (end <= start) issues.push({ index, field: 'end', problem: 'order' });
    previousEnd = Math.max(end, previousEnd ?? 0);
  });
  return issues;
}

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * The day with one more interval: 08:00-17:00 on an empty day, else an hour after the last one
 * ends, up to four hours long; null when the last interval already reaches the end of the day.
 */
export function addInterval(intervals: readonly WorkingInterval[]): WorkingInterval[] | null {
  const last = intervals[intervals.length - 1];
  if (!last) return [{ start: '08:00', end: '17:00' }];
  const lastEnd = TIME.test(last.end) ? minutesOfDay(last.end) : DAY_END;
  if (lastEnd >= DAY_END - 1) return null;
  const start = Math.min(lastEnd + 60, DAY_END - 60);
  const begin = start <= lastEnd ? lastEnd : start;
  const end = Math.min(begin + 4 * 60, DAY_END);
  return [...intervals, { start: hhmm(begin), end: end === DAY_END ? '24:00' : hhmm(end) }];
}

export function removeInterval(intervals: readonly WorkingInterval[], index: number): WorkingInterval[] {
  return intervals.filter((_, i) => i !== index);
}

/** Working minutes of a day (for the "40 h a week" summary). */
export function workingMinutes(intervals: readonly WorkingInterval[]): number {
  return intervals.reduce((sum, iv) => {
    if (!TIME.test(iv.start) || !TIME.test(iv.end)) return sum;
    return sum + Math.max(0, minutesOfDay(iv.end) - minutesOfDay(iv.start));
  }, 0);
}
