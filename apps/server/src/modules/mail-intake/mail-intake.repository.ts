import { sql, type Kysely } from 'kysely';
import type { Database, MailMessagesTable } from '@/db/types';
import type { Insertable, Selectable, Updateable } from 'kysely';
import { decodeCursor, olderThan, pageOf } from '@/lib/cursor';

type Executor = Kysely<Database>;
export type MailboxRow = Selectable<Database['mailboxes']>;
export type MailMessageRow = Selectable<MailMessagesTable>;

const messageColumns = [
  'm.id',
  'm.mailbox_id',
  'm.message_id',
  'm.from_address',
  'm.subject',
  'm.status',
  'm.reason',
  'm.error',
  'm.ticket_id',
  'm.size',
  'm.attempts',
  'm.seen_count',
  'm.received_at',
  'm.processed_at',
] as const;

export function listMailboxes(db: Executor) {
  return db
    .selectFrom('mailboxes as b')
    .selectAll('b')
    .select((eb) => [
      eb
        .selectFrom('mail_messages as m')
        .whereRef('m.mailbox_id', '=', 'b.id')
        .select(eb.fn.countAll<string>().as('n'))
        .as('total'),
      sql<string>`(select count(*) from mail_messages m where m.mailbox_id = b.id and m.status = 'dead_letter')`.as(
        'dead_letter',
      ),
      sql<string>`(select count(*) from mail_messages m where m.mailbox_id = b.id and m.status = 'ignored')`.as(
        'ignored',
      ),
    ])
    .orderBy('b.name')
    .orderBy('b.id')
    .execute();
}

export function findMailbox(db: Executor, id: string) {
  return db.selectFrom('mailboxes').selectAll().where('id', '=', id).executeTakeFirst();
}

export function activeMailboxes(db: Executor, kind: 'imap' | 'smtp') {
  return db.selectFrom('mailboxes').selectAll().where('kind', '=', kind).where('is_active', '=', true).execute();
}

export function findActiveMailboxByAddress(db: Executor, address: string) {
  return db
    .selectFrom('mailboxes')
    .selectAll()
    .where(sql`lower(address)`, '=', address.toLowerCase())
    .where('is_active', '=', true)
    .executeTakeFirst();
}

export async function allMailboxAddresses(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('mailboxes')
    .select(sql<string>`lower(address)`.as('a'))
    .execute();
  return rows.map((r) => r.a);
}

export function insertMailbox(db: Executor, row: Insertable<Database['mailboxes']>) {
  return db.insertInto('mailboxes').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateMailbox(db: Executor, id: string, changes: Updateable<Database['mailboxes']>) {
  return db
    .updateTable('mailboxes')
    .set({ ...changes, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteMailbox(db: Executor, id: string): Promise<boolean> {
  const r = await db.deleteFrom('mailboxes').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Takes the mailbox for `seconds` unless another worker holds an unexpired lease. */
export function takeLease(db: Executor, id: string, owner: string, seconds: number) {
  return db
    .updateTable('mailboxes')
    .set({ lease_owner: owner, lease_until: sql<Date>`now() + make_interval(secs => ${seconds})` })
    .where('id', '=', id)
    .where('is_active', '=', true)
    .where((eb) =>
      eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', sql<Date>`now()`), eb('lease_owner', '=', owner)]),
    )
    .returningAll()
    .executeTakeFirst();
}

export async function releaseLease(db: Executor, id: string, owner: string) {
  await db
    .updateTable('mailboxes')
    .set({ lease_owner: null, lease_until: null })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .execute();
}

export async function recordPoll(db: Executor, id: string, error: string | null, at: Date) {
  await db
    .updateTable('mailboxes')
    .set(
      error === null
        ? { last_polled_at: at, last_error: null, last_error_at: null }
        : { last_error: error, last_error_at: at },
    )
    .where('id', '=', id)
    .execute();
}

export async function saveUidState(db: Executor, id: string, uidValidity: string, lastUid: number) {
  await db
    .updateTable('mailboxes')
    .set({ uid_validity: uidValidity, last_uid: lastUid })
    .where('id', '=', id)
    .execute();
}

/**
 * Claims a Message-ID for processing: answers the new row, or null when the message was
 * received before (its seen count goes up; nothing else happens). The unique index decides,
 * so two workers fetching the same mail at once still make one ticket.
 */
export async function claimMessage(
  db: Executor,
  row: { mailboxId: string | null; messageId: string; from: string | null; subject: string | null; raw: Buffer },
) {
  const inserted = await db
    .insertInto('mail_messages')
    .values({
      mailbox_id: row.mailboxId,
      message_id: row.messageId,
      from_address: row.from,
      subject: row.subject,
      status: 'processing',
      raw: row.raw,
      size: row.raw.length,
    })
    .onConflict((oc) => oc.column('message_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return inserted.id;
  await db
    .updateTable('mail_messages')
    .set((eb) => ({ seen_count: eb('seen_count', '+', 1) }))
    .where('message_id', '=', row.messageId)
    .execute();
  return null;
}

export async function finishMessage(
  db: Executor,
  id: string,
  fate: Pick<
    Updateable<MailMessagesTable>,
    'status' | 'reason' | 'error' | 'ticket_id' | 'comment_id' | 'from_address' | 'subject'
  >,
  at: Date,
) {
  await db
    .updateTable('mail_messages')
    .set({
      ...fate,
      // The raw message is kept only while someone may need to retry it.
      ...(fate.status === 'dead_letter' ? {} : { raw: null }),
      processed_at: at,
    })
    .where('id', '=', id)
    .execute();
}

export function findMessage(db: Executor, id: string) {
  return db.selectFrom('mail_messages').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Dead letter -> queued for a retry; answers the row when it was a dead letter. */
export function queueRetry(db: Executor, id: string) {
  return db
    .updateTable('mail_messages')
    .set((eb) => ({ status: 'queued', attempts: eb('attempts', '+', 1), error: null }))
    .where('id', '=', id)
    .where('status', '=', 'dead_letter')
    .where('raw', 'is not', null)
    .returning(['id', 'mailbox_id'])
    .executeTakeFirst();
}

export function startRetry(db: Executor, id: string) {
  return db
    .updateTable('mail_messages')
    .set({ status: 'processing' })
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .returningAll()
    .executeTakeFirst();
}

/** Rows left `processing` by a worker that died: dead letters, so an admin sees and retries them. */
export async function deadLetterStale(db: Executor, olderThanSeconds: number, at: Date) {
  const r = await db
    .updateTable('mail_messages')
    .set({ status: 'dead_letter', error: 'Processing was interrupted (worker stopped)', processed_at: at })
    .where('status', 'in', ['processing', 'queued'])
    .where('received_at', '<', sql<Date>`now() - make_interval(secs => ${olderThanSeconds})`)
    .where('raw', 'is not', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function listMessages(
  db: Executor,
  q: { mailboxId?: string; status?: MailMessageRow['status']; cursor?: string; limit: number },
) {
  const rows = await db
    .selectFrom('mail_messages as m')
    .leftJoin('tickets as t', 't.id', 'm.ticket_id')
    .select(messageColumns)
    .select('t.ticket_number')
    .$if(q.mailboxId !== undefined, (qb) => qb.where('m.mailbox_id', '=', q.mailboxId!))
    .$if(q.status !== undefined, (qb) => qb.where('m.status', '=', q.status!))
    .$if(q.cursor !== undefined, (qb) =>
      qb.where(olderThan('m.received_at', 'm.id', decodeCursor(q.cursor!, ['timestamp', 'uuid']))),
    )
    .orderBy('m.received_at', 'desc')
    .orderBy('m.id', 'desc')
    .limit(q.limit + 1)
    .execute();
  return pageOf(rows, q.limit, (r) => [r.received_at.toISOString(), r.id]);
}

/** The ticket a Message-ID we sent or received belongs to. */
export async function ticketOfMessageIds(db: Executor, ids: string[]): Promise<string | null> {
  if (ids.length === 0) return null;
  const received = await db
    .selectFrom('mail_messages')
    .select('ticket_id')
    .where('message_id', 'in', ids)
    .where('ticket_id', 'is not', null)
    .executeTakeFirst();
  if (received?.ticket_id) return received.ticket_id;
  // Notification mails refer to the thread root <ticket-id@bantu>.
  const root = ids
    .map((id) => /^<ticket-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})@bantu>$/i.exec(id)?.[1])
    .find((v): v is string => !!v);
  if (root) return root.toLowerCase();
  // Notification mails carry <delivery-id@bantu>.
  const deliveryIds = ids
    .map((id) => /^<([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})@bantu>$/i.exec(id)?.[1])
    .filter((v): v is string => !!v);
  if (deliveryIds.length === 0) return null;
  const sent = await db
    .selectFrom('notification_deliveries as d')
    .innerJoin('notifications as n', 'n.id', 'd.notification_id')
    .select('n.ticket_id')
    .where('d.id', 'in', deliveryIds)
    .where('n.ticket_id', 'is not', null)
    .executeTakeFirst();
  return sent?.ticket_id ?? null;
}

export function ticketByNumber(db: Executor, number: string) {
  return db
    .selectFrom('tickets')
    .select(['id', 'user_id', 'status'])
    .where('ticket_number', '=', number)
    .executeTakeFirst();
}

export function ticketById(db: Executor, id: string) {
  return db.selectFrom('tickets').select(['id', 'user_id', 'status']).where('id', '=', id).executeTakeFirst();
}

/** Records an auto-reply to `address` unless one went out within `withinSeconds`; true = send it. */
export async function claimAutoReply(db: Executor, address: string, withinSeconds: number, at: Date): Promise<boolean> {
  const row = await db
    .insertInto('mail_auto_replies')
    .values({ address, last_sent_at: at })
    .onConflict((oc) =>
      oc
        .column('address')
        .doUpdateSet((eb) => ({ last_sent_at: at, sent_count: eb('mail_auto_replies.sent_count', '+', 1) }))
        .where('mail_auto_replies.last_sent_at', '<', new Date(at.getTime() - withinSeconds * 1000)),
    )
    .returning('address')
    .executeTakeFirst();
  return row !== undefined;
}
