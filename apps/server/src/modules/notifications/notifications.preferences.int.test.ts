import { NOTIFICATION_KINDS, type MyNotificationPreferences, type NotificationResponse } from '@bantu/contracts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs, type TestApp } from '@test/app';
import { makeCategory, makePriorities, manualClock } from '@test/factories';
import { startSmtp } from '@test/smtp';
import { inlineDelivery, inlineDigests, startTestWorker, until } from '@test/worker';
import { smtpMailer } from '@/infra/mail/mailer';
import { enqueueEvent } from '@/modules/outbox/outbox.repository';
import { buildWorker } from '@/worker';

type Session = Awaited<ReturnType<typeof loginAs>>;

/** Organisation time zone: Asia/Jakarta (UTC+7). 03:00 UTC = 10:00 WIB. */
describe('notification preferences, quiet hours and the daily digest', () => {
  const clock = manualClock(new Date('2026-11-25T03:00:00Z'));
  const PUBLIC_URL = 'https://helpdesk.example.co.id';
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let admin: Session;
  let staff: Session;
  let staff2: Session;
  let categoryId: string;
  let service: Awaited<ReturnType<typeof inlineDelivery>>;
  const digests = () => inlineDigests({ db: t.app.db, clock, mailer: smtpMailer(smtp.url), publicUrl: PUBLIC_URL });

  beforeAll(async () => {
    t = await buildTestApp({ clock });
    // Its own world: the priorities (with SLA rules) and only the staff it logs in.
    await makePriorities(t.app.db);
    admin = await loginAs(t.app, 'admin');
    staff = await loginAs(t.app, 'it_staff');
    staff2 = await loginAs(t.app, 'it_staff');
    categoryId = (await makeCategory(t.app.db)).id;
    smtp = await startSmtp();
    service = await inlineDelivery(t.database, { clock, mailer: smtpMailer(smtp.url), publicUrl: PUBLIC_URL });
  });
  afterAll(async () => {
    await smtp.stop();
    await t.close();
  });
  beforeEach(() => {
    clock.set(new Date('2026-11-25T03:00:00Z'));
  });

  const deliverAll = async () => {
    while ((await service.dispatch()) > 0);
    while ((await service.sendDue()) > 0);
  };
  // The requester's receipt of each new ticket ("we received your ticket", notifications.mails.int.test.ts)
  // is left out of the single mails and the centre here: these tests count the events they cause.
  const isReceipt = (subject: string | undefined) =>
    /Kami menerima tiket Anda|We received your ticket/.test(subject ?? '');
  const mailsTo = (email: string) =>
    smtp.messages.filter((m) => JSON.stringify(m.to ?? '').includes(email) && !isReceipt(m.subject));
  const post = (as: Session, url: string, payload: object) =>
    t.app.inject({ method: 'POST', url, headers: as.headers, payload });
  const put = (as: Session, url: string, payload: object) =>
    t.app.inject({ method: 'PUT', url, headers: as.headers, payload });
  const myPrefs = (as: Session, payload: object) => put(as, '/api/notifications/preferences', payload);
  const inbox = async (as: Session): Promise<NotificationResponse[]> =>
    (await t.app.inject({ method: 'GET', url: '/api/notifications', headers: as.headers }))
      .json<{ items: NotificationResponse[] }>()
      .items.filter((n) => n.kind !== 'ticket_received');
  const newTicket = async (as: Session, title: string) =>
    (await post(as, '/api/tickets', { title, description: 'x', categoryId })).json<{
      id: string;
      ticketNumber: string;
    }>();
  // Push stays at its default (on) unless a test is about it: the planner sends it only to users with a device.
  const channels = (email: boolean, in_app = true, whatsapp = false, push = true) => ({
    in_app,
    email,
    whatsapp,
    push,
  });

  it('shows everyone the defaults: every event at once, in the app and by e-mail', async () => {
    const me = await loginAs(t.app, 'user');
    const res = await t.app.inject({ method: 'GET', url: '/api/notifications/preferences', headers: me.headers });
    expect(res.statusCode).toBe(200);
    const prefs = res.json<MyNotificationPreferences>();
    expect(prefs.events).toHaveLength(NOTIFICATION_KINDS.length);
    expect(prefs.events.every((e) => e.channels.in_app && e.channels.email && !e.custom)).toBe(true);
    expect(prefs).toMatchObject({
      quietHours: null,
      timeZone: null,
      effectiveTimeZone: 'Asia/Jakarta',
      digest: { enabled: false, at: '08:00' },
      whatsappReady: false,
    });
  });

  it('e-mail off for an event: no mail, but the in-app notification; in-app off too: nothing in the centre', async () => {
    const mailOff = await loginAs(t.app, 'it_staff');
    const appOff = await loginAs(t.app, 'it_staff');
    expect(
      (await myPrefs(mailOff, { events: [{ kind: 'ticket_created', channels: channels(false) }] })).statusCode,
    ).toBe(200);
    expect(
      (await myPrefs(appOff, { events: [{ kind: 'ticket_created', channels: channels(true, false) }] })).json(),
    ).toMatchObject({
      events: expect.arrayContaining([
        {
          kind: 'ticket_created',
          custom: true,
          channels: channels(true, false),
          defaults: channels(true, true, true),
          locked: channels(false, false, false, false),
        },
      ]),
    });
    const requester = await loginAs(t.app, 'user');
    const ticket = await newTicket(requester, 'Monitor berkedip');
    await deliverAll();

    expect(mailsTo(mailOff.user.email)).toHaveLength(0);
    expect((await inbox(mailOff)).map((n) => n.ticketNumber)).toEqual([ticket.ticketNumber]);
    expect(mailsTo(appOff.user.email).map((m) => m.subject)).toEqual([expect.stringContaining(ticket.ticketNumber)]);
    expect(await inbox(appOff)).toEqual([]);
    const count = await t.app.inject({
      method: 'GET',
      url: '/api/notifications/unread-count',
      headers: appOff.headers,
    });
    expect(count.json()).toEqual({ count: 0 });
    // Someone who chose nothing still gets both.
    expect(mailsTo(staff.user.email).some((m) => m.subject?.includes(ticket.ticketNumber))).toBe(true);
    expect((await inbox(staff)).some((n) => n.ticketNumber === ticket.ticketNumber)).toBe(true);
    // Everything off: no row at all, and no mail.
    await myPrefs(mailOff, { events: [{ kind: 'ticket_created', channels: channels(false, false) }] });
    const second = await newTicket(requester, 'Monitor mati');
    await deliverAll();
    expect((await inbox(mailOff)).map((n) => n.ticketNumber)).toEqual([ticket.ticketNumber]);
    expect(mailsTo(mailOff.user.email)).toHaveLength(0);
    expect(second.ticketNumber).toBeTruthy();
    // Back to the default.
    await myPrefs(mailOff, { events: [{ kind: 'ticket_created', channels: null }] });
    await myPrefs(appOff, { events: [{ kind: 'ticket_created', channels: null }] });
  });

  it('an admin default applies to users without a choice; a user choice overrides it; locks hold', async () => {
    const follows = await loginAs(t.app, 'user');
    const wantsMail = await loginAs(t.app, 'user');
    await myPrefs(wantsMail, { events: [{ kind: 'comment_added', channels: channels(true) }] });
    const res = await put(admin, '/api/admin/notification-defaults', {
      items: [
        { kind: 'comment_added', channels: channels(false), locked: channels(false, false) },
        { kind: 'status_changed', channels: channels(true), locked: channels(true, true) },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toHaveLength(NOTIFICATION_KINDS.length);
    // Staff may not change organisation defaults; a locked channel must be on.
    expect((await put(staff, '/api/admin/notification-defaults', { items: [] })).statusCode).toBe(403);
    const badLock = await put(admin, '/api/admin/notification-defaults', {
      items: [{ kind: 'sla_breached', channels: channels(false), locked: channels(true, false) }],
    });
    expect(badLock.statusCode).toBe(400);

    const a = await newTicket(follows, 'Keyboard rusak');
    const b = await newTicket(wantsMail, 'Mouse rusak');
    await post(staff, `/api/tickets/${a.id}/comments`, { comment: 'Sudah dicek' });
    await post(staff, `/api/tickets/${b.id}/comments`, { comment: 'Sudah dicek juga' });
    await deliverAll();
    expect(mailsTo(follows.user.email)).toHaveLength(0);
    expect((await inbox(follows)).map((n) => n.kind)).toEqual(['comment_added']);
    expect(mailsTo(wantsMail.user.email).map((m) => m.text)).toEqual([expect.stringContaining('Sudah dicek juga')]);

    // status_changed e-mail is locked on: the user cannot turn it off, and nothing changes.
    const refused = await myPrefs(follows, { events: [{ kind: 'status_changed', channels: channels(false) }] });
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    const mine = (
      await t.app.inject({ method: 'GET', url: '/api/notifications/preferences', headers: follows.headers })
    ).json<MyNotificationPreferences>();
    expect(mine.events.find((e) => e.kind === 'status_changed')).toMatchObject({
      custom: false,
      locked: { email: true },
    });
    expect(mine.events.find((e) => e.kind === 'comment_added')).toMatchObject({ channels: channels(false) });

    await put(admin, '/api/admin/notification-defaults', {
      items: [
        { kind: 'comment_added', channels: channels(true, true, true), locked: channels(false, false) },
        { kind: 'status_changed', channels: channels(true, true, true), locked: channels(false, false) },
      ],
    });
  });

  it('rejects bad preferences with a 400 and changes nothing', async () => {
    const me = await loginAs(t.app, 'user');
    for (const payload of [
      { quietHours: { start: '22:00', end: '22:00' } },
      { quietHours: { start: '25:00', end: '07:00' } },
      { timeZone: 'Mars/Olympus' },
      { digest: { enabled: true, at: '8' } },
      { events: [{ kind: 'nope', channels: null }] },
      { surprise: true },
    ]) {
      const res = await myPrefs(me, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
    const prefs = (
      await t.app.inject({ method: 'GET', url: '/api/notifications/preferences', headers: me.headers })
    ).json<MyNotificationPreferences>();
    expect(prefs.quietHours).toBeNull();
    expect(prefs.digest.enabled).toBe(false);
  });

  it('quiet hours hold the mail until the window ends, the in-app notification appears at once; urgent bypasses', async () => {
    const sleeper = await loginAs(t.app, 'user');
    const prefs = await myPrefs(sleeper, { quietHours: { start: '22:00', end: '07:00' } });
    expect(prefs.json().quietHours).toEqual({ start: '22:00', end: '07:00' });
    const ticket = await newTicket(sleeper, 'Laptop panas');
    await deliverAll(); // its receipt goes out now, at 10:00 WIB
    clock.set(new Date('2026-11-25T16:30:00Z')); // 23:30 in Jakarta
    await post(staff, `/api/tickets/${ticket.id}/comments`, { comment: 'Besok pagi saya cek' });
    await deliverAll();
    expect(mailsTo(sleeper.user.email)).toHaveLength(0);
    const [held] = await inbox(sleeper);
    expect(held).toMatchObject({
      kind: 'comment_added',
      held: { channels: ['email'], until: '2026-11-26T00:00:00.000Z' }, // 07:00 WIB
      digest: null,
    });

    // An urgent SLA event (payload `urgent`, `channels`) goes out at once, on the channels it names.
    await t.app.db.transaction().execute((trx) =>
      enqueueEvent(trx, {
        topic: 'ticket.status_changed',
        ticketId: ticket.id,
        actorId: staff.user.id,
        payload: { from: 'OPEN', to: 'IN_PROGRESS', urgent: true, channels: ['email'] },
      }),
    );
    await deliverAll();
    expect(mailsTo(sleeper.user.email).map((m) => m.subject)).toEqual([expect.stringContaining('Status')]);
    // channels: ['email'] only: no in-app row for that one.
    expect((await inbox(sleeper)).map((n) => n.kind)).toEqual(['comment_added']);

    clock.set(new Date('2026-11-25T23:59:00Z'));
    expect(await service.sendDue()).toBe(0);
    clock.set(new Date('2026-11-26T00:00:01Z'));
    expect(await service.sendDue()).toBe(1);
    expect(mailsTo(sleeper.user.email).at(-1)!.text).toContain('Besok pagi saya cek');
    expect((await inbox(sleeper))[0]!.held).toBeNull();

    // Outside the window nothing waits.
    clock.set(new Date('2026-11-26T05:00:00Z'));
    await post(staff, `/api/tickets/${ticket.id}/comments`, { comment: 'Siang' });
    await deliverAll();
    expect(mailsTo(sleeper.user.email).at(-1)!.text).toContain('Siang');
  });

  it('the digest sends one mail per user and day with every item, exactly once with concurrent runs', async () => {
    const reader = await loginAs(t.app, 'user');
    const english = await loginAs(t.app, 'user');
    await t.app.db.updateTable('users').set({ locale: 'en' }).where('id', '=', english.user.id).execute();
    for (const who of [reader, english]) {
      const res = await myPrefs(who, { digest: { enabled: true, at: '08:00' } });
      expect(res.json().digest).toEqual({ enabled: true, at: '08:00' });
    }
    const t1 = await newTicket(reader, 'Proyektor rusak');
    const t2 = await newTicket(reader, 'VPN putus');
    const t3 = await newTicket(english, 'Printer jammed');
    await post(staff, `/api/tickets/${t1.id}/assign`, { assigneeId: staff2.user.id });
    await post(staff2, `/api/tickets/${t1.id}/comments`, { comment: 'Lampu proyektor diganti' });
    await post(staff, `/api/tickets/${t2.id}/comments`, { comment: 'Coba sambung ulang' });
    await post(staff, `/api/tickets/${t3.id}/comments`, { comment: 'Paper removed' });
    // An internal note on the reader's ticket must never appear, in the app or in the digest.
    await post(staff, `/api/tickets/${t1.id}/comments`, {
      comment: `Vendor mahal @[x](${reader.user.id})`,
      isInternal: true,
    });
    await deliverAll();
    expect(mailsTo(reader.user.email)).toHaveLength(0);
    const items = await inbox(reader);
    expect(items.map((n) => n.kind).sort()).toEqual(['comment_added', 'comment_added', 'ticket_assigned']);
    // 10:00 WIB now: the next digest is tomorrow 08:00 WIB (01:00 UTC), and the centre says so.
    expect(items.every((n) => n.digest?.at === '2026-11-26T01:00:00.000Z' && n.digest.sentAt === null)).toBe(true);

    // Not before its time.
    expect(await digests().run()).toEqual({ created: 0, sent: 0 });
    clock.set(new Date('2026-11-26T01:00:00Z'));
    // Two workers' digest runs and a dispatcher at the same moment.
    const [a, b] = await Promise.all([digests().run(), digests().run(), service.dispatch()]);
    expect(a.created + b.created).toBe(2);
    expect(a.sent + b.sent).toBe(2);
    const readerMail = mailsTo(reader.user.email);
    expect(readerMail).toHaveLength(1);
    // Three updates and the receipts of the reader's two tickets.
    expect(readerMail[0]!.subject).toBe('Ringkasan harian: 5 pembaruan tiket');
    for (const ticket of [t1, t2]) {
      expect(readerMail[0]!.text).toContain(`${PUBLIC_URL}/tickets/${ticket.ticketNumber}`);
      expect(readerMail[0]!.html).toContain(`href="${PUBLIC_URL}/tickets/${ticket.ticketNumber}"`);
    }
    expect(readerMail[0]!.text).not.toContain('Vendor mahal');
    expect(readerMail[0]!.text).not.toContain('Catatan internal');
    const englishMail = mailsTo(english.user.email);
    expect(englishMail.map((m) => m.subject)).toEqual(['Daily digest: 2 ticket updates']);
    expect(englishMail[0]!.text).toContain(t3.ticketNumber);
    expect((await inbox(reader)).every((n) => n.digest?.sentAt)).toBe(true);
    expect(JSON.stringify(await inbox(reader))).not.toContain('Vendor mahal');

    // Again the same day: nothing more.
    clock.set(new Date('2026-11-26T05:00:00Z'));
    expect(await digests().run()).toEqual({ created: 0, sent: 0 });
    await post(staff, `/api/tickets/${t2.id}/comments`, { comment: 'Sudah normal?' });
    await deliverAll();
    clock.set(new Date('2026-11-27T01:00:00Z'));
    expect(await digests().run()).toEqual({ created: 1, sent: 1 });
    expect(mailsTo(reader.user.email)).toHaveLength(2);
    expect(mailsTo(reader.user.email)[1]!.subject).toBe('Ringkasan harian: 1 pembaruan tiket');
    const rows = await t.app.db
      .selectFrom('notification_digests')
      .select(['day', 'status'])
      .where('user_id', '=', reader.user.id)
      .orderBy('day')
      .execute();
    expect(rows).toEqual([
      { day: '2026-11-26', status: 'sent' },
      { day: '2026-11-27', status: 'sent' },
    ]);
  });

  it('urgent events skip the digest', async () => {
    const reader = await loginAs(t.app, 'user');
    await myPrefs(reader, { digest: { enabled: true, at: '08:00' } });
    const ticket = await newTicket(reader, 'Server down');
    await t.app.db.transaction().execute((trx) =>
      enqueueEvent(trx, {
        topic: 'ticket.status_changed',
        ticketId: ticket.id,
        actorId: staff.user.id,
        payload: { from: 'OPEN', to: 'IN_PROGRESS', urgent: true },
      }),
    );
    await deliverAll();
    expect(mailsTo(reader.user.email)).toHaveLength(1);
    expect((await inbox(reader))[0]).toMatchObject({ kind: 'status_changed', digest: null, held: null });
  });

  it('internal notes never reach the requester, whatever the event hints say', async () => {
    const requester = await loginAs(t.app, 'user');
    const ticket = await newTicket(requester, 'Akses VPN');
    await post(staff, `/api/tickets/${ticket.id}/assign`, { assigneeId: staff2.user.id });
    await deliverAll();
    const before = mailsTo(requester.user.email).length;
    const note = (
      await post(staff, `/api/tickets/${ticket.id}/comments`, {
        comment: `Rahasia @[r](${requester.user.id})`,
        isInternal: true,
      })
    ).json<{ id: string }>();
    await t.app.db.transaction().execute((trx) =>
      enqueueEvent(trx, {
        topic: 'ticket.comment_added',
        ticketId: ticket.id,
        actorId: staff.user.id,
        payload: {
          commentId: note.id,
          isInternal: true,
          urgent: true,
          channels: ['in_app', 'email'],
          mentions: [requester.user.id],
        },
      }),
    );
    await deliverAll();
    expect(mailsTo(requester.user.email)).toHaveLength(before);
    expect(JSON.stringify(await inbox(requester))).not.toContain('Rahasia');
    expect(mailsTo(staff2.user.email).some((m) => m.text?.includes('Rahasia'))).toBe(true);
  });

  it('runs the digest as the scheduled pg-boss job of the worker', async () => {
    const reader = await loginAs(t.app, 'user');
    await myPrefs(reader, { digest: { enabled: true, at: '09:00' } });
    const ticket = await newTicket(reader, 'Scanner macet');
    await post(staff, `/api/tickets/${ticket.id}/comments`, { comment: 'Dicek' });
    await deliverAll();
    clock.set(new Date('2026-11-26T02:00:00Z')); // 09:00 WIB
    const worker = buildWorker({
      database: t.database,
      storage: t.storage,
      mailer: smtpMailer(smtp.url),
      clock,
      log: { info: () => undefined, error: () => undefined },
      publicUrl: PUBLIC_URL,
      pollingIntervalSeconds: 0.5,
    });
    await worker.start();
    try {
      expect(await worker.queue.schedules()).toContain('notifications-digest');
      const id = await worker.queue.trigger('notifications-digest');
      expect(await worker.queue.waitFor('notifications-digest', id)).toBe('completed');
      // The scheduled job created the digest; its own job (notification-digest) sends it.
      await until(() => mailsTo(reader.user.email).length > 0, 20_000, 'the digest mail');
    } finally {
      await worker.stop();
    }
    // The reply and the ticket's receipt.
    expect(mailsTo(reader.user.email).map((m) => m.subject)).toEqual(['Ringkasan harian: 2 pembaruan tiket']);
  });
  it('a digest whose mail keeps failing is a failed delivery for admins, and their retry sends it', async () => {
    const reader = await loginAs(t.app, 'user');
    await myPrefs(reader, { digest: { enabled: true, at: '09:00' } });
    const ticket = await newTicket(reader, 'Keyboard rusak');
    await post(staff, `/api/tickets/${ticket.id}/comments`, { comment: 'Diganti besok' });
    await deliverAll();
    clock.set(new Date('2026-11-26T02:00:00Z')); // 09:00 WIB
    const port = smtp.port;
    await smtp.stop();
    // The test worker: three tries, 1-2 s then 2-4 s apart.
    const worker = await startTestWorker(t, { mailer: smtpMailer(smtp.url), publicUrl: PUBLIC_URL });
    const digestOf = () =>
      t.app.db
        .selectFrom('notification_digests')
        .select(['id', 'status', 'attempts', 'last_error'])
        .where('user_id', '=', reader.user.id)
        .executeTakeFirst();
    try {
      const id = await worker.queue.trigger('notifications-digest');
      expect(await worker.queue.waitFor('notifications-digest', id)).toBe('completed');
      await until(async () => (await digestOf())?.status === 'failed', 30_000, 'the digest failed');
      const digest = (await digestOf())!;
      expect(digest).toMatchObject({ status: 'failed', attempts: 3 });
      expect(digest.last_error).toBeTruthy();

      const failed = await t.app.inject({
        method: 'GET',
        url: '/api/admin/deliveries?status=failed',
        headers: admin.headers,
      });
      expect(failed.statusCode).toBe(200);
      const listed = (failed.json().items as { id: string }[]).filter((d) => d.id === digest.id);
      expect(listed).toEqual([
        expect.objectContaining({
          id: digest.id,
          channel: 'digest',
          kind: 'digest',
          status: 'failed',
          attempts: 3,
          ticketNumber: null,
          recipient: expect.objectContaining({ id: reader.user.id }),
        }),
      ]);

      smtp = await startSmtp(port);
      const retry = () =>
        t.app.inject({ method: 'POST', url: `/api/admin/deliveries/${digest.id}/retry`, headers: admin.headers });
      expect((await retry()).statusCode).toBe(204);
      // Pending again: a second click finds nothing to retry.
      expect((await retry()).statusCode).toBe(404);
      await until(() => mailsTo(reader.user.email).length > 0, 20_000, 'the retried digest');
      expect(mailsTo(reader.user.email).map((m) => m.subject)).toEqual(['Ringkasan harian: 2 pembaruan tiket']);
      await until(async () => (await digestOf())?.status === 'sent', 10_000, 'the digest sent');
      const sent = await t.app.inject({
        method: 'GET',
        url: '/api/admin/deliveries?status=sent',
        headers: admin.headers,
      });
      expect((sent.json().items as { id: string }[]).some((d) => d.id === digest.id)).toBe(true);
    } finally {
      await worker.stop();
    }
  });
});
