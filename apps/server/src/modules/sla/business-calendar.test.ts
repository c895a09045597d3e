import { describe, expect, it } from 'vitest';
import {
  addBusinessMinutes,
  businessMinutesBetween,
  DEFAULT_CALENDAR,
  type BusinessCalendar,
} from './business-calendar';

const H = 60;
const jakarta = (iso: string) => new Date(`${iso}+07:00`);

describe('business calendar (fixed instants, no clock)', () => {
  it('counts every minute in 24x7 mode', () => {
    const cal = { ...DEFAULT_CALENDAR, alwaysOpen: true };
    expect(addBusinessMinutes(jakarta('2026-11-28T23:00:00'), 4 * H, cal)).toEqual(jakarta('2026-11-29T03:00:00'));
  });

  it('skips the lunch break and the weekend', () => {
    // Friday 16:00 + 4 h: 1 h on Friday, then Monday 08:00-11:00.
    expect(addBusinessMinutes(jakarta('2026-11-27T16:00:00'), 4 * H, DEFAULT_CALENDAR)).toEqual(
      jakarta('2026-11-30T11:00:00'),
    );
    // Monday 11:30 + 1 h: 30 min before lunch, 30 min after.
    expect(addBusinessMinutes(jakarta('2026-11-30T11:30:00'), H, DEFAULT_CALENDAR)).toEqual(
      jakarta('2026-11-30T13:30:00'),
    );
  });

  it('starts counting at the next opening for a ticket created outside working hours', () => {
    expect(addBusinessMinutes(jakarta('2026-11-28T10:00:00'), 2 * H, DEFAULT_CALENDAR)).toEqual(
      jakarta('2026-11-30T10:00:00'),
    );
    expect(addBusinessMinutes(jakarta('2026-11-30T06:15:00'), 30, DEFAULT_CALENDAR)).toEqual(
      jakarta('2026-11-30T08:30:00'),
    );
    expect(addBusinessMinutes(jakarta('2026-11-30T17:00:00'), 8 * H, DEFAULT_CALENDAR)).toEqual(
      jakarta('2026-12-01T17:00:00'),
    );
  });

  it('skips holidays, and yearly ones across a year end', () => {
    const cal: BusinessCalendar = {
      ...DEFAULT_CALENDAR,
      holidays: [
        { date: '2026-12-25', yearly: true },
        { date: '2020-01-01', yearly: true },
      ],
    };
    // Thursday 24 Dec 16:00 + 2 h: 1 h, Christmas Friday off, weekend, Monday 28 Dec 08:00-09:00.
    expect(addBusinessMinutes(jakarta('2026-12-24T16:00:00'), 2 * H, cal)).toEqual(jakarta('2026-12-28T09:00:00'));
    // Thursday 31 Dec 16:00 + 4 h: New Year (Friday) is off, so Monday 4 Jan 2027 11:00.
    expect(addBusinessMinutes(jakarta('2026-12-31T16:00:00'), 4 * H, cal)).toEqual(jakarta('2027-01-04T11:00:00'));
  });

  it('follows DST changes in zones that have them', () => {
    const berlin: BusinessCalendar = {
      ...DEFAULT_CALENDAR,
      timeZone: 'Europe/Berlin',
      week: DEFAULT_CALENDAR.week.map((d): [number, number][] => (d.length ? [[9 * H, 17 * H]] : [])),
    };
    // Friday 27 March 2026 16:00 CET (UTC+1); clocks go forward on Sunday 29 March.
    // 4 business hours: 1 h on Friday, then Monday 09:00-12:00 CEST (UTC+2) = 10:00 UTC.
    expect(addBusinessMinutes(new Date('2026-03-27T15:00:00Z'), 4 * H, berlin)).toEqual(
      new Date('2026-03-30T10:00:00Z'),
    );
    // And back in October: Friday 23 Oct 16:00 CEST + 4 h -> Monday 26 Oct 12:00 CET = 11:00 UTC.
    expect(addBusinessMinutes(new Date('2026-10-23T14:00:00Z'), 4 * H, berlin)).toEqual(
      new Date('2026-10-26T11:00:00Z'),
    );
  });

  it('measures business time between two instants (for the at-risk share)', () => {
    expect(
      businessMinutesBetween(jakarta('2026-11-27T16:00:00'), jakarta('2026-11-30T09:00:00'), DEFAULT_CALENDAR),
    ).toBe(2 * H);
    expect(
      businessMinutesBetween(jakarta('2026-11-30T09:00:00'), jakarta('2026-11-30T08:00:00'), DEFAULT_CALENDAR),
    ).toBe(0);
    const start = jakarta('2026-11-27T16:00:00');
    const deadline = addBusinessMinutes(start, 24 * H, DEFAULT_CALENDAR);
    expect(businessMinutesBetween(start, deadline, DEFAULT_CALENDAR)).toBe(24 * H);
  });
});
