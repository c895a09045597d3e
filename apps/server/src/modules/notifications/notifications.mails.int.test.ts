import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs, type TestApp } from '@test/app';
import { makeCategory, makePriority, manualClock } from '@test/factories';
import { startSmtp } from '@test/smtp';
import { inlineDelivery } from '@test/worker';
import { smtpMailer } from '@/infra/mail/mailer';
import { enqueueEvent } from '@/modules/outbox/outbox.repository';
import { renderDigest } from './notifications.digest';

type Session = Awaited<ReturnType<typeof loginAs>>;

const TITLE = 'Printer <script>alert("x")</script> macet';
const REQUEST_HOST = 'helpdesk.kantor.local:8080';

/**
 * Every mail a person gets says what happened and lets them act: a link to the ticket, its
 * number, title and status, and the new text, escaped, in the recipient's language, HTML and
 * text. Sent through a real SMTP server, once with PUBLIC_URL and once without (the link then
 * uses the address the request came in on, kept with the event for the worker).
 */
describe.each([
  { name: 'with PUBLIC_URL', publicUrl: 'https://bantu.example.co.id', base: 'https://bantu.example.co.id' },
  { name: 'without PUBLIC_URL', publicUrl: undefined, base: `http://${REQUEST_HOST}` },
])('notification mails $name', ({ publicUrl, base }) => {
  const clock = manualClock(new Date('2026-11-25T03:00:00Z'));
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let delivery: Awaited<ReturnType<typeof inlineDelivery>>;
  let requester: Session;
  let staff: Session;
  let staff2: Session;
  let categoryId: string;
  let priorityId: string;
  let ticket: { id: string; ticketNumber: string; version: number };

  beforeAll(async () => {
    t = await buildTestApp({ clock, env: publicUrl ? { PUBLIC_URL: publicUrl } : {} });
    requester = await loginAs(t.app, 'user');
    staff = await loginAs(t.app, 'it_staff');
    staff2 = await loginAs(t.app, 'it_staff');
    await t.app.db.updateTable('users').set({ locale: 'en' }).where('id', '=', staff2.user.id).execute();
    categoryId = (await makeCategory(t.app.db)).id;
    priorityId = (await makePriority(t.app.db)).id;
    smtp = await startSmtp();
    delivery = await inlineDelivery(t.database, { clock, mailer: smtpMailer(smtp.url), publicUrl });
  });
  afterAll(async () => {
    await smtp.stop();
    await t.close();
  });

  const call = (as: Session, method: 'POST' | 'PUT', url: string, payload: object) => {
    clock.advance(1000);
    return t.app.inject({ method, url, headers: { ...as.headers, host: REQUEST_HOST }, payload });
  };
  const deliver = async () => {
    while ((await delivery.dispatch()) > 0);
    await delivery.sendDue();
  };
  const mailsTo = (s: Session) => smtp.messages.filter((m) => JSON.stringify(m.to).includes(s.user.email));
  const lastTo = (s: Session) => mailsTo(s).at(-1)!;
  const link = () => `${base}/tickets/${ticket.ticketNumber}`;

  /** The link, number, title, status and text, in both parts; user input escaped in HTML. */
  function expectActionable(mail: ParsedMail, status: string, text: string) {
    const html = String(mail.html);
    expect(mail.text).toContain(link());
    expect(html).toContain(`href="${link()}"`);
    expect(mail.subject).toContain(`[${ticket.ticketNumber}]`);
    expect(mail.text).toContain(`${ticket.ticketNumber}: ${TITLE}`);
    expect(html).toContain('Printer &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; macet');
    expect(html).not.toContain('<script');
    expect(mail.text).toContain(`Status: ${status}`);
    expect(html).toContain(`<strong>${status}</strong>`);
    expect(mail.text).toContain(text);
    expect(html).toContain(text.replace(/</g, '&lt;').replace(/>/g, '&gt;'));
  }

  it('creation: IT staff get the new ticket, the requester a receipt "we received your ticket"', async () => {
    const res = await call(requester, 'POST', '/api/tickets', {
      title: TITLE,
      description: 'Kertas tersangkut di baki 2',
      categoryId,
      priorityId,
    });
    expect(res.statusCode).toBe(201);
    ticket = res.json();
    await deliver();
    expectActionable(lastTo(staff), 'Terbuka', 'Kertas tersangkut di baki 2');
    expectActionable(lastTo(staff2), 'Open', 'Kertas tersangkut di baki 2');
    expect(lastTo(staff2).subject).toContain('New ticket');
    const receipt = mailsTo(requester);
    expect(receipt).toHaveLength(1);
    expect(receipt[0]!.subject).toBe(
      `[${ticket.ticketNumber}] Kami menerima tiket Anda ${ticket.ticketNumber}: ${TITLE}`,
    );
    expect(receipt[0]!.text).toContain(`kami menerima tiket Anda ${ticket.ticketNumber}`);
    expectActionable(receipt[0]!, 'Terbuka', 'Kertas tersangkut di baki 2');
  });

  it('assignment: the requester and the assignee, with the new status', async () => {
    const res = await call(staff, 'POST', `/api/tickets/${ticket.id}/assign`, { assigneeId: staff2.user.id });
    expect(res.statusCode).toBe(200);
    await deliver();
    const mail = lastTo(requester);
    expect(mail.subject).toContain('ditangani oleh');
    expectActionable(mail, 'Dikerjakan', 'Kertas tersangkut di baki 2');
    expectActionable(lastTo(staff2), 'In progress', 'Kertas tersangkut di baki 2');
  });

  it('public comment: the requester reads the reply itself, escaped', async () => {
    const before = mailsTo(requester).length;
    const reply = 'Toner sudah dipesan, <b>tunggu</b> sampai Jumat';
    expect((await call(staff2, 'POST', `/api/tickets/${ticket.id}/comments`, { comment: reply })).statusCode).toBe(201);
    await deliver();
    expect(mailsTo(requester)).toHaveLength(before + 1);
    const mail = lastTo(requester);
    expect(mail.subject).toContain('Balasan baru');
    expectActionable(mail, 'Dikerjakan', reply);
    expect(String(mail.html)).not.toContain('<b>tunggu');
  });

  it('resolution: the requester gets the resolution note and the RESOLVED status', async () => {
    const note = 'Roller penarik kertas diganti; sudah dicoba 20 halaman.';
    const res = await call(staff2, 'POST', `/api/tickets/${ticket.id}/transitions`, { to: 'RESOLVED', comment: note });
    expect(res.statusCode, res.body).toBe(200);
    await deliver();
    const mail = lastTo(requester);
    expect(mail.subject).toContain('Status: Selesai');
    expectActionable(mail, 'Selesai', note);
  });

  it('an event written by a job (no request) links to the address the ticket was last used at', async () => {
    await enqueueEvent(t.app.db, {
      topic: 'sla.breached',
      ticketId: ticket.id,
      actorId: null,
      payload: { recipients: ['assignee'] },
    });
    await deliver();
    const mail = lastTo(staff2);
    expect(mail.subject).toContain('SLA breached');
    expect(mail.text).toContain(link());
  });

  it('staff creating on behalf of a requester: the requester still gets the receipt', async () => {
    const res = await call(staff, 'POST', '/api/tickets', {
      title: 'Akun e-mail terkunci',
      description: 'Dilaporkan lewat telepon',
      categoryId,
      priorityId,
      requesterId: requester.user.id,
    });
    expect(res.statusCode).toBe(201);
    const number = res.json().ticketNumber as string;
    await deliver();
    const mail = lastTo(requester);
    expect(mail.subject).toBe(`[${number}] Kami menerima tiket Anda ${number}: Akun e-mail terkunci`);
    expect(mail.text).toContain(`${base}/tickets/${number}`);
    expect(mail.text).toContain('Dilaporkan lewat telepon');
  });

  it('the receipt follows the requester’s preferences', async () => {
    const off = await call(requester, 'PUT', '/api/notifications/preferences', {
      events: [{ kind: 'ticket_received', channels: { in_app: true, email: false, whatsapp: false } }],
    });
    expect(off.statusCode, off.body).toBe(200);
    const before = mailsTo(requester).length;
    const res = await call(requester, 'POST', '/api/tickets', {
      title: 'Mouse rusak',
      description: 'Klik kiri tidak berfungsi',
      categoryId,
      priorityId,
    });
    await deliver();
    expect(mailsTo(requester)).toHaveLength(before);
    // Still in the notification centre.
    const bell = await t.app.inject({ method: 'GET', url: '/api/notifications', headers: requester.headers });
    expect(bell.json().items[0]).toMatchObject({ kind: 'ticket_received', ticketNumber: res.json().ticketNumber });
  });
});

describe('the daily digest', () => {
  it('lists each item with its link, status and text, escaped, using PUBLIC_URL or the stored address', () => {
    const item = (n: string, baseUrl: string | null) => ({
      kind: 'comment_added' as const,
      data: {
        ticketNumber: n,
        title: '<img src=x onerror=alert(1)>',
        actorName: 'Sari',
        from: null,
        to: null,
        excerpt: 'Sudah <i>dicek</i>',
        status: 'IN_PROGRESS',
        text: 'Sudah <i>dicek</i>',
        baseUrl,
      },
      createdAt: new Date(),
    });
    const stored = renderDigest('en', [item('TKT-1', 'http://10.0.0.5:3000')], 'Bantu');
    expect(stored.text).toContain('http://10.0.0.5:3000/tickets/TKT-1');
    expect(stored.text).toContain('Status: In progress');
    expect(stored.text).toContain('Sudah <i>dicek</i>');
    expect(stored.html).toContain('href="http://10.0.0.5:3000/tickets/TKT-1"');
    expect(stored.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(stored.html).toContain('Sudah &lt;i&gt;dicek&lt;/i&gt;');
    expect(stored.html).not.toMatch(/<img|<i>/);
    const fixed = renderDigest('id', [item('TKT-2', 'http://10.0.0.5:3000')], 'Bantu', 'https://bantu.example');
    expect(fixed.text).toContain('https://bantu.example/tickets/TKT-2');
    expect(fixed.text).toContain('Status: Dikerjakan');
    expect(fixed.text).not.toContain('10.0.0.5');
  });
});
