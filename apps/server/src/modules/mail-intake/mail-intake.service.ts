import { Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import type { Multipart } from '@fastify/multipart';
import {
  type MailboxCreateRequest,
  type MailboxResponse,
  type MailboxTestResponse,
  type MailboxUpdateRequest,
  type MailMessageListQuery,
  type MailMessageResponse,
  type MailboxRule,
} from '@bantu/contracts';
import type { ImapFlow } from 'imapflow';
import type { z } from 'zod';
import type { DB } from '@/db/database';
import type { AuthUser } from '@/http/auth.plugin';
import type { Clock } from '@/infra/infra.plugin';
import type { Mailer } from '@/infra/mail/mailer';
import { sendJob, type JobName } from '@/modules/outbox/outbox.definitions';
import { AppError, duplicate, fieldError, notFound, uniqueViolation } from '@/lib/errors';
import type { SecretBox } from '@/lib/secret-box';
import type { AttachmentsService } from '@/modules/attachments/attachments.service';
import type { SettingsService } from '@/modules/settings/settings.service';
import { ticketPolicy } from '@/modules/tickets/tickets.policy';
import { findTicketSummary } from '@/modules/tickets/tickets.repository';
import type { TicketsService } from '@/modules/tickets/tickets.service';
import { viewerOf } from '@/modules/tickets/tickets.visibility';
import { findActiveUserById, findUserByEmail, insertUser } from '@/modules/users/users.repository';
import {
  MailParseError,
  automaticReason,
  cleanSubject,
  parseMail,
  syntheticMessageId,
  ticketNumberIn,
  type InboundMail,
} from './mail-intake.parse';
import * as repo from './mail-intake.repository';

export const MAIL_RETRY_QUEUE = 'mail-intake-retry' satisfies JobName;
/** An unknown sender gets at most one "how to get an account" answer per day. */
const AUTO_REPLY_WINDOW_SECONDS = 24 * 3600;
/** IMAP messages fetched and processed per round trip (bounds memory). */
const FETCH_CHUNK = 50;

export interface MailIntakeDeps {
  db: DB;
  clock: Clock;
  secrets: SecretBox;
  maxBytes: number;
  /** A message becomes a ticket or a comment, its files attachments. */
  tickets: TicketsService;
  attachments: AttachmentsService;
  settings: SettingsService;
  /** Worker only: sends the auto-reply to unknown senders. */
  mailer?: Mailer;
  fromAddress?: string;
  publicUrl?: string;
  log?: { info(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

export type Fate =
  | { status: 'ticket_created' | 'comment_added'; ticketId: string; reason?: string | null }
  | { status: 'ignored'; reason: string; ticketId?: string | null }
  | { status: 'dead_letter'; error: string }
  | { status: 'duplicate' };

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function present(row: Awaited<ReturnType<typeof repo.listMailboxes>>[number]): MailboxResponse {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    address: row.address,
    isActive: row.is_active,
    imapHost: row.imap_host,
    imapPort: row.imap_port,
    imapTls: row.imap_tls,
    imapUser: row.imap_user,
    hasPassword: row.imap_password_enc !== null,
    imapFolder: row.imap_folder,
    allowedDomains: row.allowed_domains,
    defaultCategoryId: row.default_category_id,
    defaultPriorityId: row.default_priority_id,
    rules: row.rules as MailboxRule[],
    lastPolledAt: row.last_polled_at?.toISOString() ?? null,
    lastError: row.last_error,
    lastErrorAt: row.last_error_at?.toISOString() ?? null,
    counts: { total: Number(row.total ?? 0), deadLetter: Number(row.dead_letter), ignored: Number(row.ignored) },
    createdAt: row.created_at.toISOString(),
  };
}

function presentMessage(r: Awaited<ReturnType<typeof repo.listMessages>>['items'][number]): MailMessageResponse {
  return {
    id: r.id,
    mailboxId: r.mailbox_id,
    messageId: r.message_id,
    fromAddress: r.from_address,
    subject: r.subject,
    status: r.status,
    reason: r.reason,
    error: r.error,
    ticketId: r.ticket_id,
    ticketNumber: r.ticket_number ?? null,
    size: r.size,
    attempts: r.attempts,
    seenCount: r.seen_count,
    receivedAt: r.received_at.toISOString(),
    processedAt: r.processed_at?.toISOString() ?? null,
  };
}

/** Connection errors without anything secret in them. */
function connectionError(error: unknown): string {
  const e = error as { message?: string; responseText?: string; code?: string; authenticationFailed?: boolean };
  if (e.authenticationFailed) return 'Authentication failed: check the user and password';
  return clip([e.code, e.responseText ?? e.message].filter(Boolean).join(': ') || 'Connection failed', 500);
}

/** An IMAP client for the mailbox (imapflow is loaded on first use, not at every start). */
export async function imapClient(m: repo.MailboxRow, password: string): Promise<ImapFlow> {
  const { ImapFlow } = await import('imapflow');
  const client = new ImapFlow({
    host: m.imap_host ?? '',
    port: m.imap_port ?? (m.imap_tls === 'tls' ? 993 : 143),
    secure: m.imap_tls === 'tls',
    doSTARTTLS: m.imap_tls === 'starttls' ? true : m.imap_tls === 'none' ? false : undefined,
    auth: { user: m.imap_user ?? '', pass: password },
    logger: false,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 5 * 60_000,
    autoIdleDelay: 1000,
  });
  // A dropped connection surfaces as a rejected command; the event must not crash the worker.
  client.on('error', () => undefined);
  return client;
}

/** Category and priority of a new ticket: the first matching rule over the mailbox's defaults. */
export function classify(mailbox: repo.MailboxRow, mail: Pick<InboundMail, 'from' | 'subject'>) {
  let categoryId = mailbox.default_category_id;
  let priorityId = mailbox.default_priority_id;
  const domain = mail.from.split('@')[1] ?? '';
  const subject = mail.subject.toLowerCase();
  for (const rule of mailbox.rules as MailboxRule[]) {
    const value = rule.value.toLowerCase();
    const hit =
      rule.field === 'sender_domain'
        ? domain === value || domain.endsWith(`.${value}`)
        : new RegExp(`(^|[^\\p{L}\\p{N}])${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}\\p{N}])`, 'u').test(
            subject,
          );
    if (hit) {
      categoryId = rule.categoryId ?? categoryId;
      priorityId = rule.priorityId ?? priorityId;
      break;
    }
  }
  return { categoryId, priorityId };
}

export function mailIntakeService(deps: MailIntakeDeps) {
  const { db, clock, secrets, tickets, attachments, settings } = deps;

  async function loadMailbox(id: string) {
    const rows = await repo.listMailboxes(db);
    const row = rows.find((r) => r.id === id);
    if (!row) throw notFound('Mailbox');
    return present(row);
  }

  async function checkCatalog(
    categoryId: string | null | undefined,
    priorityId: string | null | undefined,
    rules: MailboxRule[],
  ) {
    const categories = [categoryId, ...rules.map((r) => r.categoryId)].filter((v): v is string => !!v);
    const priorities = [priorityId, ...rules.map((r) => r.priorityId)].filter((v): v is string => !!v);
    if (categories.length) {
      const found = await db.selectFrom('categories').select('id').where('id', 'in', categories).execute();
      if (found.length < new Set(categories).size) throw fieldError('defaultCategoryId', 'No such category');
    }
    if (priorities.length) {
      const found = await db.selectFrom('priorities').select('id').where('id', 'in', priorities).execute();
      if (found.length < new Set(priorities).size) throw fieldError('defaultPriorityId', 'No such priority');
    }
  }

  const uniqueAddress = (error: unknown) => {
    if (uniqueViolation(error) !== null) throw duplicate('address', 'Another mailbox has this address');
    throw error;
  };

  async function asUser(id: string): Promise<AuthUser | null> {
    return (await findActiveUserById(db, id)) ?? null;
  }

  /** The active user behind an address, as the services take it (one query). */
  async function userByAddress(address: string): Promise<AuthUser | 'deactivated' | null> {
    const row = await findUserByEmail(db, address);
    if (!row) return null;
    if (!row.status) return 'deactivated';
    const { password_hash, ...user } = row;
    return { ...user, has_password: password_hash !== null };
  }

  /**
   * Values every message needs, read at most every few seconds while a batch runs: our own
   * addresses (loop detection) and the settings (ticket number prefix).
   */
  const cached = <T>(load: () => Promise<T>, ttlMs = 5000) => {
    let value: { at: number; v: Promise<T> } | null = null;
    return () => {
      if (!value || Date.now() - value.at > ttlMs) {
        const v = load();
        value = { at: Date.now(), v };
        v.catch(() => (value = null));
      }
      return value.v;
    };
  };
  const ourAddresses = cached(async () => {
    const ours = await repo.allMailboxAddresses(db);
    const from = deps.fromAddress?.match(/<([^>]+)>/)?.[1] ?? deps.fromAddress;
    if (from) ours.push(from.toLowerCase());
    return ours;
  });
  const ticketPrefix = cached(async () => (await settings.get()).ticketNumberPrefix);

  /** Files of a mail, one at a time through the upload service (same types, size and storage rules). */
  async function attach(user: AuthUser, ticketId: string, commentId: string | null, mail: InboundMail) {
    const notes: string[] = [];
    if (mail.attachments.length === 0) return notes;
    const config = await settings.get();
    for (const a of mail.attachments) {
      if (a.content.length > config.uploadMaxBytes) {
        notes.push(`"${a.fileName}" skipped: larger than the upload limit`);
        continue;
      }
      const file = Object.assign(Readable.from([a.content]), { truncated: false });
      async function* parts(): AsyncGenerator<Multipart> {
        if (commentId) yield { type: 'field', fieldname: 'commentId', value: commentId } as unknown as Multipart;
        yield {
          type: 'file',
          fieldname: 'file',
          filename: a.fileName,
          mimetype: a.contentType,
          encoding: '7bit',
          file,
        } as unknown as Multipart;
      }
      try {
        await attachments.upload(user, ticketId, parts());
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        notes.push(`"${a.fileName}" skipped: ${error.message}`);
      }
    }
    return notes;
  }

  async function autoReply(mailbox: repo.MailboxRow, mail: InboundMail): Promise<string> {
    if (!deps.mailer) return 'no auto-reply (no mailer in this process)';
    if (!(await repo.claimAutoReply(db, mail.from, AUTO_REPLY_WINDOW_SECONDS, clock.now()))) {
      return 'auto-reply already sent to this sender today';
    }
    const config = await settings.get();
    const where = deps.publicUrl ? ` ${deps.publicUrl}` : '';
    try {
      await deps.mailer.send({
        to: mail.from,
        from: deps.fromAddress ?? `${config.organizationName} <${mailbox.address}>`,
        subject: `Re: ${clip(mail.subject || '(tanpa subjek)', 150)}`,
        text:
          `Pesan Anda ke ${mailbox.address} tidak dijadikan tiket karena alamat ${mail.from} belum terdaftar di ${config.organizationName}. ` +
          `Mintalah akun kepada admin IT Anda, lalu kirim ulang pesan ini atau buat tiket di portal${where}.\n\n` +
          `Your message to ${mailbox.address} did not become a ticket because ${mail.from} is not registered with ${config.organizationName}. ` +
          `Ask your IT administrator for an account, then send it again or create the ticket in the portal${where}.\n`,
        html: '',
        messageId: `<autoreply-${randomUUID()}@bantu>`,
        inReplyTo: mail.messageId,
        references: mail.messageId,
        headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All', Precedence: 'auto_reply' },
      });
      return 'auto-reply sent';
    } catch (error) {
      deps.log?.error({ err: error, mailbox: mailbox.id }, 'mail intake: auto-reply failed');
      return 'auto-reply failed';
    }
  }

  async function threadOf(mail: InboundMail) {
    const byId = await repo.ticketOfMessageIds(db, mail.refs);
    if (byId) return repo.ticketById(db, byId);
    const number = ticketNumberIn(mail.subject, await ticketPrefix());
    return number ? repo.ticketByNumber(db, number) : undefined;
  }

  async function reply(
    ticket: { id: string; user_id: string; status: string },
    user: AuthUser,
    mail: InboundMail,
  ): Promise<Fate> {
    const summary = await findTicketSummary(db, viewerOf(user), ticket.id, clock.now());
    if (!summary) return { status: 'ignored', reason: `not permitted: ${user.email} may not see this ticket` };
    const text = clip(mail.body || (mail.attachments.length ? '(lampiran / attachments)' : ''), 20_000);
    if (ticket.status === 'CLOSED') return { status: 'ignored', reason: 'ticket is closed', ticketId: ticket.id };
    let commentId: string | null = null;
    let note: string | null = null;
    if (ticket.status === 'RESOLVED' && ticket.user_id === user.id) {
      if (!text) return { status: 'ignored', reason: 'empty reply to a resolved ticket', ticketId: ticket.id };
      // The requester answering a resolution: a rejection with that comment (RESOLVED -> IN_PROGRESS).
      await tickets.transition(user, ticket.id, { to: 'IN_PROGRESS', comment: text });
      const latest = await db
        .selectFrom('ticket_comments')
        .select('id')
        .where('ticket_id', '=', ticket.id)
        .where('user_id', '=', user.id)
        .orderBy('created_at', 'desc')
        .executeTakeFirst();
      commentId = latest?.id ?? null;
      note = 'resolution rejected';
    } else {
      if (!ticketPolicy.can(user, 'comment', summary)) {
        return { status: 'ignored', reason: `not permitted: ${user.email} may not comment`, ticketId: ticket.id };
      }
      if (text) commentId = (await tickets.addComment(user, ticket.id, { comment: text, isInternal: false })).id;
    }
    const skipped = await attach(user, ticket.id, commentId, mail);
    return {
      status: 'comment_added',
      ticketId: ticket.id,
      reason: [note, ...skipped].filter(Boolean).join('; ') || null,
    };
  }

  async function requesterFor(mailbox: repo.MailboxRow, mail: InboundMail): Promise<AuthUser | string> {
    const existing = await findUserByEmail(db, mail.from);
    if (existing)
      return existing.status ? ((await asUser(existing.id)) ?? 'sender is deactivated') : 'sender is deactivated';
    const domain = mail.from.split('@')[1] ?? '';
    if (!mailbox.allowed_domains.includes(domain)) return `unknown sender; ${await autoReply(mailbox, mail)}`;
    try {
      const created = await insertUser(db, {
        name: clip(mail.fromName?.replace(/[\p{Cc}"<>]/gu, '').trim() || mail.from.split('@')[0]!, 120),
        email: mail.from,
        password_hash: null,
        division: null,
        role: 'user',
        phone: null,
        locale: 'id',
      });
      deps.log?.info({ user: created.id, mailbox: mailbox.id }, 'mail intake: account created for sender');
    } catch (error) {
      if (uniqueViolation(error) === null) throw error;
    }
    const user = await findUserByEmail(db, mail.from);
    return (user && (await asUser(user.id))) ?? 'sender could not be created';
  }

  async function newTicket(mailbox: repo.MailboxRow, mail: InboundMail): Promise<Fate> {
    const requester = await requesterFor(mailbox, mail);
    if (typeof requester === 'string') return { status: 'ignored', reason: requester };
    const { categoryId, priorityId } = classify(mailbox, mail);
    if (!categoryId) return { status: 'dead_letter', error: 'The mailbox has no default category' };
    let title = cleanSubject(mail.subject) || mail.body.split('\n')[0]?.trim() || '';
    if (title.length < 5) title = `E-mail: ${title || mail.from}`;
    const ticket = await tickets.create(requester, {
      title: clip(title, 200),
      description: clip(mail.body || '(pesan kosong / empty message)', 20_000),
      categoryId,
      ...(priorityId ? { priorityId } : {}),
    });
    const skipped = await attach(requester, ticket.id, null, mail);
    return { status: 'ticket_created', ticketId: ticket.id, reason: skipped.join('; ') || null };
  }

  async function decide(mailbox: repo.MailboxRow | null, mail: InboundMail): Promise<Fate> {
    const automatic = automaticReason(mail, { addresses: await ourAddresses() });
    if (automatic) return { status: 'ignored', reason: automatic };
    const ticket = await threadOf(mail);
    if (ticket) {
      const user = await userByAddress(mail.from);
      if (!user || user === 'deactivated')
        return { status: 'ignored', reason: `not permitted: ${mail.from} is not a user who may see the ticket` };
      return reply(ticket, user, mail);
    }
    if (!mailbox) return { status: 'dead_letter', error: 'No mailbox for this message' };
    return newTicket(mailbox, mail);
  }

  /** Processes a claimed row; every outcome, failures included, ends in the row. */
  async function run(rowId: string, mailbox: repo.MailboxRow | null, mail: InboundMail): Promise<Fate> {
    let fate: Fate;
    try {
      fate = await decide(mailbox, mail);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      deps.log?.error({ err: error, mailbox: mailbox?.id, message: rowId }, 'mail intake: message dead-lettered');
      fate = { status: 'dead_letter', error: clip(message, 1000) };
    }
    await repo.finishMessage(
      db,
      rowId,
      fate.status === 'dead_letter'
        ? { status: 'dead_letter', error: fate.error, reason: null }
        : fate.status === 'duplicate'
          ? { status: 'ignored', reason: 'duplicate' }
          : { status: fate.status, reason: fate.reason ?? null, ticket_id: fate.ticketId ?? null, error: null },
      clock.now(),
    );
    return fate;
  }

  /**
   * One received message, from IMAP or the SMTP endpoint: claimed once per Message-ID, then
   * turned into a ticket, a comment, an ignored entry or a dead letter. Throws only when the
   * database itself fails (the caller keeps the message to try again).
   */
  async function ingest(mailbox: repo.MailboxRow | null, raw: Buffer): Promise<Fate> {
    if (raw.length > deps.maxBytes) {
      const id = await repo.claimMessage(db, {
        mailboxId: mailbox?.id ?? null,
        messageId: syntheticMessageId(raw),
        from: null,
        subject: null,
        raw: Buffer.alloc(0),
      });
      if (!id) return { status: 'duplicate' };
      const fate: Fate = { status: 'dead_letter', error: `Larger than the limit of ${deps.maxBytes} bytes` };
      await repo.finishMessage(db, id, { status: 'dead_letter', error: fate.error }, clock.now());
      await db.updateTable('mail_messages').set({ raw: null }).where('id', '=', id).execute();
      return fate;
    }
    let mail: InboundMail;
    try {
      mail = await parseMail(raw);
    } catch (error) {
      if (!(error instanceof MailParseError)) throw error;
      const id = await repo.claimMessage(db, {
        mailboxId: mailbox?.id ?? null,
        messageId: syntheticMessageId(raw),
        from: null,
        subject: null,
        raw,
      });
      if (!id) return { status: 'duplicate' };
      await repo.finishMessage(db, id, { status: 'dead_letter', error: error.message }, clock.now());
      return { status: 'dead_letter', error: error.message };
    }
    const id = await repo.claimMessage(db, {
      mailboxId: mailbox?.id ?? null,
      messageId: mail.messageId,
      from: mail.from,
      subject: clip(mail.subject, 500),
      raw,
    });
    if (!id) return { status: 'duplicate' };
    return run(id, mailbox, mail);
  }

  async function withPassword(m: repo.MailboxRow): Promise<string> {
    if (!m.imap_password_enc) throw new Error('No password stored');
    try {
      return secrets.open(m.imap_password_enc);
    } catch {
      throw new Error('The stored password cannot be decrypted (was APP_SECRET changed?); enter it again');
    }
  }

  /** Fetches new messages of one IMAP mailbox (the caller holds its lease); answers how many. */
  async function fetchImap(
    mailbox: repo.MailboxRow,
    options: { idleSeconds: number; renew: () => Promise<void>; stopping: () => boolean },
  ): Promise<number> {
    const client = await imapClient(mailbox, await withPassword(mailbox));
    await client.connect();
    let processed = 0;
    let validity = '0';
    let last = 0;
    let first = true;
    /** Fetches and processes what is new, holding the folder's lock; IDLE runs between these. */
    const fetchNew = async () => {
      const lock = await client.getMailboxLock(mailbox.imap_folder);
      try {
        if (first) {
          first = false;
          validity = client.mailbox ? String(client.mailbox.uidValidity) : '0';
          // A new UIDVALIDITY renumbers the folder: start over (Message-IDs keep it idempotent).
          last = String(mailbox.uid_validity) === validity ? Number(mailbox.last_uid) : 0;
        }
        const found = await client.search({ uid: `${last + 1}:*` }, { uid: true });
        const uids = (found || []).filter((u) => u > last).sort((a, b) => a - b);
        const chunks: number[][] = [];
        for (let i = 0; i < uids.length; i += FETCH_CHUNK) chunks.push(uids.slice(i, i + FETCH_CHUNK));
        const fetchChunk = async (chunk: number[]) =>
          (await client.fetchAll(chunk, { uid: true, source: true }, { uid: true }))
            .filter((m) => m.source)
            .map((m) => ({ uid: m.uid, source: m.source! }))
            .sort((a, b) => a.uid - b.uid);
        const done: number[] = [];
        // The next chunk downloads while this one is processed (the server's latency is hidden).
        let next = chunks.length > 0 ? fetchChunk(chunks[0]!) : null;
        try {
          for (let i = 0; i < chunks.length && next; i++) {
            const messages = await next;
            next = i + 1 < chunks.length && !options.stopping() ? fetchChunk(chunks[i + 1]!) : null;
            for (const m of messages) {
              await ingest(mailbox, m.source);
              last = m.uid;
              done.push(m.uid);
              processed++;
            }
            last = Math.max(last, chunks[i]!.at(-1)!);
            await repo.saveUidState(db, mailbox.id, validity, last);
            await options.renew();
          }
        } finally {
          // A fetch started for a chunk we did not get to is awaited, so no command is left open.
          await next?.catch(() => undefined);
          if (done.length > 0) await client.messageFlagsAdd(done, ['\\Seen'], { uid: true }).catch(() => undefined);
        }
      } finally {
        lock.release();
      }
    };
    try {
      await fetchNew();
      if (options.idleSeconds > 0 && client.capabilities.has('IDLE')) {
        // IDLE (imapflow enters it once the connection is free): the server announces new
        // mail ('exists') and it is fetched at once.
        const deadline = Date.now() + options.idleSeconds * 1000;
        let pending = false;
        let wake: (() => void) | null = null;
        const onExists = () => {
          pending = true;
          wake?.();
        };
        client.on('exists', onExists);
        try {
          while (Date.now() < deadline && !options.stopping()) {
            if (!pending) {
              await new Promise<void>((resolve) => {
                const timer = setTimeout(resolve, Math.max(0, Math.min(deadline - Date.now(), 20_000)));
                wake = () => {
                  clearTimeout(timer);
                  resolve();
                };
              });
              wake = null;
            }
            if (pending) {
              pending = false;
              await fetchNew();
            }
            await options.renew();
          }
        } finally {
          client.off('exists', onExists);
        }
      }
    } finally {
      await client.logout().catch(() => client.close());
    }
    return processed;
  }

  return {
    ingest,

    async list() {
      return { items: (await repo.listMailboxes(db)).map(present), nextCursor: null };
    },

    get: loadMailbox,

    async create(input: z.output<typeof MailboxCreateRequest>) {
      await checkCatalog(input.defaultCategoryId, input.defaultPriorityId, input.rules);
      const row = await repo
        .insertMailbox(db, {
          name: input.name,
          kind: input.kind,
          address: input.address,
          is_active: input.isActive,
          imap_host: input.kind === 'imap' ? (input.imapHost ?? null) : null,
          imap_port: input.kind === 'imap' ? (input.imapPort ?? null) : null,
          imap_tls: input.imapTls,
          imap_user: input.kind === 'imap' ? (input.imapUser ?? null) : null,
          imap_password_enc: input.kind === 'imap' && input.imapPassword ? secrets.seal(input.imapPassword) : null,
          imap_folder: input.imapFolder,
          allowed_domains: JSON.stringify([...new Set(input.allowedDomains)]),
          default_category_id: input.defaultCategoryId,
          default_priority_id: input.defaultPriorityId ?? null,
          rules: JSON.stringify(input.rules),
        })
        .catch(uniqueAddress);
      return loadMailbox(row.id);
    },

    async update(id: string, input: MailboxUpdateRequest) {
      const current = await repo.findMailbox(db, id);
      if (!current) throw notFound('Mailbox');
      await checkCatalog(input.defaultCategoryId, input.defaultPriorityId, input.rules ?? []);
      const kind = current.kind;
      if (kind === 'imap' && (input.imapHost === null || input.imapUser === null)) {
        throw fieldError('imapHost', 'An IMAP mailbox needs a host and a user');
      }
      const serverChanged =
        (input.imapHost !== undefined && input.imapHost !== current.imap_host) ||
        (input.imapFolder !== undefined && input.imapFolder !== current.imap_folder) ||
        (input.imapUser !== undefined && input.imapUser !== current.imap_user);
      await repo
        .updateMailbox(db, id, {
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.address !== undefined ? { address: input.address } : {}),
          ...(input.isActive !== undefined ? { is_active: input.isActive } : {}),
          ...(input.imapHost !== undefined ? { imap_host: input.imapHost } : {}),
          ...(input.imapPort !== undefined ? { imap_port: input.imapPort } : {}),
          ...(input.imapTls !== undefined ? { imap_tls: input.imapTls } : {}),
          ...(input.imapUser !== undefined ? { imap_user: input.imapUser } : {}),
          ...(input.imapPassword !== undefined ? { imap_password_enc: secrets.seal(input.imapPassword) } : {}),
          ...(input.imapFolder !== undefined ? { imap_folder: input.imapFolder } : {}),
          ...(input.allowedDomains !== undefined
            ? { allowed_domains: JSON.stringify([...new Set(input.allowedDomains)]) }
            : {}),
          ...(input.defaultCategoryId !== undefined ? { default_category_id: input.defaultCategoryId } : {}),
          ...(input.defaultPriorityId !== undefined ? { default_priority_id: input.defaultPriorityId } : {}),
          ...(input.rules !== undefined ? { rules: JSON.stringify(input.rules) } : {}),
          // Another server or folder has other UIDs: read it from the start (idempotent anyway).
          ...(serverChanged ? { uid_validity: null, last_uid: 0 } : {}),
        })
        .catch(uniqueAddress);
      return loadMailbox(id);
    },

    async remove(id: string) {
      if (!(await repo.deleteMailbox(db, id))) throw notFound('Mailbox');
    },

    /** Logs in and opens the folder; answers what went wrong instead of throwing. */
    async testConnection(id: string): Promise<MailboxTestResponse> {
      const mailbox = await repo.findMailbox(db, id);
      if (!mailbox) throw notFound('Mailbox');
      if (mailbox.kind !== 'imap') throw new AppError('CONFLICT', 'Only IMAP mailboxes connect to a server');
      let client: ImapFlow | null = null;
      try {
        client = await imapClient(mailbox, await withPassword(mailbox));
        await client.connect();
        const status = await client.status(mailbox.imap_folder, { messages: true });
        return {
          ok: true,
          error: null,
          idle: client.capabilities.has('IDLE'),
          messages: status ? (status.messages ?? null) : null,
        };
      } catch (error) {
        return { ok: false, error: connectionError(error), idle: false, messages: null };
      } finally {
        await client?.logout().catch(() => client?.close());
      }
    },

    async messages(query: Omit<MailMessageListQuery, 'limit'> & { limit: number }) {
      const page = await repo.listMessages(db, query);
      return { items: page.items.map(presentMessage), nextCursor: page.nextCursor };
    },

    /** Queues a dead letter for another try by the worker. */
    async requestRetry(id: string): Promise<MailMessageResponse> {
      await db.transaction().execute(async (trx) => {
        const row = await repo.queueRetry(trx, id);
        if (!row) {
          const exists = await repo.findMessage(trx, id);
          if (!exists) throw notFound('Message');
          throw new AppError('CONFLICT', 'Only a dead-lettered message that was kept can be retried');
        }
        await sendJob(trx, MAIL_RETRY_QUEUE, { id }, { singletonKey: id });
      });
      const page = await repo.listMessages(db, { limit: 1000 });
      const row = page.items.find((r) => r.id === id);
      if (!row) throw notFound('Message');
      return presentMessage(row);
    },

    /** The worker's side of a retry: the stored raw message through the same steps again. */
    async retry(id: string): Promise<Fate | null> {
      const row = await repo.startRetry(db, id);
      if (!row?.raw) return null;
      const mailbox = row.mailbox_id ? ((await repo.findMailbox(db, row.mailbox_id)) ?? null) : null;
      let mail: InboundMail;
      try {
        mail = await parseMail(Buffer.from(row.raw));
      } catch (error) {
        if (!(error instanceof MailParseError)) throw error;
        await repo.finishMessage(db, id, { status: 'dead_letter', error: error.message }, clock.now());
        return { status: 'dead_letter', error: error.message };
      }
      return run(id, mailbox, mail);
    },

    /**
     * Every active IMAP mailbox, `concurrency` at a time; each one by one worker (lease). A
     * mailbox that fails is recorded on it and does not stop the others.
     */
    async pollAll(options: { owner: string; concurrency: number; idleSeconds: number; stopping?: () => boolean }) {
      const stopping = options.stopping ?? (() => false);
      const stale = await repo.deadLetterStale(db, 15 * 60, clock.now());
      const mailboxes = await repo.activeMailboxes(db, 'imap');
      const leaseSeconds = 120 + options.idleSeconds;
      const results: Record<string, number | string> = {};
      let next = 0;
      const workerLoop = async () => {
        while (next < mailboxes.length && !stopping()) {
          const m = mailboxes[next++]!;
          const leased = await repo.takeLease(db, m.id, options.owner, leaseSeconds);
          if (!leased) {
            results[m.id] = 'busy';
            continue;
          }
          try {
            results[m.id] = await fetchImap(leased, {
              idleSeconds: options.idleSeconds,
              stopping,
              renew: async () => void (await repo.takeLease(db, m.id, options.owner, leaseSeconds)),
            });
            await repo.recordPoll(db, m.id, null, clock.now());
          } catch (error) {
            const message = connectionError(error);
            results[m.id] = `error: ${message}`;
            deps.log?.error({ mailbox: m.id, error: message }, 'mail intake: mailbox poll failed');
            await repo.recordPoll(db, m.id, message, clock.now()).catch(() => undefined);
          } finally {
            await repo.releaseLease(db, m.id, options.owner).catch(() => undefined);
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(options.concurrency, mailboxes.length) }, workerLoop));
      return { mailboxes: mailboxes.length, stale, results };
    },
  };
}
export type MailIntakeService = ReturnType<typeof mailIntakeService>;
