import type { TicketStatus } from '@bantu/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs, type TestApp } from '@test/app';
import { makeCategory, makePriorities, makeTicket, manualClock } from '@test/factories';

type Session = Awaited<ReturnType<typeof loginAs>>;
const HOUR = 3_600_000;
const STATUSES: TicketStatus[] = ['OPEN', 'IN_PROGRESS', 'ON_HOLD', 'RESOLVED', 'CLOSED'];

describe('ticket workflow', () => {
  const clock = manualClock();
  let t: TestApp;
  let requester: Session;
  let staff: Session;
  let staff2: Session;
  let manager: Session;
  let admin: Session;
  let categoryId: string;
  let priorities: Record<string, string>;

  beforeAll(async () => {
    t = await buildTestApp({ clock });
    requester = await loginAs(t.app, 'user');
    staff = await loginAs(t.app, 'it_staff');
    staff2 = await loginAs(t.app, 'it_staff');
    manager = await loginAs(t.app, 'manager');
    admin = await loginAs(t.app, 'admin');
    categoryId = (await makeCategory(t.app.db)).id;
    priorities = await makePriorities(t.app.db);
  });
  afterAll(() => t.close());

  const ticketIn = (status: TicketStatus, assignedTo: string | null = status === 'OPEN' ? null : staff.user.id) =>
    makeTicket(t.app.db, { userId: requester.user.id, categoryId, priorityId: priorities.Sedang!, status, assignedTo });
  const transition = (as: Session, id: string, body: object) =>
    t.app.inject({ method: 'POST', url: `/api/tickets/${id}/transitions`, headers: as.headers, payload: body });
  const get = (as: Session, id: string) =>
    t.app.inject({ method: 'GET', url: `/api/tickets/${id}`, headers: as.headers });

  // The whole table of DESIGN.md §3: [from, to, who] -> expected status code. Anything not listed is refused.
  const allowed: Record<string, Partial<Record<'requester' | 'staff' | 'manager' | 'admin', number>>> = {
    'OPEN>IN_PROGRESS': { staff: 200 },
    'OPEN>CLOSED': { requester: 200, staff: 200, admin: 200 },
    'IN_PROGRESS>ON_HOLD': { staff: 200 },
    'IN_PROGRESS>RESOLVED': { staff: 200 },
    'IN_PROGRESS>CLOSED': { requester: 200, staff: 200, admin: 200 },
    'ON_HOLD>IN_PROGRESS': { staff: 200 },
    'ON_HOLD>CLOSED': { requester: 200, staff: 200, admin: 200 },
    'RESOLVED>CLOSED': { requester: 200 },
    'RESOLVED>IN_PROGRESS': { requester: 200 },
  };
  const graph: Record<TicketStatus, TicketStatus[]> = {
    OPEN: ['IN_PROGRESS', 'CLOSED'],
    IN_PROGRESS: ['ON_HOLD', 'RESOLVED', 'CLOSED'],
    ON_HOLD: ['IN_PROGRESS', 'CLOSED'],
    RESOLVED: ['CLOSED', 'IN_PROGRESS'],
    CLOSED: [],
  };

  it('allows exactly the transitions of the design, per role, and refuses every other', async () => {
    const sessions = { requester: () => requester, staff: () => staff, manager: () => manager, admin: () => admin };
    for (const from of STATUSES) {
      for (const to of STATUSES) {
        if (from === to) continue;
        for (const [who, session] of Object.entries(sessions) as [keyof typeof sessions, () => Session][]) {
          const ticket = await ticketIn(from);
          const res = await transition(session(), ticket.id, {
            to,
            comment: 'Alasan yang jelas',
            ...(to === 'CLOSED' && from === 'RESOLVED' ? { rating: 5 } : {}),
          });
          const inGraph = graph[from].includes(to);
          // A CLOSED ticket refuses every change, whoever asks, before the graph is consulted.
          const expected = from === 'CLOSED' ? 409 : (allowed[`${from}>${to}`]?.[who] ?? (inGraph ? 403 : 409));
          expect(res.statusCode, `${who} ${from} -> ${to}: ${res.body}`).toBe(expected);
          if (expected === 200) {
            expect(res.json().status).toBe(to);
          } else {
            expect((await get(staff, ticket.id)).json().status, 'unchanged').toBe(from);
          }
          if (expected === 409 && from === 'CLOSED') expect(res.json().code).toBe('TICKET_CLOSED');
          else if (expected === 409) {
            expect(res.json().code).toBe('INVALID_TRANSITION');
            expect(Array.isArray(res.json().allowed)).toBe(true);
          }
        }
      }
    }
  });

  it('tells which moves are allowed when refusing one', async () => {
    const ticket = await ticketIn('IN_PROGRESS');
    const res = await transition(staff, ticket.id, { to: 'OPEN' });
    expect(res.statusCode).toBe(409);
    expect(res.json().allowed.sort()).toEqual(['CLOSED', 'ON_HOLD', 'RESOLVED']);
  });

  it('requires a reason to hold, a note to resolve, a comment to reject and a reason for staff to close', async () => {
    for (const [from, to, who] of [
      ['IN_PROGRESS', 'ON_HOLD', staff],
      ['IN_PROGRESS', 'RESOLVED', staff],
      ['RESOLVED', 'IN_PROGRESS', requester],
      ['OPEN', 'CLOSED', staff],
    ] as const) {
      const ticket = await ticketIn(from);
      const res = await transition(who, ticket.id, { to });
      expect(res.statusCode, `${from}->${to}`).toBe(400);
      expect(res.json().errors[0].field).toBe('body.comment');
    }
    // A requester may withdraw without giving a reason.
    expect((await transition(requester, (await ticketIn('OPEN')).id, { to: 'CLOSED' })).statusCode).toBe(200);
  });

  it('puts the reason, note or comment into the conversation', async () => {
    const ticket = await ticketIn('IN_PROGRESS');
    await transition(staff, ticket.id, { to: 'RESOLVED', comment: 'Driver printer diperbarui' });
    const comments = await t.app.inject({
      method: 'GET',
      url: `/api/tickets/${ticket.id}/comments`,
      headers: requester.headers,
    });
    expect(comments.json().items.map((c: { comment: string }) => c.comment)).toEqual(['Driver printer diperbarui']);
    const detail = (await get(requester, ticket.id)).json();
    expect(detail).toMatchObject({
      resolutionNote: 'Driver printer diperbarui',
      abilities: expect.arrayContaining(['accept', 'reject']),
    });
    expect(detail.resolvedAt).not.toBeNull();
  });

  it('accepts a 1-5 rating only when the requester accepts a resolution', async () => {
    const ticket = await ticketIn('RESOLVED');
    expect((await transition(requester, ticket.id, { to: 'CLOSED', rating: 6 })).statusCode).toBe(400);
    const ok = await transition(requester, ticket.id, { to: 'CLOSED', rating: 4, feedback: 'Cepat, terima kasih' });
    expect(ok.json()).toMatchObject({ status: 'CLOSED', rating: 4, feedback: 'Cepat, terima kasih' });
    const other = await ticketIn('IN_PROGRESS');
    expect((await transition(staff, other.id, { to: 'RESOLVED', comment: 'ok', rating: 5 })).statusCode).toBe(400);
  });

  it('keeps the assignee when the requester rejects a resolution', async () => {
    const ticket = await ticketIn('RESOLVED', staff2.user.id);
    const res = await transition(requester, ticket.id, { to: 'IN_PROGRESS', comment: 'Masih error' });
    expect(res.json()).toMatchObject({ status: 'IN_PROGRESS', assignedTo: staff2.user.id, resolvedAt: null });
  });

  it('writes every change to the history, and a matching outbox event', async () => {
    const ticket = await ticketIn('OPEN');
    await transition(staff, ticket.id, { to: 'IN_PROGRESS' });
    await transition(staff, ticket.id, { to: 'ON_HOLD', comment: 'Menunggu suku cadang' });
    const history = (
      await t.app.inject({ method: 'GET', url: `/api/tickets/${ticket.id}/events`, headers: requester.headers })
    ).json().items;
    expect(
      history.map((e: { type: string; from: string | null; to: string | null }) => [e.type, e.from, e.to]),
    ).toEqual([
      ['status_changed', 'OPEN', 'IN_PROGRESS'],
      ['assigned', null, staff.user.name],
      ['status_changed', 'IN_PROGRESS', 'ON_HOLD'],
    ]);
    const outbox = await t.app.db
      .selectFrom('outbox_events')
      .select(['topic', 'payload'])
      .where('ticket_id', '=', ticket.id)
      .orderBy('id')
      .execute();
    expect(outbox.map((e) => e.topic)).toEqual(['ticket.status_changed', 'ticket.status_changed']);
  });

  describe('assignment', () => {
    const assign = (as: Session, id: string, assigneeId: string | null, version?: number) =>
      t.app.inject({
        method: 'POST',
        url: `/api/tickets/${id}/assign`,
        headers: as.headers,
        payload: { assigneeId, version },
      });

    it('assigning an OPEN ticket starts work; reassigning keeps it; unassigning returns it to the queue', async () => {
      const ticket = await ticketIn('OPEN');
      const first = await assign(staff, ticket.id, staff2.user.id);
      expect(first.json()).toMatchObject({
        status: 'IN_PROGRESS',
        assignedTo: staff2.user.id,
        assignee: { name: staff2.user.name },
      });
      const second = await assign(staff, ticket.id, staff.user.id);
      expect(second.json()).toMatchObject({ status: 'IN_PROGRESS', assignedTo: staff.user.id });
      const none = await assign(staff, ticket.id, null);
      expect(none.json()).toMatchObject({ status: 'OPEN', assignedTo: null });
      const outbox = await t.app.db
        .selectFrom('outbox_events')
        .select('topic')
        .where('ticket_id', '=', ticket.id)
        .execute();
      expect(outbox.map((e) => e.topic)).toEqual(['ticket.assigned', 'ticket.assigned', 'ticket.assigned']);
    });

    it('assigns only to active IT staff, and only IT staff assign', async () => {
      const ticket = await ticketIn('OPEN');
      expect((await assign(staff, ticket.id, manager.user.id)).statusCode).toBe(400);
      expect((await assign(staff, ticket.id, requester.user.id)).statusCode).toBe(400);
      expect((await assign(requester, ticket.id, staff.user.id)).statusCode).toBe(403);
      expect((await assign(manager, ticket.id, staff.user.id)).statusCode).toBe(403);
      const closed = await ticketIn('CLOSED');
      expect((await assign(staff, closed.id, staff.user.id)).statusCode).toBe(409);
    });

    it('detects a concurrent change by version', async () => {
      const ticket = await ticketIn('OPEN');
      const v = (await get(staff, ticket.id)).json().version;
      const [a, b] = await Promise.all([
        assign(staff, ticket.id, staff.user.id, v),
        assign(staff2, ticket.id, staff2.user.id, v),
      ]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
      const loser = a.statusCode === 409 ? a : b;
      expect(loser.json().code).toBe('VERSION_CONFLICT');
    });
  });

  describe('editing', () => {
    const patch = (as: Session, id: string, body: object) =>
      t.app.inject({ method: 'PATCH', url: `/api/tickets/${id}`, headers: as.headers, payload: body });

    it('lets the requester edit the text while OPEN, and staff the category and priority', async () => {
      const ticket = await ticketIn('OPEN');
      const ok = await patch(requester, ticket.id, { version: 1, title: 'Judul yang lebih jelas' });
      expect(ok.json()).toMatchObject({ title: 'Judul yang lebih jelas', version: 2 });
      expect((await patch(requester, ticket.id, { version: 2, priorityId: priorities.Tinggi })).statusCode).toBe(403);
      expect((await patch(staff, ticket.id, { version: 2, title: 'Staff renames' })).statusCode).toBe(403);
      const inProgress = await ticketIn('IN_PROGRESS');
      expect((await patch(requester, inProgress.id, { version: 1, title: 'Terlambat mengubah' })).statusCode).toBe(403);
    });

    it('never loses an update: the second writer with a stale version gets 409', async () => {
      const ticket = await ticketIn('OPEN');
      const first = await patch(requester, ticket.id, { version: 1, description: 'Versi pertama' });
      expect(first.statusCode).toBe(200);
      const second = await patch(requester, ticket.id, { version: 1, description: 'Versi kedua' });
      expect(second.statusCode).toBe(409);
      expect(second.json().code).toBe('VERSION_CONFLICT');
      expect((await get(requester, ticket.id)).json().description).toBe('Versi pertama');
    });

    it('recomputes the SLA deadline when the priority changes, and records it', async () => {
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/tickets',
        headers: requester.headers,
        payload: { title: 'Server down', description: 'x', categoryId },
      });
      const ticket = created.json();
      expect(new Date(ticket.slaDeadline).getTime() - new Date(ticket.createdAt).getTime()).toBe(24 * HOUR);
      const res = await patch(staff, ticket.id, { version: ticket.version, priorityId: priorities.Kritis });
      expect(res.statusCode).toBe(200);
      expect(res.json().priority.name).toBe('Kritis');
      expect(new Date(res.json().slaDeadline).getTime() - new Date(ticket.createdAt).getTime()).toBe(4 * HOUR);
      const history = (
        await t.app.inject({ method: 'GET', url: `/api/tickets/${ticket.id}/events`, headers: staff.headers })
      ).json().items;
      expect(history.at(-1)).toMatchObject({ field: 'priority', from: 'Sedang', to: 'Kritis' });
    });
  });

  describe('SLA clock', () => {
    it('pauses while ON_HOLD: the deadline moves by the time spent on hold', async () => {
      clock.set(new Date('2026-11-10T01:00:00Z'));
      const ticket = (
        await t.app.inject({
          method: 'POST',
          url: '/api/tickets',
          headers: requester.headers,
          payload: { title: 'VPN putus-putus', description: 'x', categoryId },
        })
      ).json();
      const deadline = new Date(ticket.slaDeadline).getTime();
      await transition(staff, ticket.id, { to: 'IN_PROGRESS' });
      clock.advance(2 * HOUR);
      await transition(staff, ticket.id, { to: 'ON_HOLD', comment: 'Menunggu ISP' });
      clock.advance(30 * HOUR); // past the original deadline, but the clock is paused
      expect((await get(staff, ticket.id)).json().slaState).toBe('on_track');
      const resumed = (await transition(staff, ticket.id, { to: 'IN_PROGRESS' })).json();
      expect(new Date(resumed.slaDeadline).getTime()).toBe(deadline + 30 * HOUR);
      expect(resumed.slaState).toBe('on_track');
      clock.advance(19 * HOUR); // 21 of 24 hours used: past the 80% mark
      expect((await get(staff, ticket.id)).json().slaState).toBe('at_risk');
      clock.advance(4 * HOUR);
      expect((await get(staff, ticket.id)).json().slaState).toBe('breached');
      const overdue = await t.app.inject({
        method: 'GET',
        url: '/api/tickets?slaState=breached',
        headers: staff.headers,
      });
      expect(overdue.json().items.map((x: { id: string }) => x.id)).toContain(ticket.id);
      const resolved = (await transition(staff, ticket.id, { to: 'RESOLVED', comment: 'ISP memperbaiki' })).json();
      expect(resolved.slaState).toBe('missed');
    });
  });

  describe('auto-close', () => {
    it('closes RESOLVED tickets after the configured days, not before, with history and event', async () => {
      clock.set(new Date('2026-11-20T00:00:00Z'));
      const old = await makeTicket(t.app.db, {
        userId: requester.user.id,
        categoryId,
        priorityId: priorities.Rendah!,
        status: 'RESOLVED',
        resolvedAt: new Date('2026-11-16T00:00:00Z'),
      });
      const recent = await makeTicket(t.app.db, {
        userId: requester.user.id,
        categoryId,
        priorityId: priorities.Rendah!,
        status: 'RESOLVED',
        resolvedAt: new Date('2026-11-18T00:00:00Z'),
      });
      const { autoCloseTickets } = await import('./tickets.jobs');
      const { snapshotStats } = await import('@/modules/reports/reports.stats');
      const closed = await autoCloseTickets(t.app.db, clock, {
        stats: snapshotStats,
        settings: t.app.services.settings,
      });
      expect(closed).toBeGreaterThanOrEqual(1);
      expect((await get(staff, old.id)).json().status).toBe('CLOSED');
      expect((await get(staff, recent.id)).json().status).toBe('RESOLVED');
      const history = (
        await t.app.inject({ method: 'GET', url: `/api/tickets/${old.id}/events`, headers: requester.headers })
      ).json().items;
      expect(history.at(-1)).toMatchObject({ type: 'status_changed', from: 'RESOLVED', to: 'CLOSED', actor: null });
      const outbox = await t.app.db
        .selectFrom('outbox_events')
        .select('payload')
        .where('ticket_id', '=', old.id)
        .execute();
      expect(outbox.map((e) => (e.payload as { action: string }).action)).toEqual(['auto_close']);
      // Turned off with 0 days.
      await t.app.inject({
        method: 'PATCH',
        url: '/api/settings',
        headers: admin.headers,
        payload: { autoCloseDays: 0 },
      });
      clock.advance(10 * 24 * HOUR);
      expect(await autoCloseTickets(t.app.db, clock, { stats: snapshotStats, settings: t.app.services.settings })).toBe(
        0,
      );
      expect((await get(staff, recent.id)).json().status).toBe('RESOLVED');
    });
  });
});
