import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs, type TestApp } from '@test/app';
import { makeCategories, makePriorities, makeUser, manualClock } from '@test/factories';

type Session = Awaited<ReturnType<typeof loginAs>>;
const HOUR = 3_600_000;

async function catalog(t: TestApp) {
  const priorities = await makePriorities(t.app.db);
  const categories = await makeCategories(t.app.db, ['Perangkat Keras', 'Email', 'Lainnya', 'Jaringan', 'Printer']);
  return {
    p: (name: keyof typeof priorities) => priorities[name],
    c: (name: keyof typeof categories) => categories[name],
  };
}

describe('creating tickets', () => {
  const clock = manualClock();
  let t: TestApp;
  let user: Session;
  let staff: Session;
  let cat: Awaited<ReturnType<typeof catalog>>;
  beforeAll(async () => {
    t = await buildTestApp({ clock });
    cat = await catalog(t);
    user = await loginAs(t.app, 'user');
    staff = await loginAs(t.app, 'it_staff');
  });
  afterAll(() => t.close());

  const create = (as: Session, payload: object) =>
    t.app.inject({ method: 'POST', url: '/api/tickets', headers: as.headers, payload });

  it('opens a ticket with a number, the default priority and its SLA deadline, history and outbox event', async () => {
    const res = await create(user, {
      title: 'Laptop mati total',
      description: 'Tidak bisa dinyalakan sejak pagi',
      categoryId: cat.c('Perangkat Keras'),
    });
    expect(res.statusCode).toBe(201);
    const ticket = res.json();
    expect(ticket).toMatchObject({
      status: 'OPEN',
      userId: user.user.id,
      assignedTo: null,
      priority: { name: 'Sedang' },
      category: { name: 'Perangkat Keras' },
      slaState: 'on_track',
      version: 1,
    });
    // 02:00 UTC on 2 Nov is November in Jakarta too.
    expect(ticket.ticketNumber).toMatch(/^TKT-202611-\d{5}$/);
    expect(new Date(ticket.slaDeadline).getTime() - new Date(ticket.createdAt).getTime()).toBe(24 * HOUR);
    expect(ticket.firstResponseDueAt).not.toBeNull();
    expect(ticket.abilities).toEqual(expect.arrayContaining(['edit_text', 'comment', 'withdraw']));
    expect(ticket.abilities).not.toContain('assign');
    const events = await t.app.db.selectFrom('outbox_events').selectAll().where('ticket_id', '=', ticket.id).execute();
    expect(events.map((e) => e.topic)).toEqual(['ticket.created']);
    const history = await t.app.inject({
      method: 'GET',
      url: `/api/tickets/${ticket.id}/events`,
      headers: user.headers,
    });
    expect(history.json().items).toMatchObject([{ type: 'created', actor: { id: user.user.id } }]);
  });

  it('finds a ticket by its number as well as its id', async () => {
    const ticket = (
      await create(user, { title: 'Email tidak masuk', description: 'x', categoryId: cat.c('Email') })
    ).json();
    const byNumber = await t.app.inject({
      method: 'GET',
      url: `/api/tickets/${ticket.ticketNumber.toLowerCase()}`,
      headers: user.headers,
    });
    expect(byNumber.statusCode).toBe(200);
    expect(byNumber.json().id).toBe(ticket.id);
  });

  it('validates title, description, category and priority', async () => {
    const res = await create(user, { title: 'abc', description: '', categoryId: 'x' });
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['body.categoryId', 'body.description', 'body.title']);
    const tooLong = await create(user, {
      title: 'Judul cukup',
      description: 'a'.repeat(20_001),
      categoryId: cat.c('Lainnya'),
    });
    expect(tooLong.statusCode).toBe(400);
    const inactive = await t.app.db
      .insertInto('categories')
      .values({ name: 'Retired', is_active: false })
      .returning('id')
      .executeTakeFirstOrThrow();
    const res2 = await create(user, { title: 'Judul cukup', description: 'x', categoryId: inactive.id });
    expect(res2.statusCode).toBe(400);
    expect(res2.json().errors[0].field).toBe('body.categoryId');
  });

  it('lets IT staff, and only them, create a ticket on behalf of an active user', async () => {
    const other = await makeUser(t.app.db);
    const byUser = await create(user, {
      title: 'Atas nama orang',
      description: 'x',
      categoryId: cat.c('Lainnya'),
      requesterId: other.id,
    });
    expect(byUser.statusCode).toBe(403);
    const byStaff = await create(staff, {
      title: 'Telepon dari Budi',
      description: 'x',
      categoryId: cat.c('Jaringan'),
      priorityId: cat.p('Tinggi'),
      requesterId: other.id,
    });
    expect(byStaff.statusCode).toBe(201);
    expect(byStaff.json()).toMatchObject({ userId: other.id, priority: { name: 'Tinggi' } });
    const inactive = await makeUser(t.app.db, { status: false });
    expect(
      (
        await create(staff, {
          title: 'Untuk nonaktif',
          description: 'x',
          categoryId: cat.c('Lainnya'),
          requesterId: inactive.id,
        })
      ).statusCode,
    ).toBe(400);
  });

  it('gives 100 concurrent creates 100 distinct numbers', async () => {
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        create(user, { title: `Tiket serentak ${i}`, description: 'x', categoryId: cat.c('Lainnya') }),
      ),
    );
    expect(results.map((r) => r.statusCode).every((s) => s === 201)).toBe(true);
    const numbers = new Set(results.map((r) => r.json().ticketNumber));
    expect(numbers.size).toBe(100);
  });

  it('starts a new sequence each month, in the organisation time zone', async () => {
    clock.set(new Date('2026-11-30T17:30:00Z')); // already 1 Dec 00:30 in Jakarta
    const res = await create(user, { title: 'Awal bulan baru', description: 'x', categoryId: cat.c('Lainnya') });
    expect(res.json().ticketNumber).toBe('TKT-202612-00001');
    clock.set(new Date('2026-11-02T02:00:00Z'));
  });

  it('leaves nothing behind when the transaction fails halfway (no ticket, no history, no event)', async () => {
    const before = await t.app.db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    // Fault injection: the outbox insert, the last write of the use case, fails.
    await sql`create function fail_outbox() returns trigger language plpgsql as $$ begin raise exception 'injected'; end $$`.execute(
      t.app.db,
    );
    await sql`create trigger fail_outbox before insert on outbox_events for each row execute function fail_outbox()`.execute(
      t.app.db,
    );
    try {
      const res = await create(user, { title: 'Tidak akan tersimpan', description: 'x', categoryId: cat.c('Lainnya') });
      expect(res.statusCode).toBe(500);
    } finally {
      await sql`drop trigger fail_outbox on outbox_events`.execute(t.app.db);
      await sql`drop function fail_outbox()`.execute(t.app.db);
    }
    const after = await t.app.db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const orphanEvents = await t.app.db
      .selectFrom('ticket_events')
      .leftJoin('tickets', 'tickets.id', 'ticket_events.ticket_id')
      .where('tickets.id', 'is', null)
      .select('ticket_events.id')
      .execute();
    expect(orphanEvents).toEqual([]);
  });
});

describe('who sees what', () => {
  let t: TestApp;
  let user: Session;
  let user2: Session;
  let staff: Session;
  let ticketId: string;
  let ticketNumber: string;
  beforeAll(async () => {
    t = await buildTestApp();
    const cat = await catalog(t);
    user = await loginAs(t.app, 'user');
    user2 = await loginAs(t.app, 'user');
    staff = await loginAs(t.app, 'it_staff');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/tickets',
      headers: user.headers,
      payload: { title: 'Printer lantai tiga macet', description: 'Kertas tersangkut', categoryId: cat.c('Printer') },
    });
    ticketId = res.json().id;
    ticketNumber = res.json().ticketNumber;
    await t.app.inject({
      method: 'POST',
      url: `/api/tickets/${ticketId}/comments`,
      headers: staff.headers,
      payload: { comment: 'Sudah saya cek, ganti roller', isInternal: false },
    });
    await t.app.inject({
      method: 'POST',
      url: `/api/tickets/${ticketId}/comments`,
      headers: staff.headers,
      payload: { comment: 'Catatan rahasia: vendor kontrak habis', isInternal: true },
    });
  });
  afterAll(() => t.close());

  const get = (as: Session, url: string) => t.app.inject({ method: 'GET', url, headers: as.headers });

  it('answers 404 to another requester for the ticket, its number, comments, events and changes', async () => {
    for (const url of [
      `/api/tickets/${ticketId}`,
      `/api/tickets/${ticketNumber}`,
      `/api/tickets/${ticketId}/comments`,
      `/api/tickets/${ticketId}/events`,
    ]) {
      const res = await get(user2, url);
      expect(res.statusCode, url).toBe(404);
    }
    const comment = await t.app.inject({
      method: 'POST',
      url: `/api/tickets/${ticketId}/comments`,
      headers: user2.headers,
      payload: { comment: 'hi' },
    });
    expect(comment.statusCode).toBe(404);
    const close = await t.app.inject({
      method: 'POST',
      url: `/api/tickets/${ticketId}/transitions`,
      headers: user2.headers,
      payload: { to: 'CLOSED' },
    });
    expect(close.statusCode).toBe(404);
    expect((await get(user2, '/api/tickets')).json().items).toEqual([]);
    expect((await get(user2, `/api/tickets?requesterId=${user.user.id}`)).json().items).toEqual([]);
  });

  it('never shows, counts or finds an internal note for the requester', async () => {
    const mine = await get(user, `/api/tickets/${ticketId}/comments`);
    expect(mine.json().items.map((c: { comment: string }) => c.comment)).toEqual(['Sudah saya cek, ganti roller']);
    expect(mine.body).not.toContain('rahasia');
    const search = await get(user, '/api/tickets?q=rahasia');
    expect(search.json().items).toEqual([]);
    const staffSearch = await get(staff, '/api/tickets?q=rahasia');
    expect(staffSearch.json().items.map((x: { id: string }) => x.id)).toEqual([ticketId]);
    const staffComments = await get(staff, `/api/tickets/${ticketId}/comments`);
    expect(staffComments.json().items).toHaveLength(2);
  });

  it('refuses internal notes from requesters', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/tickets/${ticketId}/comments`,
      headers: user.headers,
      payload: { comment: 'sneaky', isInternal: true },
    });
    expect(res.statusCode).toBe(403);
  });

  it('records the first staff response, not the requester’s own comments or internal notes', async () => {
    const ticket = (await get(user, `/api/tickets/${ticketId}`)).json();
    expect(ticket.firstResponseAt).not.toBeNull();
    const fresh = (
      await t.app.inject({
        method: 'POST',
        url: '/api/tickets',
        headers: user.headers,
        payload: { title: 'Wifi lambat sekali', description: 'x', categoryId: ticket.categoryId },
      })
    ).json();
    await t.app.inject({
      method: 'POST',
      url: `/api/tickets/${fresh.id}/comments`,
      headers: user.headers,
      payload: { comment: 'Tolong segera' },
    });
    await t.app.inject({
      method: 'POST',
      url: `/api/tickets/${fresh.id}/comments`,
      headers: staff.headers,
      payload: { comment: 'cek AP', isInternal: true },
    });
    expect((await get(user, `/api/tickets/${fresh.id}`)).json().firstResponseAt).toBeNull();
  });

  it('keeps stored markup verbatim for safe rendering, never executing it server-side', async () => {
    const payload = '<img src=x onerror=alert(1)> [klik](javascript:alert(1))';
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/tickets/${ticketId}/comments`,
      headers: user.headers,
      payload: { comment: payload },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().comment).toBe(payload);
    expect(res.headers['content-type']).toContain('application/json');
  });
});
