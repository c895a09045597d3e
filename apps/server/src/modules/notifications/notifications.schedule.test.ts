import { describe, expect, it } from 'vitest';
import { localDay, nextLocalTime, quietUntil, toHhmm, toMinutes } from './notifications.schedule';

const JKT = 'Asia/Jakarta'; // UTC+7, no DST
const at = (iso: string) => new Date(iso);

describe('quiet hours and digest times', () => {
  it('holds inside a window that spans midnight, until its end in the user zone', () => {
    const quiet = { start: toMinutes('22:00'), end: toMinutes('07:00') };
    // 23:30 in Jakarta -> held until 07:00 the next local morning (00:00 UTC).
    expect(quietUntil(at('2026-11-25T16:30:00Z'), quiet, JKT)).toEqual(at('2026-11-26T00:00:00Z'));
    // 05:00 in Jakarta -> until 07:00 the same local day.
    expect(quietUntil(at('2026-11-25T22:00:00Z'), quiet, JKT)).toEqual(at('2026-11-26T00:00:00Z'));
    // 07:00 sharp and 12:00 are outside.
    expect(quietUntil(at('2026-11-26T00:00:00Z'), quiet, JKT)).toBeNull();
    expect(quietUntil(at('2026-11-26T05:00:00Z'), quiet, JKT)).toBeNull();
  });

  it('holds inside a same-day window', () => {
    const quiet = { start: toMinutes('12:00'), end: toMinutes('13:00') };
    expect(quietUntil(at('2026-11-25T05:15:00Z'), quiet, JKT)).toEqual(at('2026-11-25T06:00:00Z'));
    expect(quietUntil(at('2026-11-25T06:00:00Z'), quiet, JKT)).toBeNull();
  });

  it('follows daylight saving time where the zone has it', () => {
    // Europe/Berlin switches to summer time on 2026-03-29 at 02:00: 07:00 that morning is 05:00 UTC.
    const quiet = { start: toMinutes('22:00'), end: toMinutes('07:00') };
    expect(quietUntil(at('2026-03-28T23:00:00Z'), quiet, 'Europe/Berlin')).toEqual(at('2026-03-29T05:00:00Z'));
  });

  it('finds the next digest time and the local day', () => {
    const eight = toMinutes('08:00');
    expect(nextLocalTime(at('2026-11-25T00:30:00Z'), eight, JKT)).toEqual(at('2026-11-25T01:00:00Z'));
    expect(nextLocalTime(at('2026-11-25T01:00:00Z'), eight, JKT)).toEqual(at('2026-11-26T01:00:00Z'));
    expect(localDay(at('2026-11-25T18:00:00Z'), JKT)).toBe('2026-11-26');
    expect(toHhmm(toMinutes('07:05'))).toBe('07:05');
  });
});
