import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs, type TestApp } from '@test/app';
import { makeCategories, makePriorities, makeTicket } from '@test/factories';

type Session = Awaited<ReturnType<typeof loginAs>>;
const HOUR = 3_600_000;

describe('finding tickets', () => {
  let t: TestApp;
  let requester: Session;
  let other: Session;
  let staff: Session;
  let staff2: Session;
  let p: Record<string, string>;
  let c: Record<string, string>;
  const ids: Record<string, string> = {};
  const now = Date.now();

  beforeAll(async () => {
    t = await buildTestApp();
    requester = await loginAs(t.app, 'user');
    other = await loginAs(t.app, 'user');
    staff = await loginAs(t.app, 'it_staff');
    staff2 = await loginAs(t.app, 'it_staff');
    p = await makePriorities(t.app.db);
    c = await makeCategories(t.app.db, ['Perangkat Keras', 'Printer', 'Jaringan', 'Email', 'Akun & Akses']);
    const make = async (key: string, o: Partial<Parameters<typeof makeTicket>[1]> & { level?: number }) => {
      const row = await makeTicket(t.app.db, {
        userId: requester.user.id,
        categoryId: c['Perangkat Keras']!,
        priorityId: p.Sedang!,
        ...o,
      });
      // Keep the denormalised sort key in step with the priority, as the service does.
      const level = (
        await t.app.db
          .selectFrom('priorities')
          .select('level')
          .where('id', '=', row.priority_id)
          .executeTakeFirstOrThrow()
      ).level;
      await t.app.db.updateTable('tickets').set({ priority_level: level }).where('id', '=', row.id).execute();
      ids[key] = row.id;
    };
    await make('printer', {
      title: 'Printer kantor tidak mencetak',
      description: 'Pencetak di lantai 2',
      categoryId: c.Printer,
      createdAt: new Date(now - 5 * HOUR),
      slaDeadline: new Date(now + 10 * HOUR),
    });
    await make('vpn', {
      title: 'VPN disconnects every hour',
      description: 'Connection drops',
      categoryId: c.Jaringan,
      priorityId: p.Kritis,
      status: 'IN_PROGRESS',
      assignedTo: staff.user.id,
      createdAt: new Date(now - 4 * HOUR),
      slaDeadline: new Date(now - HOUR),
    });
    await make('mail', {
      title: 'Kotak surat penuh',
      description: 'Email quota',
      categoryId: c.Email,
      priorityId: p.Rendah,
      status: 'ON_HOLD',
      assignedTo: staff2.user.id,
      createdAt: new Date(now - 3 * HOUR),
      slaDeadline: new Date(now + 50 * HOUR),
    });
    await make('done', {
      title: 'Password reset',
      description: 'Lupa kata sandi',
      categoryId: c['Akun & Akses'],
      status: 'CLOSED',
      createdAt: new Date(now - 2 * HOUR),
    });
    await make('others', {
      title: 'Monitor berkedip',
      description: 'x',
      userId: other.user.id,
      createdAt: new Date(now - HOUR),
      slaDeadline: new Date(now + 20 * HOUR),
    });
    const numbered = await t.app.db
      .updateTable('tickets')
      .set({ ticket_number: 'TKT-202611-04242' })
      .where('id', '=', ids.printer!)
      .returning('id')
      .execute();
    expect(numbered).toHaveLength(1);
  });
  afterAll(() => t.close());

  const list = async (as: Session, qs: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/tickets?${qs}`, headers: as.headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ items: { id: string }[]; nextCursor: string | null }>();
  };
  const keys = (items: { id: string }[]) => items.map((i) => Object.entries(ids).find(([, id]) => id === i.id)?.[0]);

  it('shows a requester only their own tickets, newest first', async () => {
    expect(keys((await list(requester, '')).items)).toEqual(['done', 'mail', 'vpn', 'printer']);
    expect(keys((await list(other, '')).items)).toEqual(['others']);
  });

  it('filters by status, priority, category, assignee, requester and creation time', async () => {
    expect(keys((await list(staff, 'status=OPEN,ON_HOLD')).items)).toEqual(['others', 'mail', 'printer']);
    expect(keys((await list(staff, `priorityId=${p.Kritis}`)).items)).toEqual(['vpn']);
    expect(keys((await list(staff, `categoryId=${c.Email}`)).items)).toEqual(['mail']);
    expect(keys((await list(staff, 'assigneeId=me')).items)).toEqual(['vpn']);
    expect(keys((await list(staff2, 'assigneeId=me')).items)).toEqual(['mail']);
    expect(keys((await list(staff, 'assigneeId=none&status=OPEN')).items)).toEqual(['others', 'printer']);
    expect(keys((await list(staff, `requesterId=${other.user.id}`)).items)).toEqual(['others']);
    const from = new Date(now - 3.5 * HOUR).toISOString();
    const to = new Date(now - 1.5 * HOUR).toISOString();
    expect(keys((await list(staff, `createdFrom=${from}&createdTo=${to}`)).items)).toEqual(['done', 'mail']);
  });

  it('filters by SLA state', async () => {
    expect(keys((await list(staff, 'slaState=breached')).items)).toEqual(['vpn']);
    expect(keys((await list(staff, 'slaState=on_track,at_risk')).items).sort()).toEqual(['mail', 'others', 'printer']);
  });

  it('sorts by priority, last update and SLA deadline', async () => {
    expect(keys((await list(staff, 'sort=priority&status=OPEN,IN_PROGRESS,ON_HOLD')).items)).toEqual([
      'vpn',
      'others',
      'printer',
      'mail',
    ]);
    expect(keys((await list(staff, 'sort=sla&status=OPEN,IN_PROGRESS,ON_HOLD')).items)).toEqual([
      'vpn',
      'printer',
      'others',
      'mail',
    ]);
    await t.app.inject({
      method: 'POST',
      url: `/api/tickets/${ids.printer}/comments`,
      headers: staff.headers,
      payload: { comment: 'Sedang dicek' },
    });
    expect(keys((await list(staff, 'sort=updated')).items)[0]).toBe('printer');
  });

  it('pages with a cursor, in every sort, without repeats or gaps', async () => {
    for (const sort of ['newest', 'updated', 'priority', 'sla']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await list(staff, `sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen, sort).toHaveLength(5);
      expect(new Set(seen).size, sort).toBe(5);
    }
    const bad = await t.app.inject({ method: 'GET', url: '/api/tickets?cursor=garbage', headers: staff.headers });
    expect(bad.statusCode).toBe(400);
  });

  it('searches words in Indonesian and English by prefix, partial numbers, and comments', async () => {
    expect(keys((await list(staff, 'q=pencet')).items)).toEqual(['printer']);
    expect(keys((await list(staff, 'q=disconnect')).items)).toEqual(['vpn']);
    expect(keys((await list(staff, 'q=KOTAK%20surat')).items)).toEqual(['mail']);
    expect(keys((await list(staff, 'q=04242')).items)).toEqual(['printer']);
    expect(keys((await list(staff, 'q=202611-0424')).items)).toEqual(['printer']);
    expect(keys((await list(staff, 'q=dicek')).items)).toEqual(['printer']);
    // Odd input is just text.
    expect((await list(staff, `q=${encodeURIComponent("'); drop table tickets; --")}`)).items).toEqual([]);
    expect((await list(staff, 'q=%25')).items).toEqual([]);
    // A requester's search stays within their own tickets.
    expect(keys((await list(other, 'q=printer')).items)).toEqual([]);
  });

  it('counts the staff queue tabs', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/tickets/counts', headers: staff.headers });
    expect(res.json()).toEqual({ unassigned: 2, mine: 1, open: 2, onHold: 1, overdue: 1 });
    const forbidden = await t.app.inject({ method: 'GET', url: '/api/tickets/counts', headers: requester.headers });
    expect(forbidden.statusCode).toBe(403);
  });

  it('lists active IT staff with their open workload', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/staff', headers: staff.headers });
    const mine = res.json().items.find((s: { id: string }) => s.id === staff.user.id);
    expect(mine).toMatchObject({ name: staff.user.name, openTickets: 1 });
    expect(res.json().items.every((s: { id: string }) => s.id !== requester.user.id)).toBe(true);
  });

  it('records mentions of staff in internal notes for notification', async () => {
    const note = `Tolong bantu @[${staff2.user.name}](${staff2.user.id}) dan @[Bukan staf](${requester.user.id})`;
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/tickets/${ids.vpn}/comments`,
      headers: staff.headers,
      payload: { comment: note, isInternal: true },
    });
    expect(res.statusCode).toBe(201);
    const event = await t.app.db
      .selectFrom('outbox_events')
      .select('payload')
      .where('ticket_id', '=', ids.vpn!)
      .where('topic', '=', 'ticket.comment_added')
      .executeTakeFirstOrThrow();
    expect(event.payload).toMatchObject({ isInternal: true, mentions: [staff2.user.id] });
  });
});
