import type {
  ReportGroupResponse,
  ReportStaffResponse,
  ReportSummaryResponse,
  ReportTrendsResponse,
  TicketPage,
  TicketResponse,
} from '@bantu/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs, type TestApp } from '@test/app';
import { makeCategory, makePriority, manualClock } from '@test/factories';
import { runCli } from '@/cli';
import { HISTOGRAM_RELATIVE_ERROR, binOf, binRange } from './reports.histogram';
import { allHistogramRows, allOpenRows, allStatsRows } from './reports.repository';
import { reportsService } from './reports.service';
import { rebuildIfTimeZoneChanged, rebuildReportStats } from './reports.stats';
import { statsTimeZone } from './reports.repository';

type Session = Awaited<ReturnType<typeof loginAs>>;

/** Wall time in Jakarta (UTC+7). */
const wib = (iso: string) => new Date(`${iso}+07:00`);
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

/**
 * A hand-built week (Mon 30 Nov - Fri 4 Dec 2026, Asia/Jakarta), made through the real API
 * with a test clock. Business calendar Mon-Fri 08-12 and 13-17; "Tinggi" = 4 h resolution and
 * 1 h first response in business hours; "Rendah" = 24 h and 2 h wall-clock (24x7).
 *
 * T1 Tinggi/A/Finance: created Mon 09:00, S1 takes and answers 09:30, resolves 14:00
 *    (240 business minutes = the target: met), accepted 15:00 with 5 stars.
 * T2 Tinggi/B/HR: created Mon 16:00, S2 takes 16:10, holds 16:30 (first response: 30),
 *    resumes Tue 09:00, resolves 10:00 (90 bm, the hold excluded), requester rejects 11:00,
 *    S2 resolves again 11:30 (120 bm): met; stays RESOLVED.
 * T3 Rendah/A/Finance: created Tue 06:00 (Mon 23:00 UTC: another day in UTC), S1 takes and
 *    answers 09:00 (180 min > 2 h: first response missed), resolves 12:00 (360 min < 24 h:
 *    met), accepted 13:00 with 3 stars.
 * T4 Tinggi/A/Finance: created Wed 10:00, left open and unassigned.
 * T5 Rendah/B/HR: created Thu 10:00, S2 takes, resolves next Mon 7 Dec 10:00 (missed).
 */
describe('reports: every figure against a hand-built data set', () => {
  const clock = manualClock(wib('2026-11-27T10:00:00'));
  let t: TestApp;
  let admin: Session;
  let manager: Session;
  let s1: Session;
  let s2: Session;
  let finance: Session;
  let hr: Session;
  let user: Session;
  let catA: string;
  let catB: string;
  let high: string;
  let low: string;
  const ids: Record<string, string> = {};

  const call = (as: Session, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: as.headers, payload });
  const ok = async (as: Session, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object) => {
    const res = await call(as, method, url, payload);
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
    return res;
  };
  const at = async (iso: string, step: () => Promise<unknown>) => {
    clock.set(wib(iso));
    await step();
  };
  const create = async (name: string, as: Session, categoryId: string, priorityId: string) => {
    const res = await ok(as, 'POST', '/api/tickets', {
      title: `Ticket ${name} perlu dicek`,
      description: 'Mohon bantuannya',
      categoryId,
      priorityId,
    });
    ids[name] = res.json<TicketResponse>().id;
  };
  const move = (as: Session, name: string, to: string, extra: object = {}) =>
    ok(as, 'POST', `/api/tickets/${ids[name]}/transitions`, { to, ...extra });
  const answer = (as: Session, name: string) =>
    ok(as, 'POST', `/api/tickets/${ids[name]}/comments`, { comment: 'Sedang kami cek' });
  const report = <T>(path: string, query: string, as: Session = manager) =>
    ok(as, 'GET', `/api/reports/${path}?${query}`).then((r) => r.json<T>());

  beforeAll(async () => {
    t = await buildTestApp({ clock });
    admin = await loginAs(t.app, 'admin');
    manager = await loginAs(t.app, 'manager');
    s1 = await loginAs(t.app, 'it_staff');
    s2 = await loginAs(t.app, 'it_staff');
    finance = await loginAs(t.app, 'user');
    hr = await loginAs(t.app, 'user');
    user = await loginAs(t.app, 'user');
    await t.app.db.updateTable('users').set({ division: 'Finance' }).where('id', '=', finance.user.id).execute();
    await t.app.db.updateTable('users').set({ division: 'HR' }).where('id', '=', hr.user.id).execute();
    catA = (await makeCategory(t.app.db, { name: 'A Hardware' })).id;
    catB = (await makeCategory(t.app.db, { name: 'B Software' })).id;
    high = (await makePriority(t.app.db, { name: 'Tinggi', level: 1 })).id;
    low = (await makePriority(t.app.db, { name: 'Rendah', level: 2 })).id;
    await ok(admin, 'PUT', '/api/sla/calendar', { timezone: 'Asia/Jakarta', alwaysOpen: false, week: workweek });
    await ok(admin, 'POST', '/api/sla-rules', { priorityId: high, durationHours: 4, firstResponseHours: 1 });
    await ok(admin, 'POST', '/api/sla-rules', {
      priorityId: low,
      durationHours: 24,
      firstResponseHours: 2,
      businessHours: false,
    });

    await at('2026-11-30T09:00:00', () => create('T1', finance, catA, high));
    await at('2026-11-30T09:30:00', async () => {
      await move(s1, 'T1', 'IN_PROGRESS');
      await answer(s1, 'T1');
    });
    await at('2026-11-30T14:00:00', () => move(s1, 'T1', 'RESOLVED', { comment: 'Kabel diganti' }));
    await at('2026-11-30T15:00:00', () => move(finance, 'T1', 'CLOSED', { rating: 5 }));

    await at('2026-11-30T16:00:00', () => create('T2', hr, catB, high));
    await at('2026-11-30T16:10:00', () => move(s2, 'T2', 'IN_PROGRESS'));
    await at('2026-11-30T16:30:00', () => move(s2, 'T2', 'ON_HOLD', { comment: 'Menunggu vendor' }));
    await at('2026-12-01T09:00:00', () => move(s2, 'T2', 'IN_PROGRESS'));
    await at('2026-12-01T10:00:00', () => move(s2, 'T2', 'RESOLVED', { comment: 'Lisensi diperbarui' }));
    await at('2026-12-01T11:00:00', () => move(hr, 'T2', 'IN_PROGRESS', { comment: 'Masih error' }));
    await at('2026-12-01T11:30:00', () => move(s2, 'T2', 'RESOLVED', { comment: 'Sudah diperbaiki' }));

    await at('2026-12-01T06:00:00', () => Promise.resolve());
    await at('2026-12-01T06:00:00', () => create('T3', finance, catA, low));
    await at('2026-12-01T09:00:00', async () => {
      await move(s1, 'T3', 'IN_PROGRESS');
      await answer(s1, 'T3');
    });
    await at('2026-12-01T12:00:00', () => move(s1, 'T3', 'RESOLVED', { comment: 'Selesai' }));
    await at('2026-12-01T13:00:00', () => move(finance, 'T3', 'CLOSED', { rating: 3 }));

    await at('2026-12-02T10:00:00', () => create('T4', finance, catA, high));
    await at('2026-12-03T10:00:00', async () => {
      await create('T5', hr, catB, low);
      await move(s2, 'T5', 'IN_PROGRESS');
    });
    await at('2026-12-07T10:00:00', () => move(s2, 'T5', 'RESOLVED', { comment: 'Akhirnya selesai' }));
    // T6, far outside every period tested: withdrawn without a rating (closed, no CSAT).
    await at('2027-01-05T10:00:00', () => create('T6', user, catB, low));
    await at('2027-01-05T11:00:00', () => move(user, 'T6', 'CLOSED'));
    clock.set(wib('2026-12-08T10:00:00'));
  }, 120_000);
  afterAll(() => t.close());

  const week = 'from=2026-11-30&to=2026-12-04';

  it('summary: created, resolved, closed, backlog, SLA %, times, reopen rate and CSAT of the week, and the previous week', async () => {
    const r = await report<ReportSummaryResponse>('summary', week);
    expect(r.period).toEqual({ from: '2026-11-29T17:00:00.000Z', to: '2026-12-04T17:00:00.000Z', tz: 'Asia/Jakarta' });
    expect(r.previousPeriod).toMatchObject({ from: '2026-11-24T17:00:00.000Z', to: '2026-11-29T17:00:00.000Z' });
    expect(r.slaThreshold).toBe(90);
    const c = r.current;
    expect(c).toMatchObject({ created: 5, resolved: 3, closed: 2, backlog: 2 });
    // T1, T2 and T3 met their resolution targets; T3 missed its first response.
    expect(c.resolutionSla).toEqual({ met: 3, missed: 0, percent: 100 });
    expect(c.firstResponseSla).toEqual({ met: 2, missed: 1, percent: 66.7 });
    // 240 bm (T1), 120 bm (T2: hold excluded, reopening counted), 360 wall-clock minutes (T3).
    expect(c.resolutionTime).toEqual({
      count: 3,
      averageMinutes: 240,
      medianMinutes: 240,
      unit: 'mixed',
      businessHoursCount: 2,
    });
    expect(c.firstResponseTime).toEqual({
      count: 3,
      averageMinutes: 80,
      medianMinutes: 30,
      unit: 'mixed',
      businessHoursCount: 2,
    });
    // Four resolutions given (T1, T2 twice, T3), one rejected.
    expect(c.reopen).toEqual({ rejections: 1, resolutions: 4, rate: 25 });
    expect(c.csat).toEqual({ count: 2, average: 4, distribution: { 1: 0, 2: 0, 3: 1, 4: 0, 5: 1 } });
    expect(r.previous).toMatchObject({ created: 0, resolved: 0, backlog: 0, resolutionSla: { percent: null } });
  });

  it('counts a ticket in the period of each event: T5 created this week, resolved (late) the next', async () => {
    const next = await report<ReportSummaryResponse>('summary', 'from=2026-12-07&to=2026-12-07');
    expect(next.current).toMatchObject({ created: 0, resolved: 1, closed: 0, backlog: 1 });
    expect(next.current.resolutionSla).toEqual({ met: 0, missed: 1, percent: 0 });
    // 4 days of wall-clock minutes: T5's rule is 24x7.
    expect(next.current.resolutionTime).toMatchObject({ count: 1, averageMinutes: 5760, unit: 'minutes' });
    // The previous period of one day is the day before (Sunday), where T5 was already open.
    expect(next.previousPeriod.from).toBe('2026-12-05T17:00:00.000Z');
    expect(next.previous).toMatchObject({ created: 0, backlog: 2 });
  });

  it('uses days of the requested time zone: T3 was created on 1 Dec in Jakarta but on 30 Nov in UTC', async () => {
    const jakartaMonday = await report<ReportSummaryResponse>('summary', 'from=2026-11-30&to=2026-11-30');
    const utcMonday = await report<ReportSummaryResponse>('summary', 'from=2026-11-30&to=2026-11-30&tz=UTC');
    expect(jakartaMonday.current.created).toBe(2);
    expect(utcMonday.current.created).toBe(3);
    expect(utcMonday.period).toMatchObject({ from: '2026-11-30T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' });
    const instants = await report<ReportSummaryResponse>(
      'summary',
      `from=${encodeURIComponent('2026-11-30T23:00:00Z')}&to=${encodeURIComponent('2026-12-01T00:00:00Z')}`,
    );
    expect(instants.current.created).toBe(1);
    // Whole hours at both edges, a whole Jakarta day in between (day grain plus hourly edges).
    const edges = await report<ReportSummaryResponse>(
      'summary',
      `from=${encodeURIComponent('2026-11-30T10:00:00+07:00')}&to=${encodeURIComponent('2026-12-02T12:00:00+07:00')}`,
    );
    expect(edges.current).toMatchObject({ created: 3, resolved: 3, closed: 2, backlog: 1 });
    expect(edges.previousPeriod).toMatchObject({ from: '2026-11-28T01:00:00.000Z', to: '2026-11-30T03:00:00.000Z' });
    expect(edges.previous).toMatchObject({ created: 1, resolved: 0, backlog: 1 });
  });

  it('filters by priority (only business-hours tickets: unit business_minutes), category, assignee and division', async () => {
    const tinggi = await report<ReportSummaryResponse>('summary', `${week}&priorityId=${high}`);
    expect(tinggi.current).toMatchObject({ created: 3, resolved: 2, backlog: 1 });
    expect(tinggi.current.resolutionTime).toEqual({
      count: 2,
      averageMinutes: 180,
      medianMinutes: 180,
      unit: 'business_minutes',
      businessHoursCount: 2,
    });
    const finance = await report<ReportSummaryResponse>('summary', `${week}&division=Finance&categoryId=${catA}`);
    expect(finance.current).toMatchObject({ created: 3, resolved: 2, closed: 2, backlog: 1 });
    const unassigned = await report<ReportSummaryResponse>('summary', `${week}&assigneeId=none`);
    expect(unassigned.current).toMatchObject({ created: 1, backlog: 1 });
    const noDivision = await report<ReportSummaryResponse>('summary', `${week}&division=-`);
    expect(noDivision.current.created).toBe(0);
  });

  it('trends per day, with the backlog at the end of each day, and per week', async () => {
    const r = await report<ReportTrendsResponse>('trends', `${week}&granularity=day`);
    expect(r.buckets.map((b) => b.label)).toEqual([
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
      '2026-12-04',
    ]);
    expect(r.buckets.map((b) => b.created)).toEqual([2, 1, 1, 1, 0]);
    expect(r.buckets.map((b) => b.resolved)).toEqual([1, 2, 0, 0, 0]);
    expect(r.buckets.map((b) => b.backlog)).toEqual([1, 0, 1, 2, 2]);
    expect(r.buckets.map((b) => b.firstResponseSla.percent)).toEqual([100, 0, null, null, null]);
    expect(r.buckets[0]!.start).toBe('2026-11-29T17:00:00.000Z');
    const weeks = await report<ReportTrendsResponse>('trends', 'from=2026-11-23&to=2026-12-13&granularity=week');
    expect(weeks.buckets.map((b) => [b.label, b.created, b.resolved])).toEqual([
      ['2026-11-23', 0, 0],
      ['2026-11-30', 5, 3],
      ['2026-12-07', 0, 1],
    ]);
    const months = await report<ReportTrendsResponse>('trends', 'from=2026-11-15&to=2026-12-31&granularity=month');
    expect(months.buckets.map((b) => [b.label, b.created, b.start])).toEqual([
      ['2026-11', 2, '2026-11-14T17:00:00.000Z'],
      ['2026-12', 3, '2026-11-30T17:00:00.000Z'],
    ]);
  });

  it('per IT staff member: assigned, resolved, open load, times, SLA % and CSAT', async () => {
    const r = await report<ReportStaffResponse>('staff', week);
    const row = (id: string | null) => r.items.find((i) => (i.staff?.id ?? null) === id)!;
    expect(row(s1.user.id)).toMatchObject({
      assigned: 2,
      resolved: 2,
      openLoad: 0,
      resolutionTime: { count: 2, averageMinutes: 300, medianMinutes: 300, unit: 'mixed' },
      resolutionSla: { met: 2, missed: 0, percent: 100 },
      firstResponseSla: { met: 1, missed: 1, percent: 50 },
      csat: { count: 2, average: 4 },
    });
    expect(row(s2.user.id)).toMatchObject({
      assigned: 2,
      resolved: 1,
      openLoad: 1,
      resolutionTime: { count: 1, averageMinutes: 120, unit: 'business_minutes' },
      csat: { count: 0, average: null },
    });
    expect(row(null)).toMatchObject({ staff: null, openLoad: 1, resolved: 0 });
  });

  it('per category, priority and division', async () => {
    const cats = await report<ReportGroupResponse>('categories', week);
    const cat = (id: string) => cats.items.find((i) => i.key === id)!;
    expect(cat(catA)).toMatchObject({ name: 'A Hardware', created: 3, resolved: 2, backlog: 1 });
    expect(cat(catB)).toMatchObject({ name: 'B Software', created: 2, resolved: 1, backlog: 1 });
    expect(cat(catB).reopen).toEqual({ rejections: 1, resolutions: 2, rate: 50 });
    const prios = await report<ReportGroupResponse>('priorities', week);
    expect(prios.items.filter((p) => p.key === high || p.key === low).map((p) => [p.name, p.level, p.created])).toEqual(
      [
        ['Tinggi', 1, 3],
        ['Rendah', 2, 2],
      ],
    );
    const divs = await report<ReportGroupResponse>('divisions', week);
    expect(divs.items.find((d) => d.key === 'Finance')).toMatchObject({ created: 3, closed: 2, csat: { average: 4 } });
    expect(divs.items.find((d) => d.key === 'HR')).toMatchObject({ created: 2, resolved: 1, backlog: 1 });
  });

  it('answers bad report queries with a 400 problem and refuses requesters and IT staff', async () => {
    for (const q of [
      'from=2026-12-05&to=2026-12-01',
      'from=2026-12-01',
      `from=${encodeURIComponent('2026-12-01T10:30:00Z')}&to=2026-12-02`,
      'from=2026-12-01&to=2026-12-02&tz=Asia/Kolkata',
      'from=2026-12-01&to=2026-12-02&tz=Mars/Base',
      'from=2020-01-01&to=2026-12-02',
      'from=2026-12-01&to=2026-12-02&granularity=year',
      'from=2026-12-01&to=2026-12-02&assigneeId=me',
    ]) {
      const res = await call(manager, 'GET', `/api/reports/summary?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect((await call(user, 'GET', `/api/reports/summary?${week}`)).statusCode).toBe(403);
    expect((await call(s1, 'GET', `/api/reports/staff?${week}`)).statusCode).toBe(403);
    // Admins "View All Data": the same reports as managers.
    expect((await call(admin, 'GET', `/api/reports/summary?${week}`)).statusCode).toBe(200);
    expect((await call(admin, 'GET', `/api/reports/staff?${week}`)).statusCode).toBe(200);
  });

  it('all tickets: managers list and read every ticket read-only; drill-down filters give the tickets behind a figure', async () => {
    const list = async (as: Session, query: string) =>
      (await ok(as, 'GET', `/api/tickets?${query}`)).json<TicketPage>().items.map((i) => i.id);
    const numbers = (names: string[]) => names.map((n) => ids[n]).sort();
    // The week's resolved tickets (the "resolved 3" figure).
    const resolvedFrom = encodeURIComponent('2026-11-29T17:00:00Z');
    const resolvedTo = encodeURIComponent('2026-12-04T17:00:00Z');
    expect((await list(manager, `resolvedFrom=${resolvedFrom}&resolvedTo=${resolvedTo}`)).sort()).toEqual(
      numbers(['T1', 'T2', 'T3']),
    );
    expect((await list(admin, 'division=Finance')).sort()).toEqual(numbers(['T1', 'T3', 'T4']));
    expect((await list(manager, `requesterId=${hr.user.id}`)).sort()).toEqual(numbers(['T2', 'T5']));
    expect(await list(manager, 'firstResponseSla=missed&resolutionSla=met')).toEqual([ids.T3]);
    // The reopen rate's rejections (1 of the week's 4 resolutions): T2, sent back Tue 11:00 WIB
    // (04:00 UTC), not the resolved tickets.
    expect(await list(manager, `rejectedFrom=${resolvedFrom}&rejectedTo=${resolvedTo}`)).toEqual([ids.T2]);
    expect(await list(manager, `rejectedFrom=${encodeURIComponent('2026-12-01T04:00:00Z')}`)).toEqual([ids.T2]);
    expect(await list(manager, `rejectedFrom=${encodeURIComponent('2026-12-01T05:00:00Z')}`)).toEqual([]);
    expect((await call(manager, 'GET', '/api/tickets?rejectedFrom=yesterday')).statusCode).toBe(400);
    expect(await list(manager, 'rating=5')).toEqual([ids.T1]);
    // The backlog at the end of the week (2) and of Monday (1: T2).
    expect((await list(manager, `openAt=${resolvedTo}`)).sort()).toEqual(numbers(['T4', 'T5']));
    expect(await list(manager, `openAt=${encodeURIComponent('2026-11-30T17:00:00Z')}`)).toEqual([ids.T2]);
    expect((await list(admin, 'q=T4')).length).toBeGreaterThanOrEqual(1);
    // Read-only for managers: no ability, and the write routes refuse.
    const detail = (await ok(manager, 'GET', `/api/tickets/${ids.T4}`)).json<TicketResponse>();
    expect(detail.abilities).toEqual([]);
    expect((await call(manager, 'POST', `/api/tickets/${ids.T4}/comments`, { comment: 'x' })).statusCode).toBe(403);
    expect((await call(manager, 'POST', `/api/tickets/${ids.T4}/assign`, { assigneeId: s1.user.id })).statusCode).toBe(
      403,
    );
    expect(
      (await call(manager, 'POST', `/api/tickets/${ids.T4}/transitions`, { to: 'CLOSED', comment: 'x' })).statusCode,
    ).toBe(403);
    // Managers read the internal notes too (read-only).
    await ok(s1, 'POST', `/api/tickets/${ids.T4}/comments`, { comment: 'Catatan internal', isInternal: true });
    const notes = (await ok(manager, 'GET', `/api/tickets/${ids.T4}/comments`)).json<{
      items: { isInternal: boolean }[];
    }>();
    expect(notes.items.some((c) => c.isInternal)).toBe(true);
    expect((await ok(manager, 'GET', '/api/tickets/counts')).json()).toMatchObject({ unassigned: 1 });
  });

  it('reads medians of large periods from the per-day histograms, within the documented bound', async () => {
    // exactMedianLimit 0: every period of whole days counts as large.
    const approx = reportsService(t.app.db, clock, { exactMedianLimit: 0, settings: t.app.services.settings });
    const query = { from: '2026-11-30', to: '2026-12-04', granularity: 'day' as const };
    const r = await approx.summary(query);
    // Resolution minutes 120 (bin 28), 240 (bin 32), 360 (bin 34): rank 1.5 of 3 is half-way
    // through bin 32. First responses 30, 30 (bin 20), 180: rank 1.5 is 3/4 through bin 20.
    expect([binOf(120), binOf(240), binOf(360), binOf(30), binOf(180)]).toEqual([28, 32, 34, 20, 30]);
    const [lo32, hi32] = binRange(32);
    const [lo20, hi20] = binRange(20);
    const round1 = (v: number) => Math.round(v * 10) / 10;
    expect(r.current.resolutionTime.medianMinutes).toBe(round1(lo32 + (hi32 - lo32) / 2));
    expect(r.current.firstResponseTime.medianMinutes).toBe(round1(lo20 + ((hi20 - lo20) * 3) / 4));
    expect(Math.abs(r.current.resolutionTime.medianMinutes! - 240)).toBeLessThanOrEqual(240 * HISTOGRAM_RELATIVE_ERROR);
    // Everything else is the same as with exact medians.
    const exact = await report<ReportSummaryResponse>('summary', week);
    expect({ ...r.current, resolutionTime: null, firstResponseTime: null }).toEqual({
      ...exact.current,
      resolutionTime: null,
      firstResponseTime: null,
    });
    // Per group (staff, one dimension: the assignee day grain): S1 resolved 240 and 360 minutes.
    const staff = await approx.staff(query);
    const s1Row = staff.items.find((i) => i.staff?.id === s1.user.id)!;
    expect(s1Row.resolutionTime.medianMinutes).toBe(round1(hi32));
    // Not whole days of the organisation (hourly edges): exact medians, whatever the limit.
    const edges = await approx.summary({
      from: '2026-11-30T10:00:00+07:00',
      to: '2026-12-02T12:00:00+07:00',
      granularity: 'day',
    });
    expect(edges.current.resolutionTime.medianMinutes).toBe(240);
  });

  it('keeps report_stats, report_histograms and report_open equal to a rebuild from scratch', async () => {
    const strip = (rows: Awaited<ReturnType<typeof allStatsRows>>) =>
      rows.map((r) => ({ ...r, bucket: r.bucket.toISOString() }));
    const stripH = (rows: Awaited<ReturnType<typeof allHistogramRows>>) =>
      rows.map((r) => ({ ...r, bucket: r.bucket.toISOString() }));
    const incremental = strip(await allStatsRows(t.app.db));
    const histograms = stripH(await allHistogramRows(t.app.db));
    expect(incremental.length).toBeGreaterThan(20);
    // 5 day grains; each resolution and first response counted once per grain.
    expect(
      histograms
        .filter((h) => h.grain === 11)
        .reduce((n, h) => n + (h as unknown as Record<string, number>).res_h32!, 0),
    ).toBe(1);
    expect(histograms.length).toBeGreaterThanOrEqual(5);
    const open = await allOpenRows(t.app.db);
    // Open now, unfiltered (grain 1): T4 only (T5 was resolved the Monday after, T6 withdrawn).
    expect(open.filter((o) => o.grain === 1)).toEqual([
      { grain: 1, category_id: null, priority_id: null, assignee_id: null, division: null, open: 1 },
    ]);
    const result = await rebuildReportStats(t.app.db);
    expect(result.tickets).toBe(6);
    expect(strip(await allStatsRows(t.app.db))).toEqual(incremental);
    expect(stripH(await allHistogramRows(t.app.db))).toEqual(histograms);
    expect(await allOpenRows(t.app.db)).toEqual(open);
    // The same through the CLI command (npm run cli -- rebuild-report-stats).
    const lines: string[] = [];
    expect(await runCli(['rebuild-report-stats'], t.app.db, (l) => lines.push(l))).toBe(0);
    expect(lines.join('\n')).toMatch(/rebuilt from 6 tickets/);
    expect(strip(await allStatsRows(t.app.db))).toEqual(incremental);
    expect(await allOpenRows(t.app.db)).toEqual(open);
    // And the figures read after the rebuild are the same.
    const r = await report<ReportSummaryResponse>('summary', week);
    expect(r.current).toMatchObject({ created: 5, resolved: 3, backlog: 2, reopen: { rate: 25 } });
  });

  it("follows the organisation's time zone setting: days, today and the summary's day grains", async () => {
    // 8 Dec 10:00 in Jakarta is still 7 Dec (22:00) in New York.
    expect((await ok(manager, 'GET', '/api/reports/calendar')).json()).toEqual({
      timezone: 'Asia/Jakarta',
      today: '2026-12-08',
    });
    expect((await call(user, 'GET', '/api/reports/calendar')).statusCode).toBe(403);
    await ok(admin, 'PATCH', '/api/settings', { timezone: 'America/New_York' });
    expect((await ok(admin, 'GET', '/api/reports/calendar')).json()).toEqual({
      timezone: 'America/New_York',
      today: '2026-12-07',
    });
    // Monday 30 Nov in New York runs 05:00 UTC - 05:00 UTC: created T2 (09:00 UTC) and T3
    // (23:00 UTC), not T1 (02:00 UTC, Sunday evening there); resolved T1 (07:00 UTC) and T2
    // (04:30 UTC Tuesday), not T3 (05:00 UTC Tuesday). The day grains are still Jakarta's: hourly rows.
    const monday = 'from=2026-11-30&to=2026-11-30';
    const before = await report<ReportSummaryResponse>('summary', monday);
    expect(before.period).toEqual({
      from: '2026-11-30T05:00:00.000Z',
      to: '2026-12-01T05:00:00.000Z',
      tz: 'America/New_York',
    });
    expect(before.current).toMatchObject({ created: 2, resolved: 2 });
    const weekBefore = await report<ReportSummaryResponse>('summary', week);
    expect(await statsTimeZone(t.app.db)).toBe('Asia/Jakarta');
    // The worker's job rebuilds the summary in the new zone's days, once; the figures stay.
    expect(await rebuildIfTimeZoneChanged(t.app.db)).toEqual({ rebuilt: true, timeZone: 'America/New_York' });
    expect(await rebuildIfTimeZoneChanged(t.app.db)).toEqual({ rebuilt: false, timeZone: 'America/New_York' });
    expect(await statsTimeZone(t.app.db)).toBe('America/New_York');
    expect((await report<ReportSummaryResponse>('summary', monday)).current).toEqual(before.current);
    expect((await report<ReportSummaryResponse>('summary', week)).current).toEqual(weekBefore.current);
    const days = await report<ReportTrendsResponse>('trends', `${week}&granularity=day`);
    expect(days.buckets[0]).toMatchObject({ label: '2026-11-30', start: '2026-11-30T05:00:00.000Z', created: 2 });
  });
});
