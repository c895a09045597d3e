import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureMailer } from '@/infra/mail/mailer';
import { buildTestApp, loginAs, type TestApp } from '../../../test/app';
import { dovecotBinary, startDovecot, DOVECOT_PASSWORD, type Dovecot } from '../../../test/dovecot';
import { makeCategory, makePriority, makeUser } from '../../../test/factories';
import { startTestWorker, until } from '../../../test/worker';

/**
 * E-mail intake end to end with real parts: Debian's dovecot as the IMAP server (messages
 * APPENDed with imapflow, fetched by the worker's poll job), the worker's inbound SMTP
 * endpoint (sent to with nodemailer), mailparser, the tickets/comments/attachments services
 * and the real database (PGlite, or PostgreSQL with TEST_DATABASE_URL).
 */
const dovecot = dovecotBinary();
if ('missing' in dovecot) console.warn(`IMAP intake tests skipped: ${dovecot.missing}`);

interface Mail {
  from: string;
  to?: string;
  subject: string;
  body?: string;
  html?: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string;
  headers?: Record<string, string>;
  attachment?: { name: string; type: string; content: Buffer };
}

/** A raw RFC 5322 message, as a mail client would write it. */
function raw(m: Mail): string {
  const id = m.messageId ?? `<${randomUUID()}@client.example>`;
  const head = [
    `From: ${m.from}`,
    `To: ${m.to ?? 'helpdesk@bantu.test'}`,
    `Subject: ${m.subject}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: ${id}`,
    'MIME-Version: 1.0',
    ...(m.inReplyTo ? [`In-Reply-To: ${m.inReplyTo}`] : []),
    ...(m.references ? [`References: ${m.references}`] : []),
    ...Object.entries(m.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
  ];
  const part = m.html
    ? 'Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n' + m.html
    : 'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n' + (m.body ?? '');
  if (!m.attachment) return `${head.join('\r\n')}\r\n${part}\r\n`;
  const b = 'b-' + randomUUID();
  return (
    `${head.join('\r\n')}\r\nContent-Type: multipart/mixed; boundary="${b}"\r\n\r\n` +
    `--${b}\r\n${part}\r\n` +
    `--${b}\r\nContent-Type: ${m.attachment.type}; name="${m.attachment.name}"\r\n` +
    `Content-Disposition: attachment; filename="${m.attachment.name}"\r\nContent-Transfer-Encoding: base64\r\n\r\n` +
    `${m.attachment.content.toString('base64').replace(/.{76}/g, '$&\r\n')}\r\n--${b}--\r\n`
  );
}

describe.skipIf('missing' in dovecot)('e-mail intake over IMAP (dovecot) and the SMTP endpoint', () => {
  let t: TestApp;
  let imap: Dovecot;
  let worker: Awaited<ReturnType<typeof startTestWorker>>;
  let admin: Awaited<ReturnType<typeof loginAs>>;
  let staff: Awaited<ReturnType<typeof loginAs>>;
  let requester: Awaited<ReturnType<typeof makeUser>>;
  let stranger: Awaited<ReturnType<typeof makeUser>>;
  let categoryId: string;
  let priorityId: string;
  let mailboxId: string;
  const mailbox = 'helpdesk';

  const poll = () => worker.intake!.pollAll({ owner: 'test', concurrency: 2, idleSeconds: 0 });
  const log = async (query = '') =>
    (
      await t.app.inject({
        method: 'GET',
        url: `/api/mail-messages?mailboxId=${mailboxId}&limit=100${query}`,
        headers: admin.headers,
      })
    ).json<{
      items: {
        id: string;
        messageId: string;
        status: string;
        reason: string | null;
        error: string | null;
        ticketId: string | null;
        seenCount: number;
        attempts: number;
      }[];
    }>().items;
  const entry = async (messageId: string) => (await log()).find((m) => m.messageId === messageId);
  const ticketsOf = (userId: string) =>
    t.app.db.selectFrom('tickets').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();
  const commentsOf = (ticketId: string) =>
    t.app.db
      .selectFrom('ticket_comments')
      .selectAll()
      .where('ticket_id', '=', ticketId)
      .orderBy('created_at')
      .execute();

  beforeAll(async () => {
    imap = await startDovecot();
    t = await buildTestApp();
    admin = await loginAs(t.app, 'admin');
    staff = await loginAs(t.app, 'it_staff', { email: 'agent@bantu.test' });
    requester = await makeUser(t.app.db, { email: 'budi@corp.example', name: 'Budi' });
    stranger = await makeUser(t.app.db, { email: 'siti@corp.example', name: 'Siti' });
    categoryId = (await makeCategory(t.app.db, { name: 'Umum' })).id;
    priorityId = (await makePriority(t.app.db, { name: 'Sedang' })).id;
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/mailboxes',
      headers: admin.headers,
      payload: {
        name: 'Helpdesk',
        kind: 'imap',
        address: 'helpdesk@bantu.test',
        imapHost: '127.0.0.1',
        imapPort: imap.port,
        imapTls: 'none',
        imapUser: mailbox,
        imapPassword: DOVECOT_PASSWORD,
        allowedDomains: ['corp.example'],
        defaultCategoryId: categoryId,
        defaultPriorityId: priorityId,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    mailboxId = created.json<{ id: string }>().id;
    worker = await startTestWorker(t, {
      mailer: captureMailer(t.app.db),
      mailIntake: {
        secrets: t.app.secrets,
        downloadTokens: t.app.downloadTokens,
        maxBytes: 5 * 1024 * 1024,
        concurrency: 2,
        idleSeconds: 0,
        smtp: { port: 0, host: '127.0.0.1' },
      },
    });
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
    await t?.close();
    await imap?.stop();
  });

  it('keeps the password encrypted, never returns it, and tests the connection', async () => {
    const row = await t.app.db
      .selectFrom('mailboxes')
      .selectAll()
      .where('id', '=', mailboxId)
      .executeTakeFirstOrThrow();
    expect(row.imap_password_enc).toMatch(/^v1:/);
    expect(row.imap_password_enc).not.toContain(DOVECOT_PASSWORD);
    const got = await t.app.inject({ method: 'GET', url: `/api/mailboxes/${mailboxId}`, headers: admin.headers });
    expect(got.body).not.toContain(DOVECOT_PASSWORD);
    expect(got.json()).toMatchObject({ hasPassword: true, imapUser: mailbox });

    const ok = await t.app.inject({ method: 'POST', url: `/api/mailboxes/${mailboxId}/test`, headers: admin.headers });
    expect(ok.json()).toMatchObject({ ok: true, idle: true, error: null });

    const other = await t.app.inject({
      method: 'POST',
      url: '/api/mailboxes',
      headers: admin.headers,
      payload: {
        name: 'Wrong password',
        kind: 'imap',
        address: 'wrong@bantu.test',
        isActive: false,
        imapHost: '127.0.0.1',
        imapPort: imap.port,
        imapTls: 'none',
        imapUser: 'x',
        imapPassword: 'not-it',
        defaultCategoryId: categoryId,
      },
    });
    const bad = await t.app.inject({
      method: 'POST',
      url: `/api/mailboxes/${other.json<{ id: string }>().id}/test`,
      headers: admin.headers,
    });
    expect(bad.json<{ ok: boolean; error: string }>()).toMatchObject({ ok: false });
    expect(bad.body).not.toContain('not-it');
  });

  it('is for admins only and refuses bad input with a 4xx', async () => {
    const user = await loginAs(t.app, 'user');
    expect((await t.app.inject({ method: 'GET', url: '/api/mailboxes', headers: user.headers })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/mail-messages', headers: staff.headers })).statusCode).toBe(
      403,
    );
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/mailboxes',
      headers: admin.headers,
      payload: { name: 'x', kind: 'imap', address: 'not-an-address', defaultCategoryId: categoryId },
    });
    expect(bad.statusCode).toBe(400);
    const dup = await t.app.inject({
      method: 'POST',
      url: '/api/mailboxes',
      headers: admin.headers,
      payload: { name: 'Dup', kind: 'smtp', address: 'HELPDESK@bantu.test', defaultCategoryId: categoryId },
    });
    expect(dup.statusCode).toBe(409);
  });

  it('turns a new mail into a ticket through the poll job (requester by address, subject -> title)', async () => {
    const messageId = `<${randomUUID()}@client.example>`;
    await imap.append(mailbox, [
      raw({
        from: 'Budi <budi@corp.example>',
        subject: 'Printer lantai 3 macet',
        messageId,
        body: 'Printer di lantai 3 tidak bisa mencetak sejak pagi.\n\n-- \nBudi Santoso\nFinance',
      }),
    ]);
    const job = await worker.queue.trigger('mail-intake-poll');
    expect(await worker.queue.waitFor('mail-intake-poll', job)).toBe('completed');
    const [ticket] = await ticketsOf(requester.id);
    expect(ticket).toMatchObject({
      title: 'Printer lantai 3 macet',
      description: 'Printer di lantai 3 tidak bisa mencetak sejak pagi.',
      category_id: categoryId,
      priority_id: priorityId,
      status: 'OPEN',
    });
    expect(ticket!.ticket_number).toMatch(/^[A-Z]+-\d{6}-\d{5}$/);
    expect(await entry(messageId)).toMatchObject({ status: 'ticket_created', ticketId: ticket!.id });
    // Same path as the portal: history event and the "ticket created" notification for staff.
    const events = await t.app.db
      .selectFrom('ticket_events')
      .select('type')
      .where('ticket_id', '=', ticket!.id)
      .execute();
    expect(events.map((e) => e.type)).toContain('created');
    // The message is marked seen on the server; a second poll finds nothing new.
    expect((await poll()).results[mailboxId]).toBe(0);
  });

  it('makes one ticket of the same message fetched twice', async () => {
    const messageId = `<${randomUUID()}@client.example>`;
    const mail = raw({
      from: 'budi@corp.example',
      subject: 'VPN putus terus',
      messageId,
      body: 'VPN putus tiap 5 menit.',
    });
    await imap.append(mailbox, [mail, mail]);
    await poll();
    // And once more from another folder state: the mailbox starts over after a UIDVALIDITY reset.
    await t.app.db.updateTable('mailboxes').set({ last_uid: 0 }).where('id', '=', mailboxId).execute();
    await poll();
    const vpn = (await ticketsOf(requester.id)).filter((x) => x.title === 'VPN putus terus');
    expect(vpn).toHaveLength(1);
    const e = (await log()).filter((m) => m.messageId === messageId);
    expect(e).toHaveLength(1);
    expect(e[0]!.seenCount).toBeGreaterThanOrEqual(3);
  });

  it('turns a reply to a notification mail into a comment, and a reply with a file into a comment with the file', async () => {
    const [ticket] = await ticketsOf(requester.id);
    // Staff answer in the portal: the worker mails the requester (threaded Message-ID).
    const answer = await t.app.inject({
      method: 'POST',
      url: `/api/tickets/${ticket!.id}/comments`,
      headers: staff.headers,
      payload: { comment: 'Sudah dicoba restart printernya?' },
    });
    expect(answer.statusCode).toBe(201);
    let notification: { message_id: string } | undefined;
    await until(
      async () => {
        notification = await t.app.db
          .selectFrom('captured_mails')
          .select('message_id')
          .where('to_address', '=', requester.email)
          .orderBy('created_at', 'desc')
          .executeTakeFirst();
        return !!notification;
      },
      20_000,
      'notification mail to the requester',
    );

    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#ff0000' } })
      .png()
      .toBuffer();
    const replyId = `<${randomUUID()}@client.example>`;
    const withFile = `<${randomUUID()}@client.example>`;
    await imap.append(mailbox, [
      raw({
        from: 'budi@corp.example',
        subject: 'Re: Balasan baru: Printer lantai 3 macet',
        messageId: replyId,
        inReplyTo: notification!.message_id,
        references: `<ticket-${ticket!.id}@bantu> ${notification!.message_id}`,
        body: 'Sudah, tetap macet.\n\nOn Tue, 1 Dec 2026 at 10:00, Bantu <helpdesk@bantu.test> wrote:\n> Sudah dicoba restart printernya?',
      }),
      raw({
        from: 'budi@corp.example',
        subject: `Foto layar [${ticket!.ticket_number}]`,
        messageId: withFile,
        body: 'Ini fotonya.',
        attachment: { name: 'layar.png', type: 'image/png', content: png },
      }),
    ]);
    await poll();
    const comments = await commentsOf(ticket!.id);
    const mine = comments.filter((c) => c.user_id === requester.id);
    expect(mine.map((c) => c.comment)).toEqual(['Sudah, tetap macet.', 'Ini fotonya.']);
    expect(mine.every((c) => !c.is_internal)).toBe(true);
    expect(await entry(replyId)).toMatchObject({ status: 'comment_added', ticketId: ticket!.id });
    const files = await t.app.db
      .selectFrom('ticket_attachments')
      .selectAll()
      .where('ticket_id', '=', ticket!.id)
      .execute();
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ file_name: 'layar.png', file_type: 'image/png', comment_id: mine[1]!.id });
    // Stored through the upload path: the object exists and a thumbnail was made.
    expect((await t.storage.get(files[0]!.file_path)).body).toBeTruthy();
    expect(files[0]!.thumbnail_path).not.toBeNull();
  });

  it('makes a staff reply a public comment', async () => {
    const [ticket] = await ticketsOf(requester.id);
    const id = `<${randomUUID()}@client.example>`;
    await imap.append(mailbox, [
      raw({
        from: 'agent@bantu.test',
        subject: `Re: [${ticket!.ticket_number}] Printer`,
        messageId: id,
        body: 'Teknisi datang jam 2.',
      }),
    ]);
    await poll();
    const c = (await commentsOf(ticket!.id)).find((x) => x.comment === 'Teknisi datang jam 2.');
    expect(c).toMatchObject({ user_id: staff.user.id, is_internal: false });
  });

  it('turns an HTML-only mail into the Markdown subset, without scripts or quoted history', async () => {
    const id = `<${randomUUID()}@client.example>`;
    await imap.append(mailbox, [
      raw({
        from: 'budi@corp.example',
        subject: 'Laptop baru',
        messageId: id,
        html:
          '<html><head><style>p{color:red}</style><script>alert(1)</script></head><body>' +
          '<p>Mohon <b>segera</b> disiapkan:</p><ul><li>Laptop</li><li><i>Mouse</i></li></ul>' +
          '<p>Detail: <a href="https://intra.example/req/7">form</a> <a href="javascript:alert(1)">klik</a></p>' +
          '<img src="https://tracker.example/p.gif" onerror="alert(1)">' +
          '<div class="gmail_quote">On Mon someone wrote:<blockquote>old text</blockquote></div></body></html>',
      }),
    ]);
    await poll();
    const ticket = (await ticketsOf(requester.id)).find((x) => x.title === 'Laptop baru');
    expect(ticket!.description).toBe(
      'Mohon **segera** disiapkan:\n\n- Laptop\n- *Mouse*\n\nDetail: [form](https://intra.example/req/7) klik',
    );
    expect(ticket!.description).not.toMatch(/alert|old text|<|tracker/);
  });

  it('dead-letters a malformed message, processes the next one, and retries a dead letter from the admin panel', async () => {
    const next = `<${randomUUID()}@client.example>`;
    await imap.append(mailbox, [
      'this is not a mail message at all\r\n\r\njust bytes without headers\r\n',
      raw({ from: 'budi@corp.example', subject: 'Monitor berkedip', messageId: next, body: 'Monitor berkedip.' }),
    ]);
    await poll();
    const dead = (await log('&status=dead_letter')).find((m) => m.error?.includes('sender'));
    expect(dead).toBeTruthy();
    expect(await entry(next)).toMatchObject({ status: 'ticket_created' });

    // A store failure (the default category was deactivated) is a dead letter an admin can retry.
    await t.app.db.updateTable('categories').set({ is_active: false }).where('id', '=', categoryId).execute();
    const failing = `<${randomUUID()}@client.example>`;
    await imap.append(mailbox, [
      raw({ from: 'budi@corp.example', subject: 'Keyboard rusak', messageId: failing, body: 'Tombol A.' }),
    ]);
    await poll();
    const failed = await entry(failing);
    expect(failed).toMatchObject({ status: 'dead_letter' });
    expect(failed!.error).toMatch(/category/i);
    await t.app.db.updateTable('categories').set({ is_active: true }).where('id', '=', categoryId).execute();
    const retry = await t.app.inject({
      method: 'POST',
      url: `/api/mail-messages/${failed!.id}/retry`,
      headers: admin.headers,
    });
    expect(retry.statusCode).toBe(202);
    // The retry wakes this process's intake worker at once: it may have started on it already.
    expect(retry.json()).toMatchObject({ attempts: 2 });
    expect(['queued', 'processing', 'ticket_created']).toContain(retry.json<{ status: string }>().status);
    await until(async () => (await entry(failing))?.status === 'ticket_created', 20_000, 'retried message processed');
    expect((await ticketsOf(requester.id)).filter((x) => x.title === 'Keyboard rusak')).toHaveLength(1);
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/mail-messages/${failed!.id}/retry`,
      headers: admin.headers,
    });
    expect(again.statusCode).toBe(409);
  });

  it('ignores auto-replies, bulk mail, bounces and our own mails, recording why', async () => {
    const before = (await ticketsOf(requester.id)).length;
    const ids = {
      auto: `<${randomUUID()}@client.example>`,
      bulk: `<${randomUUID()}@client.example>`,
      xauto: `<${randomUUID()}@client.example>`,
      daemon: `<${randomUUID()}@client.example>`,
      ours: `<${randomUUID()}@bantu>`,
    };
    await imap.append(mailbox, [
      raw({
        from: 'budi@corp.example',
        subject: 'Out of office',
        messageId: ids.auto,
        body: 'Saya cuti.',
        headers: { 'Auto-Submitted': 'auto-replied' },
      }),
      raw({
        from: 'budi@corp.example',
        subject: 'Newsletter',
        messageId: ids.bulk,
        body: 'Promo',
        headers: { Precedence: 'bulk' },
      }),
      raw({
        from: 'budi@corp.example',
        subject: 'Autoreply',
        messageId: ids.xauto,
        body: 'x',
        headers: { 'X-Autoreply': 'yes' },
      }),
      raw({
        from: 'MAILER-DAEMON@corp.example',
        subject: 'Undelivered Mail Returned to Sender',
        messageId: ids.daemon,
        body: 'bounce',
      }),
      raw({ from: 'helpdesk@bantu.test', subject: 'Tiket baru: loop', messageId: ids.ours, body: 'loop' }),
    ]);
    await poll();
    for (const id of Object.values(ids)) {
      const e = await entry(id);
      expect(e?.status, id).toBe('ignored');
      expect(e?.reason).toMatch(/auto-reply|bulk|bounce|loop/);
    }
    expect((await ticketsOf(requester.id)).length).toBe(before);
    const answers = await t.app.db
      .selectFrom('captured_mails')
      .select('to_address')
      .where('subject', 'like', 'Re:%')
      .execute();
    expect(answers.map((a) => a.to_address)).not.toContain('budi@corp.example');
  });

  it('counts a requester reply to a RESOLVED ticket as a rejection (back to IN_PROGRESS with the comment)', async () => {
    const [ticket] = await ticketsOf(requester.id);
    const take = await t.app.inject({
      method: 'POST',
      url: `/api/tickets/${ticket!.id}/transitions`,
      headers: staff.headers,
      payload: { to: 'IN_PROGRESS' },
    });
    expect(take.statusCode, take.body).toBe(200);
    const resolve = await t.app.inject({
      method: 'POST',
      url: `/api/tickets/${ticket!.id}/transitions`,
      headers: staff.headers,
      payload: { to: 'RESOLVED', comment: 'Printer diganti.' },
    });
    expect(resolve.statusCode, resolve.body).toBe(200);
    await imap.append(mailbox, [
      raw({
        from: 'budi@corp.example',
        subject: `Re: [${ticket!.ticket_number}] Status: Selesai`,
        body: 'Masih macet, belum selesai.',
      }),
    ]);
    await poll();
    const after = await t.app.db
      .selectFrom('tickets')
      .selectAll()
      .where('id', '=', ticket!.id)
      .executeTakeFirstOrThrow();
    expect(after.status).toBe('IN_PROGRESS');
    expect(after.resolved_at).toBeNull();
    const events = await t.app.db
      .selectFrom('ticket_events')
      .selectAll()
      .where('ticket_id', '=', ticket!.id)
      .where('type', '=', 'status_changed')
      .execute();
    expect(events.at(-1)).toMatchObject({ from_value: 'RESOLVED', to_value: 'IN_PROGRESS' });
    expect((await commentsOf(ticket!.id)).at(-1)).toMatchObject({
      user_id: requester.id,
      comment: 'Masih macet, belum selesai.',
    });
  });

  it('attaches nothing from a sender who may not see the ticket', async () => {
    const [ticket] = await ticketsOf(requester.id);
    const count = (await commentsOf(ticket!.id)).length;
    const fromColleague = `<${randomUUID()}@client.example>`;
    const fromOutsider = `<${randomUUID()}@client.example>`;
    await imap.append(mailbox, [
      raw({
        from: stranger.email,
        subject: `Re: [${ticket!.ticket_number}] Printer`,
        messageId: fromColleague,
        body: 'Saya juga!',
      }),
      raw({
        from: 'eve@evil.example',
        subject: 'Re: printer',
        messageId: fromOutsider,
        references: `<ticket-${ticket!.id}@bantu>`,
        body: 'click here',
      }),
    ]);
    await poll();
    expect((await commentsOf(ticket!.id)).length).toBe(count);
    expect(await entry(fromColleague)).toMatchObject({ status: 'ignored' });
    expect((await entry(fromColleague))!.reason).toMatch(/not permitted/);
    expect((await entry(fromOutsider))!.reason).toMatch(/not permitted/);
    // No account was made for the outsider.
    expect(
      await t.app.db.selectFrom('users').select('id').where('email', '=', 'eve@evil.example').executeTakeFirst(),
    ).toBeUndefined();
  });

  it('creates an account for an unknown sender of an allowed domain; others get one rate-limited auto-reply', async () => {
    await imap.append(mailbox, [
      raw({
        from: 'Rina Wati <rina@corp.example>',
        subject: 'Akses shared drive',
        body: 'Minta akses folder Finance.',
      }),
      raw({ from: 'vendor@outside.example', subject: 'Penawaran toner', body: 'Harga spesial.' }),
      raw({ from: 'vendor@outside.example', subject: 'Penawaran toner (2)', body: 'Harga spesial lagi.' }),
    ]);
    await poll();
    const rina = await t.app.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', 'rina@corp.example')
      .executeTakeFirstOrThrow();
    expect(rina).toMatchObject({ name: 'Rina Wati', role: 'user', password_hash: null });
    expect((await ticketsOf(rina.id)).map((x) => x.title)).toEqual(['Akses shared drive']);
    expect(
      await t.app.db.selectFrom('users').select('id').where('email', '=', 'vendor@outside.example').executeTakeFirst(),
    ).toBeUndefined();
    const replies = await t.app.db
      .selectFrom('captured_mails')
      .selectAll()
      .where('to_address', '=', 'vendor@outside.example')
      .execute();
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text_body).toMatch(/akun|account/);
    const vendor = (await log()).filter((m) => m.status === 'ignored' && m.reason?.startsWith('unknown sender'));
    expect(vendor.map((v) => v.reason)).toEqual(
      expect.arrayContaining([
        'unknown sender; auto-reply sent',
        'unknown sender; auto-reply already sent to this sender today',
      ]),
    );
  });

  it('picks category and priority by rule (sender domain, subject word)', async () => {
    const network = await makeCategory(t.app.db, { name: 'Jaringan' });
    const urgent = await makePriority(t.app.db, { name: 'Tinggi' });
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/mailboxes/${mailboxId}`,
      headers: admin.headers,
      payload: { rules: [{ field: 'subject', value: 'wifi', categoryId: network.id, priorityId: urgent.id }] },
    });
    expect(patch.statusCode, patch.body).toBe(200);
    await imap.append(mailbox, [
      raw({ from: 'budi@corp.example', subject: 'WiFi ruang rapat mati', body: 'Tidak ada sinyal.' }),
    ]);
    await poll();
    const ticket = (await ticketsOf(requester.id)).find((x) => x.title === 'WiFi ruang rapat mati');
    expect(ticket).toMatchObject({ category_id: network.id, priority_id: urgent.id });
  });

  it('waits in IMAP IDLE and takes a mail as soon as it arrives', async () => {
    const id = `<${randomUUID()}@client.example>`;
    const polling = worker.intake!.pollAll({ owner: 'idle-test', concurrency: 1, idleSeconds: 6 });
    await new Promise((r) => setTimeout(r, 1000));
    await imap.append(mailbox, [
      raw({ from: 'budi@corp.example', subject: 'Proyektor mati', messageId: id, body: 'Ruang 2.' }),
    ]);
    await until(async () => (await entry(id))?.status === 'ticket_created', 5000, 'mail taken during IDLE');
    // Meanwhile another worker finds the mailbox leased and leaves it alone.
    expect((await worker.intake!.pollAll({ owner: 'other', concurrency: 1, idleSeconds: 0 })).results[mailboxId]).toBe(
      'busy',
    );
    await polling;
  });

  it('takes forwarded mail on the inbound SMTP endpoint (and refuses unknown recipients)', async () => {
    const smtpBox = await t.app.inject({
      method: 'POST',
      url: '/api/mailboxes',
      headers: admin.headers,
      payload: {
        name: 'Forwarded',
        kind: 'smtp',
        address: 'it@forward.test',
        defaultCategoryId: categoryId,
        defaultPriorityId: priorityId,
      },
    });
    expect(smtpBox.statusCode, smtpBox.body).toBe(201);
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: worker.smtpPort()!,
      secure: false,
      ignoreTLS: true,
    });
    const messageId = `<${randomUUID()}@client.example>`;
    await transport.sendMail({
      from: 'budi@corp.example',
      to: 'it@forward.test',
      subject: 'Email tidak sinkron',
      text: 'Outlook tidak sinkron.',
      messageId,
    });
    // The same message forwarded again: still one ticket.
    await transport.sendMail({
      from: 'budi@corp.example',
      to: 'it@forward.test',
      subject: 'Email tidak sinkron',
      text: 'Outlook tidak sinkron.',
      messageId,
    });
    await expect(
      transport.sendMail({ from: 'budi@corp.example', to: 'nobody@forward.test', subject: 'x', text: 'x' }),
    ).rejects.toThrow(/550/);
    // A malformed message is accepted and dead-lettered; the next one is processed.
    await transport.sendMail({
      envelope: { from: 'x@corp.example', to: ['it@forward.test'] },
      raw: 'garbage without headers\r\n',
    });
    await transport.sendMail({
      from: 'budi@corp.example',
      to: 'it@forward.test',
      subject: 'Kalender error',
      text: 'Kalender.',
    });
    transport.close();
    const titles = (await ticketsOf(requester.id)).map((x) => x.title);
    expect(titles.filter((x) => x === 'Email tidak sinkron')).toHaveLength(1);
    expect(titles).toContain('Kalender error');
    const smtpLog = (
      await t.app.inject({
        method: 'GET',
        url: `/api/mail-messages?mailboxId=${smtpBox.json<{ id: string }>().id}`,
        headers: admin.headers,
      })
    ).json<{ items: { status: string; seenCount: number }[] }>().items;
    expect(smtpLog.map((m) => m.status).sort()).toEqual(['dead_letter', 'ticket_created', 'ticket_created']);
    expect(smtpLog.find((m) => m.seenCount === 2)).toBeTruthy();
  });
});
