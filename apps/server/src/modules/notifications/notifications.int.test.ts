import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs, type TestApp } from '@test/app';
import { makeCategory, makeUser, manualClock } from '@test/factories';
import { startSmtp } from '@test/smtp';
import { captureMailer, smtpMailer } from '@/infra/mail/mailer';
import { seedDemo } from '@/modules/demo/demo.seed';
import { notificationsService } from './notifications.service';

type Session = Awaited<ReturnType<typeof loginAs>>;

describe('notifications by e-mail and in the app', () => {
  const clock = manualClock(new Date('2026-11-25T03:00:00Z'));
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let requester: Session;
  let staff: Session;
  let staff2: Session;
  let categoryId: string;
  let service: ReturnType<typeof notificationsService>;

  beforeAll(async () => {
    t = await buildTestApp({ clock });
    await seedDemo(t.app.db);
    // Only our own staff: the demo ones are deactivated so the recipient lists are exact.
    await t.app.db.updateTable('users').set({ status: false }).where('role', '=', 'it_staff').execute();
    requester = await loginAs(t.app, 'user');
    staff = await loginAs(t.app, 'it_staff');
    staff2 = await loginAs(t.app, 'it_staff');
    await t.app.db.updateTable('users').set({ locale: 'en' }).where('id', '=', staff2.user.id).execute();
    await makeUser(t.app.db, { role: 'it_staff', status: false, email: 'gone@test.local' });
    categoryId = (await makeCategory(t.app.db)).id;
    smtp = await startSmtp();
    service = notificationsService({
      db: t.app.db,
      clock,
      mailer: smtpMailer(smtp.url),
      publicUrl: 'https://helpdesk.example.co.id',
    });
  });
  afterAll(async () => {
    await smtp.stop();
    await t.close();
  });

  const deliverAll = async () => {
    clock.advance(1000);
    while ((await service.dispatch()) > 0);
    while ((await service.sendDue()) > 0);
  };
  const mailsTo = (email: string) => smtp.messages.filter((m) => m.to && JSON.stringify(m.to).includes(email));
  const post = (as: Session, url: string, payload: object) =>
    t.app.inject({ method: 'POST', url, headers: as.headers, payload });

  let ticket: { id: string; ticketNumber: string };

  it('ticket created → every active IT staff member, in their language, not the requester or a deactivated one', async () => {
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
    expect(mailsTo(requester.user.email)).toHaveLength(0);
    expect(mailsTo('gone@test.local')).toHaveLength(0);
  });

  it('assigned → the requester, and the assignee when someone else assigned it', async () => {
    await post(staff, `/api/tickets/${ticket.id}/assign`, { assigneeId: staff2.user.id });
    await deliverAll();
    const toRequester = mailsTo(requester.user.email);
    expect(toRequester.map((m) => m.subject)).toEqual([expect.stringContaining('ditangani oleh')]);
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
    expect(kinds).toEqual(['comment_added', 'status_changed', 'ticket_assigned']);
    expect(JSON.stringify(list.json())).not.toContain('Vendor lambat');
    const count = await t.app.inject({
      method: 'GET',
      url: '/api/notifications/unread-count',
      headers: requester.headers,
    });
    expect(count.json()).toEqual({ count: 3 });
    const first = list.json().items[0].id;
    expect((await post(requester, '/api/notifications/read', { ids: [first] })).json()).toEqual({ count: 2 });
    expect((await post(requester, '/api/notifications/read', { all: true })).json()).toEqual({ count: 0 });
    expect((await post(requester, '/api/notifications/read', {})).statusCode).toBe(400);
  });

  it('keeps mails while SMTP is down and delivers each exactly once when it is back', async () => {
    const port = smtp.port;
    await smtp.stop();
    await post(requester, `/api/tickets/${ticket.id}/comments`, { comment: 'Ada kabar?' });
    await service.dispatch();
    expect(await service.sendDue()).toBe(1);
    const pending = await t.app.db
      .selectFrom('notification_deliveries')
      .selectAll()
      .where('status', '=', 'pending')
      .execute();
    expect(pending).toHaveLength(1);
    expect(pending[0]!.attempts).toBe(1);
    expect(pending[0]!.last_error).toBeTruthy();
    // Not retried before its backoff is over.
    expect(await service.sendDue()).toBe(0);
    smtp = await startSmtp(port);
    service = notificationsService({ db: t.app.db, clock, mailer: smtpMailer(smtp.url) });
    clock.advance(60_000);
    // Two workers at once: the delivery goes out once.
    const [a, b] = await Promise.all([service.sendDue(), service.sendDue()]);
    expect(a + b).toBe(1);
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]!.text).toContain('Ada kabar?');
  });

  it('a worker that dies after claiming a mail leaves it to be sent after the lease', async () => {
    await post(requester, `/api/tickets/${ticket.id}/comments`, { comment: 'Halo lagi' });
    await service.dispatch();
    const dead = notificationsService({
      db: t.app.db,
      clock,
      mailer: { kind: 'smtp', send: () => new Promise(() => undefined), close: () => undefined }, // hangs: the worker "dies" mid-send
    });
    void dead.sendDue();
    await new Promise((r) => setTimeout(r, 200));
    expect(await service.sendDue()).toBe(0);
    clock.advance(6 * 60_000);
    expect(await service.sendDue()).toBe(1);
    expect(smtp.messages.filter((m) => m.text?.includes('Halo lagi'))).toHaveLength(1);
  });

  it('marks a delivery failed after the last attempt, shows it to admins, who can retry it', async () => {
    const admin = await loginAs(t.app, 'admin');
    await smtp.stop();
    await post(requester, `/api/tickets/${ticket.id}/comments`, { comment: 'Masih rusak' });
    await service.dispatch();
    for (let i = 0; i < 6; i++) {
      await service.sendDue();
      clock.advance(60 * 60_000);
    }
    const failed = await t.app.inject({
      method: 'GET',
      url: '/api/admin/deliveries?status=failed',
      headers: admin.headers,
    });
    expect(failed.json().items).toHaveLength(1);
    expect(failed.json().items[0]).toMatchObject({ attempts: 6, status: 'failed', recipient: { id: staff2.user.id } });
    expect(failed.json().items[0].lastError).toBeTruthy();
    smtp = await startSmtp(smtp.port);
    service = notificationsService({ db: t.app.db, clock, mailer: smtpMailer(smtp.url) });
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/admin/deliveries/${failed.json().items[0].id}/retry`,
          headers: admin.headers,
        })
      ).statusCode,
    ).toBe(204);
    expect(await service.sendDue()).toBe(1);
    expect(smtp.messages.at(-1)!.text).toContain('Masih rusak');
    const forbidden = await t.app.inject({ method: 'GET', url: '/api/admin/deliveries', headers: staff.headers });
    expect(forbidden.statusCode).toBe(403);
  });

  it('captures mails for admins when no SMTP server is configured', async () => {
    const admin = await loginAs(t.app, 'admin');
    const capture = notificationsService({ db: t.app.db, clock, mailer: captureMailer(t.app.db) });
    await post(staff2, `/api/tickets/${ticket.id}/comments`, { comment: 'Sudah diganti' });
    await capture.dispatch();
    await capture.sendDue();
    const mails = await t.app.inject({ method: 'GET', url: '/api/admin/mails', headers: admin.headers });
    expect(mails.json().items[0]).toMatchObject({
      to: requester.user.email,
      subject: expect.stringContaining(ticket.ticketNumber),
    });
    expect(mails.json().items[0].text).toContain('Sudah diganti');
  });
});
