import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR, type BusinessCalendar } from './business-calendar';
import { deriveClock, levelMinutes, notifyAt, type ClockLogEntry } from './sla.clock';

/** Deadline derivation from the clock log: fixed instants, no clock, no sleeping. */
const H = 60;
const jakarta = (iso: string) => new Date(`${iso}+07:00`);
const ny = (iso: string, offset: '-04:00' | '-05:00') => new Date(`${iso}${offset}`);

const started = (at: Date, resolutionMinutes: number, extra: Record<string, unknown> = {}): ClockLogEntry => ({
  kind: 'started',
  metric: null,
  at,
  data: { resolutionMinutes, firstResponseMinutes: null, businessHours: true, ...extra },
});
const ev = (
  kind: ClockLogEntry['kind'],
  at: Date,
  data: Record<string, unknown> = {},
  metric: ClockLogEntry['metric'] = null,
) => ({
  kind,
  metric,
  at,
  data,
});

const WORKDAYS = DEFAULT_CALENDAR; // Mon-Fri 08-12, 13-17, Asia/Jakarta
const derive = (events: ClockLogEntry[], now: Date, cal: BusinessCalendar = WORKDAYS) =>
  deriveClock(events, cal, now, 80);

describe('SLA clock derived from its log', () => {
  it('counts business hours across a weekend (Asia/Jakarta, no DST)', () => {
    // Friday 16:00 + 4 business hours: 1 h on Friday, 3 h on Monday morning.
    const c = derive([started(jakarta('2026-11-27T16:00:00'), 4 * H)], jakarta('2026-11-27T16:30:00'));
    expect(c.resolution!.deadline).toEqual(jakarta('2026-11-30T11:00:00'));
    // At risk at 80 % = 3 h 12 min: 1 h Friday + 2 h 12 min Monday.
    expect(c.resolution!.atRiskAt).toEqual(jakarta('2026-11-30T10:12:00'));
    expect(c.resolution!.usedMinutes).toBe(30);
    expect(c.resolution!.remainingMinutes).toBe(4 * H - 30);
    expect(c.resolution!.clock).toBe('running');
  });

  it('starts counting at the next opening for a ticket created outside working hours', () => {
    const saturday = derive([started(jakarta('2026-11-28T22:00:00'), 2 * H)], jakarta('2026-11-29T09:00:00'));
    expect(saturday.resolution!.deadline).toEqual(jakarta('2026-11-30T10:00:00'));
    expect(saturday.resolution!.usedMinutes).toBe(0);
    const lunch = derive([started(jakarta('2026-11-30T12:20:00'), 30)], jakarta('2026-11-30T12:20:00'));
    expect(lunch.resolution!.deadline).toEqual(jakarta('2026-11-30T13:30:00'));
  });

  it('skips holidays, yearly ones in later years too, across the year end', () => {
    const cal: BusinessCalendar = {
      ...WORKDAYS,
      holidays: [
        { date: '2020-01-01', yearly: true }, // New Year, every year
        { date: '2026-12-25', yearly: false },
      ],
    };
    // Thursday 31 Dec 2026 15:00 + 8 h: 2 h on Thursday, Friday 1 Jan is a holiday, then the
    // weekend, then Monday 4 Jan 2027 08:00-12:00 and 13:00-15:00.
    const c = derive([started(jakarta('2026-12-31T15:00:00'), 8 * H)], jakarta('2026-12-31T15:00:00'), cal);
    expect(c.resolution!.deadline).toEqual(jakarta('2027-01-04T15:00:00'));
    // Thursday 24 Dec 16:00 + 2 h: Friday 25 Dec is a one-off holiday.
    const xmas = derive([started(jakarta('2026-12-24T16:00:00'), 2 * H)], jakarta('2026-12-24T16:00:00'), cal);
    expect(xmas.resolution!.deadline).toEqual(jakarta('2026-12-28T09:00:00'));
    // A one-off holiday does not repeat the next year: Friday 24 Dec 2027 16:00 + 2 h.
    const next = derive([started(jakarta('2027-12-24T16:00:00'), 2 * H)], jakarta('2027-12-24T16:00:00'), cal);
    expect(next.resolution!.deadline).toEqual(jakarta('2027-12-27T09:00:00'));
  });

  it('follows DST changes in a zone that has them (America/New_York)', () => {
    const cal: BusinessCalendar = {
      timeZone: 'America/New_York',
      alwaysOpen: false,
      week: [[], [[540, 1020]], [[540, 1020]], [[540, 1020]], [[540, 1020]], [[540, 1020]], []],
      holidays: [],
    };
    // DST ends Sunday 1 Nov 2026: Friday 16:00 EDT + 2 h = Monday 10:00 EST.
    const fall = derive(
      [started(ny('2026-10-30T16:00:00', '-04:00'), 2 * H)],
      ny('2026-10-30T16:00:00', '-04:00'),
      cal,
    );
    expect(fall.resolution!.deadline).toEqual(ny('2026-11-02T10:00:00', '-05:00'));
    // DST starts Sunday 8 Mar 2026: Friday 16:30 EST + 1 h = Monday 09:30 EDT.
    const spring = derive([started(ny('2026-03-06T16:30:00', '-05:00'), H)], ny('2026-03-06T16:30:00', '-05:00'), cal);
    expect(spring.resolution!.deadline).toEqual(ny('2026-03-09T09:30:00', '-04:00'));
    // A 24x7 rule counts real elapsed minutes through the change: 23:00 EDT + 4 h = 02:00 EST.
    const wall = derive(
      [started(ny('2026-10-31T23:00:00', '-04:00'), 4 * H, { businessHours: false })],
      ny('2026-10-31T23:00:00', '-04:00'),
      cal,
    );
    expect(wall.resolution!.deadline).toEqual(ny('2026-11-01T02:00:00', '-05:00'));
  });

  it('excludes time on hold, in business minutes, and explains it', () => {
    const start = jakarta('2026-11-30T08:00:00'); // Monday
    const log = [
      started(start, 8 * H),
      ev('paused', jakarta('2026-11-30T10:00:00'), { reason: 'on_hold' }),
      ev('resumed', jakarta('2026-12-01T10:00:00'), { reason: 'resumed' }),
    ];
    // While on hold: the deadline is where it would be had the clock resumed at the pause.
    const onHold = derive(log.slice(0, 2), jakarta('2026-11-30T15:00:00'));
    expect(onHold.running).toBe(false);
    expect(onHold.resolution!.clock).toBe('paused');
    expect(onHold.resolution!.deadline).toEqual(jakarta('2026-11-30T17:00:00'));
    expect(onHold.resolution!.usedMinutes).toBe(2 * H);
    expect(onHold.resolution!.pausedMinutes).toBe(4 * H); // 10-12 and 13-15
    // Resumed Tuesday 10:00 with 6 h left: 10-12 and 13-17.
    const resumed = derive(log, jakarta('2026-12-01T11:00:00'));
    expect(resumed.resolution!.deadline).toEqual(jakarta('2026-12-01T17:00:00'));
    expect(resumed.resolution!.pausedMinutes).toBe(8 * H);
    expect(resumed.resolution!.usedMinutes).toBe(3 * H);
    expect(resumed.resolution!.clock).toBe('running');
  });

  it('recomputes from the creation when the target changes (priority change), pauses still excluded', () => {
    const start = jakarta('2026-11-30T08:00:00');
    const log = [
      started(start, 24 * H),
      ev('paused', jakarta('2026-11-30T09:00:00'), { reason: 'on_hold' }),
      ev('resumed', jakarta('2026-11-30T10:00:00'), { reason: 'resumed' }),
      ev('target_changed', jakarta('2026-11-30T11:00:00'), {
        resolutionMinutes: 4 * H,
        firstResponseMinutes: null,
        businessHours: false,
      }),
    ];
    expect(derive(log.slice(0, 3), jakarta('2026-11-30T11:00:00')).resolution!.deadline).toEqual(
      jakarta('2026-12-03T09:00:00'), // 3 working days of 8 h, minus the 1-hour hold on Monday
    );
    // 24x7 now: 4 wall-clock hours from 08:00 plus the 1-hour hold.
    const c = derive(log, jakarta('2026-11-30T11:00:00'));
    expect(c.businessHours).toBe(false);
    expect(c.resolution!.deadline).toEqual(jakarta('2026-11-30T13:00:00'));
    expect(c.resolution!.targetMinutes).toBe(4 * H);
  });

  it('freezes the deadline and the minutes at resolution, and runs on after a reopening', () => {
    const start = jakarta('2026-11-30T08:00:00');
    const log = [
      started(start, 4 * H),
      ev('missed', jakarta('2026-11-30T14:00:00'), { reason: 'resolved' }, 'resolution'),
    ];
    const later = derive(log, jakarta('2026-12-04T09:00:00'));
    expect(later.resolution!.clock).toBe('missed');
    expect(later.resolution!.deadline).toEqual(jakarta('2026-11-30T12:00:00'));
    expect(later.resolution!.usedMinutes).toBe(5 * H);
    expect(later.resolution!.remainingMinutes).toBe(-H);
    expect(later.resolution!.decidedAt).toEqual(jakarta('2026-11-30T14:00:00'));

    const reopened = derive(
      [...log, ev('resumed', jakarta('2026-12-01T08:00:00'), { reason: 'reopened' })],
      jakarta('2026-12-01T09:00:00'),
    );
    expect(reopened.resolution!.clock).toBe('running');
    expect(reopened.resolution!.decidedAt).toBeNull();
    expect(reopened.resolution!.usedMinutes).toBe(6 * H); // the time while resolved does not count
  });

  it('stops the first-response clock at the first response, the resolution clock runs on', () => {
    const start = jakarta('2026-11-30T08:00:00');
    const log = [
      started(start, 8 * H, { firstResponseMinutes: 2 * H }),
      ev('fulfilled', jakarta('2026-11-30T09:30:00'), {}, 'first_response'),
    ];
    const c = derive(log, jakarta('2026-11-30T15:00:00'));
    expect(c.firstResponse!.clock).toBe('met');
    expect(c.firstResponse!.deadline).toEqual(jakarta('2026-11-30T10:00:00'));
    expect(c.firstResponse!.usedMinutes).toBe(90);
    expect(c.resolution!.clock).toBe('running');
    expect(c.resolution!.usedMinutes).toBe(6 * H);
  });

  it('has no deadline without a start (no SLA rule) and ignores monitor records', () => {
    expect(derive([], jakarta('2026-11-30T08:00:00')).resolution).toBeNull();
    const log = [
      started(jakarta('2026-11-30T08:00:00'), H),
      ev('warning', jakarta('2026-11-30T08:48:00')),
      ev('breached', jakarta('2026-11-30T09:00:00')),
    ];
    expect(derive(log, jakarta('2026-11-30T10:00:00')).resolution!.deadline).toEqual(jakarta('2026-11-30T09:00:00'));
  });

  it('places escalation levels on the business clock and holds non-urgent ones until working time', () => {
    expect(levelMinutes({ trigger: 'at_risk', percent: null, offsetMinutes: null }, 600, 80)).toBe(480);
    expect(levelMinutes({ trigger: 'percent', percent: 100, offsetMinutes: null }, 600, 80)).toBe(600);
    expect(levelMinutes({ trigger: 'after_deadline', percent: null, offsetMinutes: 120 }, 600, 80)).toBe(720);
    // Deadline Monday 16:00 -> +2 business hours = Tuesday 09:00.
    const c = derive([started(jakarta('2026-11-30T08:00:00'), 7 * H)], jakarta('2026-11-30T08:00:00'));
    expect(c.resolution!.momentAt(9 * H)).toEqual(jakarta('2026-12-01T09:00:00'));
    // A 24x7 rule breaching at 02:00 Saturday: urgent levels notify then, the rest on Monday 08:00.
    const night = jakarta('2026-11-28T02:00:00');
    expect(notifyAt(night, true, WORKDAYS)).toEqual(night);
    expect(notifyAt(night, false, WORKDAYS)).toEqual(jakarta('2026-11-30T08:00:00'));
    expect(notifyAt(night, false, { ...WORKDAYS, alwaysOpen: true })).toEqual(night);
  });
});
