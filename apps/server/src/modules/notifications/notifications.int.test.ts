import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs, type TestApp } from '@test/app';
import { makeCategory, makePriorities, makeUser, manualClock } from '@test/factories';
import { startSmtp } from '@test/smtp';
import { deliveryJobs, settled, startTestWorker, until } from '@test/worker';
import { captureMailer, smtpMailer, type Mailer } from '@/infra/mail/mailer';
import { outboxDispatcher } from './notifications.dispatcher';
import { DELIVERY_QUEUE, enqueueDelivery } from './notifications.queue';

type Session = Awaited<ReturnType<typeof loginAs>>;
type Worker = Awaited<ReturnType<typeof startTestWorker>>;

describe('notifications by e-mail and in the app', () => {
  const clock = manualClock(new Date('2026-11-25T03:00:00Z'));
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let requester: Session;
  let staff: Session;
  let staff2: Session;
  let categoryId: string;
  let worker: Worker;
  const publicUrl = 'https://helpdesk.example.co.id';

  beforeAll(async () => {
    t = await buildTestApp({ clock });
    // Its own world: the priorities (with SLA rules) and only the staff it logs in.
    await makePriorities(t.app.db);
    requester = await loginAs(t.app, 'user');
    staff = await loginAs(t.app, 'it_staff');
    staff2 = await loginAs(t.app, 'it_staff');
    await t.app.db.updateTable('users').set({ locale: 'en' }).where('id', '=', staff2.user.id).execute();
    await makeUser(t.app.db, { role: 'it_staff', status: false, email: 'gone@test.local' });
    categoryId = (await makeCategory(t.app.db)).id;
    smtp = await startSmtp();
    worker = await startTestWorker(t, { mailer: smtpMailer(smtp.url), publicUrl });
  });
  afterAll(async () => {
    await worker.stop();
    await smtp.stop();
    await t.close();
  });

  const deliverAll = () => settled(t.app.db);
  const mailsTo = (email: string) => smtp.messages.filter((m) => m.to && JSON.stringify(m.to).includes(email));
  const mailsWith = (text: string) => smtp.messages.filter((m) => m.text?.includes(text));
  const post = (as: Session, url: string, payload: object) => {
    clock.advance(1000); // each change a second after the last: lists in a stable order
    return t.app.inject({ method: 'POST', url, headers: as.headers, payload });
  };
  const deliveryOf = async (text: string) => {
    const rows = await t.app.db
      .selectFrom('notification_deliveries as d')
      .innerJoin('notifications as n', 'n.id', 'd.notification_id')
      .selectAll('d')
      .where(sql<boolean>`n.data->>'excerpt' = ${text}`)
      .execute();
    return rows;
  };
  const replaceWorker = async (mailer: Mailer, expireInSeconds?: number) => {
    await worker.stop();
    worker = await startTestWorker(t, {
      mailer,
      publicUrl,
      ...(expireInSeconds ? { deliveryQueueOptions: { expireInSeconds } } : {}),
    });
  };

  let ticket: { id: string; ticketNumber: string };

  it('ticket created → every active IT staff member, in their language, not a deactivated one; the requester a receipt', async () => {
    ticket = (
      await post(requester, '/api/tickets', {
        title: 'Printer <b>macet</b>',
        description: 'Kertas tersangkut',
        categoryId,
      })
    ).json();
    await deliverAll();
    const s1 = mailsTo(staff.user.email);
    const s2 = mailsTo(staff2.user.email);
    expect(s1).toHaveLength(1);
    expect(s2).toHaveLength(1);
    expect(s1[0]!.subject).toBe(`[${ticket.ticketNumber}] Tiket baru: Printer <b>macet</b>`);
    expect(s2[0]!.subject).toBe(`[${ticket.ticketNumber}] New ticket: Printer <b>macet</b>`);
    // User input is escaped in the HTML part; the link leads to the ticket.
    expect(s1[0]!.html).toContain('Printer &lt;b&gt;macet&lt;/b&gt;');
    expect(s1[0]!.text).toContain(`https://helpdesk.example.co.id/tickets/${ticket.ticketNumber}`);
    // The requester hears only "we received your ticket", not the staff's "new ticket".
    expect(mailsTo(requester.user.email).map((m) => m.subject)).toEqual([
      `[${ticket.ticketNumber}] Kami menerima tiket Anda ${ticket.ticketNumber}: Printer <b>macet</b>`,
    ]);
    expect(mailsTo('gone@test.local')).toHaveLength(0);
  });

  it('assigned → the requester, and the assignee when someone else assigned it', async () => {
    await post(staff, `/api/tickets/${ticket.id}/assign`, { assigneeId: staff2.user.id });
    await deliverAll();
    const toRequester = mailsTo(requester.user.email);
    expect(toRequester.map((m) => m.subject)).toEqual([
      expect.stringContaining('Kami menerima tiket Anda'),
      expect.stringContaining('ditangani oleh'),
    ]);
    expect(mailsTo(staff2.user.email).at(-1)!.subject).toContain('Ticket assigned to');
    expect(mailsTo(staff.user.email)).toHaveLength(1); // the actor hears nothing new
  });

  it('status change → the requester', async () => {
    await post(staff2, `/api/tickets/${ticket.id}/transitions`, { to: 'ON_HOLD', comment: 'Menunggu toner' });
    await deliverAll();
    const last = mailsTo(requester.user.email).at(-1)!;
    expect(last.subject).toContain('Status: Ditunda');
    expect(last.text).toContain('Dikerjakan');
  });

  it('public comment → the other side; internal note → assignee and mentioned staff, never the requester', async () => {
    const before = mailsTo(requester.user.email).length;
    await post(staff2, `/api/tickets/${ticket.id}/comments`, { comment: 'Toner sudah dipesan' });
    await deliverAll();
    const reply = mailsTo(requester.user.email).at(-1)!;
    expect(mailsTo(requester.user.email)).toHaveLength(before + 1);
    expect(reply.text).toContain('Toner sudah dipesan');

    await post(requester, `/api/tickets/${ticket.id}/comments`, { comment: 'Terima kasih' });
    await deliverAll();
    expect(mailsTo(staff2.user.email).at(-1)!.text).toContain('Terima kasih');

    const staffBefore = mailsTo(staff.user.email).length;
    await post(staff2, `/api/tickets/${ticket.id}/comments`, {
      comment: `Vendor lambat, tolong bantu @[${staff.user.name}](${staff.user.id}) @[x](${requester.user.id})`,
      isInternal: true,
    });
    await deliverAll();
    expect(mailsTo(requester.user.email)).toHaveLength(before + 1);
    expect(mailsTo(staff.user.email)).toHaveLength(staffBefore + 1);
    expect(mailsTo(staff.user.email).at(-1)!.subject).toContain('Catatan internal');
  });

  it('threads every mail of a ticket together', () => {
    const refs = new Set(smtp.messages.map((m) => String(m.references ?? m.inReplyTo)));
    expect(refs).toEqual(new Set([`<ticket-${ticket.id}@bantu>`]));
    const ids = smtp.messages.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('shows notifications in the app with an unread count, and marks them read', async () => {
    const list = await t.app.inject({ method: 'GET', url: '/api/notifications', headers: requester.headers });
    const kinds = list.json().items.map((n: { kind: string }) => n.kind);
    expect(kinds).toEqual(['comment_added', 'status_changed', 'ticket_assigned', 'ticket_received']);
    expect(JSON.stringify(list.json())).not.toContain('Vendor lambat');
    const count = await t.app.inject({
      method: 'GET',
      url: '/api/notifications/unread-count',
      headers: requester.headers,
    });
    expect(count.json()).toEqual({ count: 4 });
    const first = list.json().items[0].id;
    expect((await post(requester, '/api/notifications/read', { ids: [first] })).json()).toEqual({ count: 3 });
    expect((await post(requester, '/api/notifications/read', { all: true })).json()).toEqual({ count: 0 });
    expect((await post(requester, '/api/notifications/read', {})).statusCode).toBe(400);
  });

  it('queues nothing for a rolled-back change: no delivery row, no pg-boss job, no mail', async () => {
    const db = t.app.db;
    const jobsBefore = (await deliveryJobs(db)).length;
    const deliveriesBefore = (await db.selectFrom('notification_deliveries').select('id').execute()).length;

    // 1. The dispatcher's transaction fails at its very end (a trigger refuses to mark the
    //    event processed), after it wrote the notifications and deliveries and queued the jobs.
    await sql`CREATE FUNCTION refuse_outbox() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by test'; END $$`.execute(
      db,
    );
    await sql`CREATE TRIGGER refuse_outbox BEFORE UPDATE ON outbox_events FOR EACH ROW EXECUTE FUNCTION refuse_outbox()`.execute(
      db,
    );
    await worker.stop(); // this test dispatches by itself
    await post(requester, `/api/tickets/${ticket.id}/comments`, { comment: 'Batal dulu' });
    const service = outboxDispatcher({ db, clock, whatsappConfigured: false });
    await expect(service.dispatch()).rejects.toThrow('refused by test');
    worker = await startTestWorker(t, { mailer: smtpMailer(smtp.url), publicUrl });

    // 2. A transaction that writes a delivery, queues its job, then stays open while the
    //    workers poll (on PGlite a job run inside it would see the row: the stack-spike trap),
    //    and rolls back.
    const notification = await db
      .selectFrom('notifications')
      .select(['id', 'user_id'])
      .where('user_id', '=', staff.user.id)
      .executeTakeFirstOrThrow();
    let rolledBackId = '';
    await expect(
      db.transaction().execute(async (trx) => {
        const event = await trx
          .insertInto('outbox_events')
          .values({
            topic: 'ticket.comment_added',
            ticket_id: ticket.id,
            actor_id: null,
            payload: '{}',
            processed_at: clock.now(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const n = await trx
          .insertInto('notifications')
          .values({
            user_id: notification.user_id,
            outbox_id: event.id,
            ticket_id: ticket.id,
            kind: 'comment_added' as const,
            data: JSON.stringify({
              ticketNumber: ticket.ticketNumber,
              title: 'x',
              actorName: null,
              from: null,
              to: null,
              excerpt: 'Tidak jadi',
            }),
            created_at: clock.now(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const d = await trx
          .insertInto('notification_deliveries')
          .values({
            notification_id: n.id,
            user_id: notification.user_id,
            channel: 'email',
            next_attempt_at: clock.now(),
          })
          .returning(['id', 'next_attempt_at'])
          .executeTakeFirstOrThrow();
        rolledBackId = d.id;
        await enqueueDelivery(trx, d, clock);
        // The job is there inside the transaction...
        expect((await sql`select 1 from pgboss.job where singleton_key = ${d.id}`.execute(trx)).rows).toHaveLength(1);
        worker.queue.wake(DELIVERY_QUEUE);
        await new Promise((r) => setTimeout(r, 1500));
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    await new Promise((r) => setTimeout(r, 1500));

    // ...and gone with it, on both databases.
    expect(await deliveryJobs(db, rolledBackId)).toEqual([]);
    expect((await deliveryJobs(db)).length).toBe(jobsBefore);
    expect((await db.selectFrom('notification_deliveries').select('id').execute()).length).toBe(deliveriesBefore);
    expect(mailsWith('Batal dulu')).toEqual([]);
    expect(mailsWith('Tidak jadi')).toEqual([]);

    // The same change committed: one job per delivery, each mail sent once.
    await sql`DROP TRIGGER refuse_outbox ON outbox_events`.execute(db);
    await deliverAll();
    const [delivery] = await deliveryOf('Batal dulu');
    expect(delivery).toMatchObject({ status: 'sent', attempts: 1 });
    expect((await deliveryJobs(db, delivery!.id)).map((j) => j.id)).toEqual([delivery!.id]);
    await until(() => mailsWith('Batal dulu').length > 0);
    expect(mailsWith('Batal dulu')).toHaveLength(1);
  });

  it('sends each delivery exactly once with two worker processes', async () => {
    const second = await startTestWorker(t, { mailer: smtpMailer(smtp.url), publicUrl });
    try {
      const before = smtp.messages.length;
      for (let i = 0; i < 6; i++) {
        await post(i % 2 ? requester : staff2, `/api/tickets/${ticket.id}/comments`, { comment: `Balasan ${i}` });
      }
      await deliverAll();
      await until(() => smtp.messages.length >= before + 6);
      await new Promise((r) => setTimeout(r, 1000));
      const fresh = smtp.messages.slice(before);
      expect(fresh).toHaveLength(6);
      expect(new Set(fresh.map((m) => m.messageId)).size).toBe(6);
      for (let i = 0; i < 6; i++) expect(mailsWith(`Balasan ${i}`)).toHaveLength(1);
    } finally {
      await second.stop();
    }
  });

  it('keeps mails while SMTP is down and delivers each exactly once when it is back', async () => {
    const port = smtp.port;
    await smtp.stop();
    await post(requester, `/api/tickets/${ticket.id}/comments`, { comment: 'Ada kabar?' });
    // The first try fails: the delivery stays pending with its error, its job waits to retry.
    await until(async () => (await deliveryOf('Ada kabar?'))[0]?.last_error != null);
    const [pending] = await deliveryOf('Ada kabar?');
    expect(pending).toMatchObject({ status: 'pending', attempts: 1 });
    await until(async () => (await deliveryJobs(t.app.db, pending!.id))[0]?.state === 'retry');
    smtp = await startSmtp(port);
    await deliverAll();
    await until(() => mailsWith('Ada kabar?').length > 0);
    await new Promise((r) => setTimeout(r, 1000));
    expect(smtp.messages).toHaveLength(1);
    expect((await deliveryOf('Ada kabar?'))[0]).toMatchObject({ status: 'sent' });
    expect((await deliveryOf('Ada kabar?'))[0]!.attempts).toBeGreaterThan(1);
  });

  it('a worker that dies mid-send loses its lease; another sends the mail, once', async () => {
    // This worker's SMTP never answers: it holds the job as a killed process would.
    // Jobs queued from now on have a lease of 3 s.
    await replaceWorker({ kind: 'smtp', send: () => new Promise(() => undefined), close: () => undefined }, 3);
    await post(requester, `/api/tickets/${ticket.id}/comments`, { comment: 'Halo lagi' });
    await until(async () => (await deliveryOf('Halo lagi'))[0]?.attempts === 1);
    const dead = worker;
    await dead.queue.pause(DELIVERY_QUEUE);
    worker = await startTestWorker(t, { mailer: smtpMailer(smtp.url), publicUrl });
    try {
      // Not before the lease (3 s) is over...
      await new Promise((r) => setTimeout(r, 1000));
      expect(mailsWith('Halo lagi')).toHaveLength(0);
      // ...then exactly once.
      await deliverAll();
      await until(() => mailsWith('Halo lagi').length > 0);
      await new Promise((r) => setTimeout(r, 1000));
      expect(mailsWith('Halo lagi')).toHaveLength(1);
      expect((await deliveryOf('Halo lagi'))[0]).toMatchObject({ status: 'sent', attempts: 2 });
    } finally {
      await dead.stop();
    }
  });

  it('marks a delivery failed after the last attempt, shows it to admins, who can retry it', async () => {
    const admin = await loginAs(t.app, 'admin');
    await smtp.stop();
    await post(requester, `/api/tickets/${ticket.id}/comments`, { comment: 'Masih rusak' });
    await until(async () => (await deliveryOf('Masih rusak'))[0]?.status === 'failed');
    const failed = await t.app.inject({
      method: 'GET',
      url: '/api/admin/deliveries?status=failed',
      headers: admin.headers,
    });
    expect(failed.json().items).toHaveLength(1);
    // Three tries in the tests (six in production, MAX_ATTEMPTS).
    expect(failed.json().items[0]).toMatchObject({ attempts: 3, status: 'failed', recipient: { id: staff2.user.id } });
    expect(failed.json().items[0].lastError).toBeTruthy();
    const id = failed.json().items[0].id as string;
    await until(
      async () => JSON.stringify((await deliveryJobs(t.app.db, id)).map((j) => j.state)) === JSON.stringify(['failed']),
    );

    smtp = await startSmtp(smtp.port);
    const retry = () =>
      t.app.inject({ method: 'POST', url: `/api/admin/deliveries/${id}/retry`, headers: admin.headers });
    expect((await retry()).statusCode).toBe(204);
    // Not failed any more: a second click finds nothing to retry.
    expect((await retry()).statusCode).toBe(404);
    await deliverAll();
    await until(() => mailsWith('Masih rusak').length > 0);
    expect(mailsWith('Masih rusak')).toHaveLength(1);
    await until(
      async () =>
        JSON.stringify((await deliveryJobs(t.app.db, id)).map((j) => j.state)) ===
        JSON.stringify(['failed', 'completed']),
    );
    const forbidden = await t.app.inject({ method: 'GET', url: '/api/admin/deliveries', headers: staff.headers });
    expect(forbidden.statusCode).toBe(403);
  });

  it('queues a job, when a worker starts, for a pending delivery that has none (written before the upgrade)', async () => {
    const db = t.app.db;
    const event = await db
      .insertInto('outbox_events')
      .values({
        topic: 'ticket.comment_added',
        ticket_id: ticket.id,
        actor_id: null,
        payload: '{}',
        processed_at: clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const n = await db
      .insertInto('notifications')
      .values({
        user_id: staff.user.id,
        outbox_id: event.id,
        ticket_id: ticket.id,
        kind: 'comment_added' as const,
        data: JSON.stringify({
          ticketNumber: ticket.ticketNumber,
          title: 'x',
          actorName: null,
          from: null,
          to: null,
          excerpt: 'Dari versi lama',
        }),
        created_at: clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const d = await db
      .insertInto('notification_deliveries')
      .values({ notification_id: n.id, user_id: staff.user.id, channel: 'email', next_attempt_at: clock.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(await deliveryJobs(db, d.id)).toEqual([]);
    await replaceWorker(smtpMailer(smtp.url));
    await deliverAll();
    await until(() => mailsWith('Dari versi lama').length > 0);
    expect(mailsWith('Dari versi lama')).toHaveLength(1);
    expect(await deliveryJobs(db, d.id)).toHaveLength(1);
  });

  it('captures mails for admins when no SMTP server is configured', async () => {
    const admin = await loginAs(t.app, 'admin');
    await replaceWorker(captureMailer(t.app.db));
    await post(staff2, `/api/tickets/${ticket.id}/comments`, { comment: 'Sudah diganti' });
    await deliverAll();
    const mails = await t.app.inject({ method: 'GET', url: '/api/admin/mails', headers: admin.headers });
    expect(mails.json().items[0]).toMatchObject({
      to: requester.user.email,
      subject: expect.stringContaining(ticket.ticketNumber),
    });
    expect(mails.json().items[0].text).toContain('Sudah diganti');
  });
});
