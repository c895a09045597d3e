import type {
  BusinessCalendarResponse,
  EscalationLevelResponse,
  HolidayResponse,
  SlaOverviewResponse,
  SlaTicketPage,
  TicketSlaResponse,
} from '@bantu/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs, type TestApp } from '@test/app';
import { makeCategory, makePriority, manualClock } from '@test/factories';
import { runSlaMonitor } from './sla.monitor';

type Session = Awaited<ReturnType<typeof loginAs>>;

const jakarta = (iso: string) => new Date(`${iso}+07:00`);
const workweek = [0, 1, 2, 3, 4, 5, 6].map((day) => ({
  day,
  intervals:
    day === 0 || day === 6
      ? []
      : [
          { start: '08:00', end: '12:00' },
          { start: '13:00', end: '17:00' },
        ],
}));

describe('SLA calendar, holidays, escalation levels and views (admin API)', () => {
  const clock = manualClock(jakarta('2026-11-28T10:00:00')); // a Saturday
  let t: TestApp;
  let admin: Session;
  let staff: Session;
  let manager: Session;
  let requester: Session;
  let categoryId: string;
  let priorityId: string;

  beforeAll(async () => {
    t = await buildTestApp({ clock });
    admin = await loginAs(t.app, 'admin');
    staff = await loginAs(t.app, 'it_staff');
    manager = await loginAs(t.app, 'manager');
    requester = await loginAs(t.app, 'user');
    categoryId = (await makeCategory(t.app.db)).id;
    priorityId = (await makePriority(t.app.db, { name: 'Sedang' })).id;
  });
  afterAll(() => t.close());

  const call = (as: Session, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: as.headers, payload });
  const expectProblem = (res: Awaited<ReturnType<typeof call>>, status: number, field?: string) => {
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    if (field) expect(JSON.stringify(res.json<{ errors?: unknown }>().errors)).toContain(field);
  };
  const createTicket = async (title = 'Monitor berkedip terus') => {
    const res = await call(requester, 'POST', '/api/tickets', {
      title,
      description: 'Mohon dicek',
      categoryId,
      priorityId,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string; slaDeadline: string | null; version: number }>();
  };

  it('starts 24x7 with a Monday-Friday week in Asia/Jakarta, and refuses bad calendars with a 400 problem', async () => {
    const initial = (await call(staff, 'GET', '/api/sla/calendar')).json<BusinessCalendarResponse>();
    expect(initial).toMatchObject({ timezone: 'Asia/Jakarta', alwaysOpen: true, week: workweek });

    const bad: [object, string][] = [
      [{ timezone: 'Mars/Olympus', alwaysOpen: false, week: workweek }, 'body.timezone'],
      [{ timezone: 'Asia/Jakarta', alwaysOpen: false, week: workweek.slice(0, 6) }, 'body.week'],
      [{ timezone: 'Asia/Jakarta', alwaysOpen: false, week: [...workweek].reverse() }, 'body.week'],
      [
        {
          timezone: 'Asia/Jakarta',
          alwaysOpen: false,
          week: workweek.map((d) => (d.day === 1 ? { day: 1, intervals: [{ start: '13:00', end: '09:00' }] } : d)),
        },
        'end',
      ],
      [
        {
          timezone: 'Asia/Jakarta',
          alwaysOpen: false,
          week: workweek.map((d) =>
            d.day === 2
              ? {
                  day: 2,
                  intervals: [
                    { start: '08:00', end: '12:30' },
                    { start: '12:00', end: '17:00' },
                  ],
                }
              : d,
          ),
        },
        'intervals',
      ],
      [
        {
          timezone: 'Asia/Jakarta',
          alwaysOpen: false,
          week: workweek.map((d) => ({ ...d, intervals: d.intervals.map((iv) => ({ ...iv, end: '25:00' })) })),
        },
        'end',
      ],
      [
        { timezone: 'Asia/Jakarta', alwaysOpen: false, week: workweek.map((d) => ({ ...d, intervals: [] })) },
        'body.week',
      ],
    ];
    for (const [payload, field] of bad)
      expectProblem(await call(admin, 'PUT', '/api/sla/calendar', payload), 400, field);
    expectProblem(await call(staff, 'PUT', '/api/sla/calendar', { ...initial }), 403);
    // Nothing changed.
    expect((await call(admin, 'GET', '/api/sla/calendar')).json()).toEqual(initial);
  });

  it('counts business hours once the calendar has them, per rule (24x7 rules keep wall-clock)', async () => {
    const rule = await call(admin, 'POST', '/api/sla-rules', { priorityId, durationHours: 8, firstResponseHours: 2 });
    expect(rule.statusCode, rule.body).toBe(201);
    expect(rule.json()).toMatchObject({ businessHours: true });
    const put = await call(admin, 'PUT', '/api/sla/calendar', {
      timezone: 'Asia/Jakarta',
      alwaysOpen: false,
      week: workweek,
    });
    expect(put.statusCode, put.body).toBe(200);

    // Saturday 10:00: the clock starts Monday 08:00; 8 business hours end Monday 17:00.
    const ticket = await createTicket();
    expect(ticket.slaDeadline).toBe(jakarta('2026-11-30T17:00:00').toISOString());
    const sla = (await call(requester, 'GET', `/api/tickets/${ticket.id}/sla`)).json<TicketSlaResponse>();
    expect(sla).toMatchObject({
      businessHours: true,
      calendar: { timezone: 'Asia/Jakarta', alwaysOpen: false },
      resolution: { targetMinutes: 480, usedMinutes: 0, remainingMinutes: 480, clock: 'running' },
      firstResponse: { targetMinutes: 120, deadline: jakarta('2026-11-30T10:00:00').toISOString() },
    });

    // The same rule as 24x7: Saturday 10:00 + 8 h.
    const ruleId = rule.json<{ id: string }>().id;
    const patched = await call(admin, 'PATCH', `/api/sla-rules/${ruleId}`, { businessHours: false });
    expect(patched.json()).toMatchObject({ businessHours: false, isActive: true });
    expect((await createTicket()).slaDeadline).toBe(jakarta('2026-11-28T18:00:00').toISOString());
    await call(admin, 'PATCH', `/api/sla-rules/${ruleId}`, { businessHours: true });
  });

  it('manages holidays: duplicates are 409, bad dates 400, and a holiday moves new deadlines', async () => {
    const created = await call(admin, 'POST', '/api/sla/holidays', { date: '2026-11-30', name: 'Libur kantor' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ date: '2026-11-30', name: 'Libur kantor', yearly: false });
    expectProblem(
      await call(admin, 'POST', '/api/sla/holidays', { date: '2026-11-30', name: 'Lagi' }),
      409,
      'body.date',
    );
    expectProblem(await call(admin, 'POST', '/api/sla/holidays', { date: '2026-02-30', name: 'X' }), 400, 'body.date');
    expectProblem(await call(admin, 'POST', '/api/sla/holidays', { date: '30/11/2026', name: 'X' }), 400, 'body.date');

    // Monday is off now: Tuesday 08:00 + 8 h.
    expect((await createTicket()).slaDeadline).toBe(jakarta('2026-12-01T17:00:00').toISOString());

    const id = created.json<HolidayResponse>().id;
    const renamed = await call(admin, 'PATCH', `/api/sla/holidays/${id}`, { name: 'Cuti bersama' });
    expect(renamed.json()).toMatchObject({ name: 'Cuti bersama', yearly: false, date: '2026-11-30' });
    expect((await call(admin, 'DELETE', `/api/sla/holidays/${id}`)).statusCode).toBe(204);
    expectProblem(await call(admin, 'DELETE', `/api/sla/holidays/${id}`), 404);
  });

  it('imports holidays from an iCalendar file and refuses an invalid one without changing anything', async () => {
    await call(admin, 'POST', '/api/sla/holidays', { date: '2026-12-25', name: 'Natal (manual)' });
    const file = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20261225',
      'SUMMARY:Hari Raya Natal',
      'RRULE:FREQ=YEARLY',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20270101',
      'SUMMARY:Tahun Baru Masehi',
      'RRULE:FREQ=YEARLY',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20270310',
      'DTEND;VALUE=DATE:20270312',
      'SUMMARY:Idul Fitri',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    const res = await call(admin, 'POST', '/api/sla/holidays/import', { ics: file });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ imported: 3, skipped: 1 });
    const list = (await call(staff, 'GET', '/api/sla/holidays')).json<{ items: HolidayResponse[] }>().items;
    expect(list.map((h) => [h.date, h.name, h.yearly])).toEqual([
      ['2026-12-25', 'Natal (manual)', false],
      ['2027-01-01', 'Tahun Baru Masehi', true],
      ['2027-03-10', 'Idul Fitri', false],
      ['2027-03-11', 'Idul Fitri', false],
    ]);

    for (const ics of ['not a calendar', 'BEGIN:VCALENDAR\r\nEND:VCALENDAR', '']) {
      expectProblem(await call(admin, 'POST', '/api/sla/holidays/import', { ics, replace: true }), 400, 'body.ics');
    }
    expect((await call(staff, 'GET', '/api/sla/holidays')).json<{ items: unknown[] }>().items).toHaveLength(4);

    const replaced = await call(admin, 'POST', '/api/sla/holidays/import', { ics: file, replace: true });
    expect(replaced.json()).toMatchObject({ imported: 4, skipped: 0 });
  });

  it('edits escalation levels with validated triggers and priorities', async () => {
    const levels = (await call(staff, 'GET', '/api/sla/escalation-levels')).json<{
      items: EscalationLevelResponse[];
    }>();
    expect(levels.items.map((l) => [l.action, l.trigger, l.percent, l.offsetMinutes, l.recipients])).toEqual([
      ['warning', 'at_risk', null, null, ['assignee']],
      ['breach', 'percent', 100, null, ['assignee', 'it_staff']],
      ['escalation', 'after_deadline', null, 120, ['managers']],
    ]);
    const base = { name: 'Tengah jalan', action: 'warning', recipients: ['assignee'], channels: ['in_app'] };
    expectProblem(
      await call(admin, 'POST', '/api/sla/escalation-levels', { ...base, trigger: 'percent' }),
      400,
      'percent',
    );
    expectProblem(
      await call(admin, 'POST', '/api/sla/escalation-levels', { ...base, trigger: 'after_deadline', percent: 50 }),
      400,
      'offsetMinutes',
    );
    expectProblem(
      await call(admin, 'POST', '/api/sla/escalation-levels', {
        ...base,
        trigger: 'percent',
        percent: 50,
        recipients: [],
      }),
      400,
      'recipients',
    );
    expectProblem(
      await call(admin, 'POST', '/api/sla/escalation-levels', {
        ...base,
        trigger: 'percent',
        percent: 50,
        priorityIds: ['00000000-0000-4000-8000-000000000000'],
      }),
      400,
      'priorityIds',
    );
    const created = await call(admin, 'POST', '/api/sla/escalation-levels', {
      ...base,
      trigger: 'percent',
      percent: 50,
      priorityIds: [priorityId],
      urgent: true,
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<EscalationLevelResponse>().id;
    expectProblem(await call(admin, 'PATCH', `/api/sla/escalation-levels/${id}`, { trigger: 'after_deadline' }), 400);
    const patched = await call(admin, 'PATCH', `/api/sla/escalation-levels/${id}`, { name: 'Separuh waktu' });
    // A partial update keeps what it does not name.
    expect(patched.json()).toMatchObject({
      name: 'Separuh waktu',
      urgent: true,
      percent: 50,
      priorityIds: [priorityId],
    });
    const moved = await call(admin, 'PATCH', `/api/sla/escalation-levels/${id}`, {
      trigger: 'after_deadline',
      offsetMinutes: 30,
    });
    expect(moved.json()).toMatchObject({ trigger: 'after_deadline', offsetMinutes: 30, percent: null });
    expect((await call(admin, 'DELETE', `/api/sla/escalation-levels/${id}`)).statusCode).toBe(204);
    expectProblem(await call(admin, 'DELETE', `/api/sla/escalation-levels/${id}`), 404);
  });

  it('pauses on hold by default, not when the setting is off', async () => {
    // Tuesday 09:00 (Monday is no longer a holiday; see above it was deleted).
    clock.set(jakarta('2026-12-01T09:00:00'));
    const hold = async (pause: boolean) => {
      await call(admin, 'PATCH', '/api/settings', { slaPauseOnHold: pause });
      const ticket = await createTicket(`Hold ${pause}`);
      const taken = await call(staff, 'POST', `/api/tickets/${ticket.id}/transitions`, { to: 'IN_PROGRESS' });
      expect(taken.statusCode, taken.body).toBe(200);
      await call(staff, 'POST', `/api/tickets/${ticket.id}/transitions`, { to: 'ON_HOLD', comment: 'Tunggu vendor' });
      clock.advance(2 * 3_600_000);
      const resumed = await call(staff, 'POST', `/api/tickets/${ticket.id}/transitions`, { to: 'IN_PROGRESS' });
      clock.set(jakarta('2026-12-01T09:00:00'));
      return { before: ticket.slaDeadline, after: resumed.json<{ slaDeadline: string }>().slaDeadline, id: ticket.id };
    };
    const paused = await hold(true);
    // Tuesday 09:00 + 8 h = Wednesday 09:00; two business hours on hold move it to 11:00.
    expect(paused.before).toBe(jakarta('2026-12-02T09:00:00').toISOString());
    expect(paused.after).toBe(jakarta('2026-12-02T11:00:00').toISOString());
    const sla = (await call(staff, 'GET', `/api/tickets/${paused.id}/sla`)).json<TicketSlaResponse>();
    expect(sla.events.map((e) => [e.kind, e.reason])).toEqual([
      ['started', 'created'],
      ['fulfilled', null],
      ['paused', 'on_hold'],
      ['resumed', 'resumed'],
    ]);
    expect(sla.events.map((e) => e.deadline)).toEqual([
      jakarta('2026-12-02T09:00:00').toISOString(),
      jakarta('2026-12-02T09:00:00').toISOString(),
      jakarta('2026-12-02T09:00:00').toISOString(),
      jakarta('2026-12-02T11:00:00').toISOString(),
    ]);
    const notPaused = await hold(false);
    expect(notPaused.after).toBe(notPaused.before);
    await call(admin, 'PATCH', '/api/settings', { slaPauseOnHold: true });
  });

  it('recomputes on a priority change (from the creation) and freezes the clock at resolution', async () => {
    clock.set(jakarta('2026-12-15T09:00:00')); // Tuesday
    const ticket = await createTicket('Aplikasi gaji tidak bisa dibuka');
    expect(ticket.slaDeadline).toBe(jakarta('2026-12-16T09:00:00').toISOString());
    const urgent = (await makePriority(t.app.db, { name: 'Darurat' })).id;
    await call(admin, 'POST', '/api/sla-rules', { priorityId: urgent, durationHours: 2, businessHours: false });
    clock.set(jakarta('2026-12-15T09:30:00'));
    const changed = await call(staff, 'PATCH', `/api/tickets/${ticket.id}`, {
      version: ticket.version,
      priorityId: urgent,
    });
    expect(changed.statusCode, changed.body).toBe(200);
    // 24x7 now, two hours from the creation.
    expect(changed.json<{ slaDeadline: string }>().slaDeadline).toBe(jakarta('2026-12-15T11:00:00').toISOString());

    clock.set(jakarta('2026-12-15T10:30:00'));
    await call(staff, 'POST', `/api/tickets/${ticket.id}/transitions`, { to: 'IN_PROGRESS' });
    const resolved = await call(staff, 'POST', `/api/tickets/${ticket.id}/transitions`, {
      to: 'RESOLVED',
      comment: 'Cache dibersihkan',
    });
    expect(resolved.json()).toMatchObject({ slaState: 'met' });

    clock.set(jakarta('2026-12-18T10:00:00'));
    const sla = (await call(staff, 'GET', `/api/tickets/${ticket.id}/sla`)).json<TicketSlaResponse>();
    expect(sla.events.map((e) => [e.kind, e.metric, e.priority])).toEqual([
      ['started', null, 'Sedang'],
      ['target_changed', null, 'Darurat'],
      ['fulfilled', 'resolution', null],
    ]);
    expect(sla.events[1]).toMatchObject({ businessHours: false, resolutionTargetMinutes: 120 });
    expect(sla.resolution).toMatchObject({
      clock: 'met',
      deadline: jakarta('2026-12-15T11:00:00').toISOString(),
      usedMinutes: 90,
      remainingMinutes: 30,
      decidedAt: jakarta('2026-12-15T10:30:00').toISOString(),
    });
    const row = await t.app.db
      .selectFrom('tickets')
      .select(['sla_resolution_met', 'sla_next_check_at'])
      .where('id', '=', ticket.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ sla_resolution_met: true, sla_next_check_at: null });
  });

  it('shows tickets at risk and breached now, by assignee and priority, to staff, managers and admins', async () => {
    clock.set(jakarta('2026-12-07T08:00:00')); // Monday
    const a = await createTicket('Satu dua tiga');
    const b = await createTicket('Empat lima enam');
    await call(staff, 'POST', `/api/tickets/${a.id}/assign`, { assigneeId: staff.user.id });
    clock.set(jakarta('2026-12-07T16:00:00')); // 7 of 8 business hours used: at risk
    await runSlaMonitor(t.app.db, clock);
    const overview = (await call(manager, 'GET', '/api/sla/overview')).json<SlaOverviewResponse>();
    expect(overview.atRisk).toBeGreaterThanOrEqual(2);
    const mine = overview.byAssignee.find((x) => x.assignee?.id === staff.user.id);
    expect(mine).toMatchObject({ atRisk: 1, breached: 2 }); // the two held tickets above are late
    expect(overview.byPriority.find((x) => x.priority.id === priorityId)?.atRisk).toBeGreaterThanOrEqual(2);
    expect(overview.compliance).toMatchObject({ windowDays: 7, threshold: 90 });

    const page1 = (await call(staff, 'GET', '/api/sla/tickets?state=at_risk&limit=1')).json<SlaTicketPage>();
    expect(page1.items).toHaveLength(1);
    expect(page1.nextCursor).not.toBeNull();
    const page2 = (
      await call(staff, 'GET', `/api/sla/tickets?state=at_risk&limit=1&cursor=${page1.nextCursor}`)
    ).json<SlaTicketPage>();
    expect(page2.items[0]!.id).not.toBe(page1.items[0]!.id);
    const assigned = (
      await call(admin, 'GET', `/api/sla/tickets?state=at_risk&assigneeId=${staff.user.id}`)
    ).json<SlaTicketPage>();
    expect(assigned.items.map((i) => i.id)).toEqual([a.id]);
    expect(assigned.items[0]!.lastLevel).toMatchObject({ action: 'warning', name: 'At risk' });

    clock.set(jakarta('2026-12-08T09:00:00'));
    await runSlaMonitor(t.app.db, clock);
    const breached = (await call(staff, 'GET', '/api/sla/tickets?state=breached')).json<SlaTicketPage>();
    expect(breached.items.map((i) => i.id)).toEqual(expect.arrayContaining([a.id, b.id]));
    // The last level is the latest stage, also when several fired in the same pass.
    expect(breached.items.map((i) => i.lastLevel?.action)).not.toContain('warning');
    expect(breached.items.find((i) => i.id === a.id)?.lastLevel?.action).toBe('breach');
    expectProblem(await call(requester, 'GET', '/api/sla/overview'), 403);
    expectProblem(await call(staff, 'GET', '/api/sla/tickets?state=late'), 400);
  });
});
