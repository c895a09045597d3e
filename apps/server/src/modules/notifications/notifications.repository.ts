import type { NotificationKind } from '@bantu/contracts';
import { sql, type Insertable, type Transaction } from 'kysely';
import type { DB } from '@/db/database';
import type { Database, NotificationDeliveriesTable, NotificationsTable } from '@/db/types';
import { decodeCursor, olderThan, pageOf } from '@/lib/cursor';

/**
 * Kysely queries of notifications: the delivery side (sending, admin list and retry, captured
 * mails, receipts), the outbox dispatcher, the notification centre and the daily digest.
 */

export type DeliveryChanges = {
  status?: 'sent' | 'failed' | 'pending';
  last_error?: string | null;
  sent_at?: Date;
  next_attempt_at?: Date;
  provider_id?: string;
};

/** A pending delivery with what sending it needs; undefined when it is sent, failed or gone. */
export async function findPendingDelivery(db: DB, id: string) {
  return db
    .selectFrom('notification_deliveries as d')
    .innerJoin('notifications as n', 'n.id', 'd.notification_id')
    .innerJoin('users as u', 'u.id', 'd.user_id')
    .select([
      'd.id',
      'd.attempts',
      'd.channel',
      'd.notification_id',
      'd.user_id',
      'n.kind',
      'n.data',
      'n.ticket_id',
      'u.email',
      'u.phone',
      'u.locale',
      'u.status',
    ])
    .where('d.id', '=', id)
    .where('d.status', '=', 'pending')
    .executeTakeFirst();
}
export type PendingDelivery = NonNullable<Awaited<ReturnType<typeof findPendingDelivery>>>;

/**
 * The two tables whose rows are sent by a job each: deliveries (one channel of one notification)
 * and digests (one e-mail of the day's items). Attempts, failure, admin retry and the requeue of
 * rows without a job are the same for both.
 */
export type JobRowTable = 'notification_deliveries' | 'notification_digests';

/** Counts an attempt before the send, so one that crashes mid-send is counted too. */
async function countJobRowAttempt(db: DB, table: JobRowTable, id: string): Promise<number> {
  const row = await db
    .updateTable(table)
    .set({ attempts: sql<number>`attempts + 1` })
    .where('id', '=', id)
    .returning('attempts')
    .executeTakeFirstOrThrow();
  return row.attempts;
}

/**
 * Marks a row failed after its job gave up, unless it is no longer pending or another job of it
 * is still waiting or running (an admin retried it meanwhile): that job decides. Answers whether
 * it was marked.
 */
async function failPendingJobRow(db: DB, table: JobRowTable, id: string, queue: string, error: string) {
  const result = await db
    .updateTable(table)
    .set({ status: 'failed', last_error: sql<string>`coalesce(last_error, ${error})` })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    // pg-boss's job table; states before 'completed' are created, retry and active.
    .where(
      sql<boolean>`not exists (select 1 from pgboss.job j where j.name = ${queue} and j.singleton_key = ${id} and j.state < 'completed')`,
    )
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** A failed row back to pending with fresh attempts (admin retry); undefined when it is not failed. */
function resetFailedJobRow(trx: Transaction<Database>, table: JobRowTable, id: string, now: Date) {
  return trx
    .updateTable(table)
    .set({ status: 'pending', attempts: 0, next_attempt_at: now })
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .returning(['id', 'next_attempt_at'])
    .executeTakeFirst();
}

/**
 * Pending rows without a waiting or running job (written before they were jobs, or whose job
 * was lost): locked with a transaction-scoped advisory lock by the caller's transaction so two
 * workers starting together do not both queue them.
 */
const REQUEUE_LOCK: Record<JobRowTable, string> = {
  notification_deliveries: 'bantu.notification-delivery.requeue',
  notification_digests: 'bantu.notification-digest.requeue',
};
async function pendingJobRowsWithoutJob(trx: Transaction<Database>, table: JobRowTable, queue: string) {
  await sql`select pg_advisory_xact_lock(hashtext(${REQUEUE_LOCK[table]}))`.execute(trx);
  return trx
    .selectFrom(table)
    .select(['id', 'next_attempt_at'])
    .where('status', '=', 'pending')
    .where(
      sql<boolean>`not exists (select 1 from pgboss.job j where j.name = ${queue} and j.singleton_key = ${sql.ref(`${table}.id`)}::text and j.state < 'completed')`,
    )
    .execute();
}

export const countAttempt = (db: DB, id: string) => countJobRowAttempt(db, 'notification_deliveries', id);

export async function updateDelivery(db: DB, id: string, changes: DeliveryChanges): Promise<void> {
  await db.updateTable('notification_deliveries').set(changes).where('id', '=', id).execute();
}

export const failPendingDelivery = (db: DB, id: string, queue: string, error: string) =>
  failPendingJobRow(db, 'notification_deliveries', id, queue, error);

/** The e-mail delivery that replaces a failed WhatsApp one; undefined when it already exists. */
export async function insertFallbackEmail(
  trx: Transaction<Database>,
  d: { notification_id: string; user_id: string },
  now: Date,
) {
  return trx
    .insertInto('notification_deliveries')
    .values({ notification_id: d.notification_id, user_id: d.user_id, channel: 'email', next_attempt_at: now })
    .onConflict((oc) => oc.columns(['notification_id', 'channel']).doNothing())
    .returning(['id', 'next_attempt_at'])
    .executeTakeFirst();
}

/** A failed delivery back to pending with fresh attempts; undefined when it is not failed. */
export const resetFailedDelivery = (trx: Transaction<Database>, id: string, now: Date) =>
  resetFailedJobRow(trx, 'notification_deliveries', id, now);

/** WhatsApp delivery receipts after "sent"; a late failure is recorded for admins to see. */
export async function recordProviderStatus(db: DB, providerId: string, status: string, error?: string) {
  await db
    .updateTable('notification_deliveries')
    .set({
      provider_status: status,
      ...(status === 'failed' ? { status: 'failed', last_error: error ?? 'failed' } : {}),
    })
    .where('provider_id', '=', providerId)
    .execute();
}

/**
 * The admin list of deliveries: each e-mail and WhatsApp delivery, and each daily digest (one
 * mail that stands for many notifications: channel and kind `digest`, no ticket), newest first.
 */
export async function listDeliveries(
  db: DB,
  query: { limit: number; cursor?: string; status?: 'pending' | 'sent' | 'failed' },
) {
  const after = query.cursor ? decodeCursor(query.cursor, ['timestamp', 'uuid']) : undefined;
  const deliveries = db
    .selectFrom('notification_deliveries as d')
    .innerJoin('notifications as n', 'n.id', 'd.notification_id')
    .innerJoin('users as u', 'u.id', 'd.user_id')
    .select([
      'd.id',
      sql<'email' | 'whatsapp' | 'digest'>`d.channel`.as('channel'),
      'd.status',
      'd.attempts',
      'd.last_error',
      'd.created_at',
      'd.sent_at',
      sql<string>`n.kind`.as('kind'),
      sql<string | null>`n.data->>'ticketNumber'`.as('ticket_number'),
      'u.id as user_id',
      'u.name',
      'u.email',
    ]);
  const digests = db
    .selectFrom('notification_digests as g')
    .innerJoin('users as u', 'u.id', 'g.user_id')
    .select([
      'g.id',
      sql<'digest'>`'digest'`.as('channel'),
      'g.status',
      'g.attempts',
      'g.last_error',
      'g.created_at',
      'g.sent_at',
      sql<string>`'digest'`.as('kind'),
      sql<string | null>`null`.as('ticket_number'),
      'u.id as user_id',
      'u.name',
      'u.email',
    ]);
  const rows = await db
    .selectFrom(deliveries.unionAll(digests).as('x'))
    .selectAll()
    .$if(query.status !== undefined, (qb) => qb.where('x.status', '=', query.status!))
    .$if(after !== undefined, (qb) => qb.where(olderThan('x.created_at', 'x.id', after!)))
    .orderBy('x.created_at', 'desc')
    .orderBy('x.id', 'desc')
    .limit(query.limit + 1)
    .execute();
  const page = pageOf(rows, query.limit, (r) => [r.created_at.toISOString(), r.id]);
  return {
    items: page.items.map((r) => ({
      id: r.id,
      channel: r.channel,
      status: r.status,
      attempts: r.attempts,
      lastError: r.last_error,
      recipient: { id: r.user_id, name: r.name, email: r.email },
      kind: r.kind as NotificationKind | 'digest',
      ticketNumber: r.ticket_number,
      createdAt: r.created_at.toISOString(),
      sentAt: r.sent_at?.toISOString() ?? null,
    })),
    nextCursor: page.nextCursor,
  };
}

export async function listCapturedMails(db: DB, query: { limit: number; cursor?: string }) {
  const after = query.cursor ? decodeCursor(query.cursor, ['timestamp', 'uuid']) : undefined;
  const rows = await db
    .selectFrom('captured_mails')
    .selectAll()
    .$if(after !== undefined, (qb) => qb.where(olderThan('created_at', 'id', after!)))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit + 1)
    .execute();
  const page = pageOf(rows, query.limit, (r) => [r.created_at.toISOString(), r.id]);
  return {
    items: page.items.map((r) => ({
      id: r.id,
      to: r.to_address,
      subject: r.subject,
      text: r.text_body,
      html: r.html_body,
      createdAt: r.created_at.toISOString(),
    })),
    nextCursor: page.nextCursor,
  };
}

export const pendingDeliveriesWithoutJob = (trx: Transaction<Database>, queue: string) =>
  pendingJobRowsWithoutJob(trx, 'notification_deliveries', queue);

// --- The outbox dispatcher: events in, notifications and deliveries out --------------------

/** The next unhandled outbox events, locked (SKIP LOCKED) so each is handled by one dispatcher. */
export function lockPendingEvents(trx: Transaction<Database>, batchSize: number) {
  return trx
    .selectFrom('outbox_events')
    .select(['id', 'topic', 'ticket_id', 'actor_id', 'payload', 'base_url'])
    .where('processed_at', 'is', null)
    .orderBy('id')
    .limit(batchSize)
    .forUpdate()
    .skipLocked()
    .execute();
}

export async function markEventProcessed(trx: Transaction<Database>, id: number, now: Date) {
  await trx.updateTable('outbox_events').set({ processed_at: now }).where('id', '=', id).execute();
}

/** What a notification shows and who it concerns, of the event's ticket. */
export function findEventTicket(trx: Transaction<Database>, ticketId: string) {
  return trx
    .selectFrom('tickets')
    .select(['id', 'ticket_number', 'title', 'user_id', 'assigned_to', 'status', 'description'])
    .where('id', '=', ticketId)
    .executeTakeFirst();
}

/** The address the last request about this ticket came in on (events written by jobs have none). */
export async function lastBaseUrl(trx: Transaction<Database>, ticketId: string): Promise<string | null> {
  const row = await trx
    .selectFrom('outbox_events')
    .select('base_url')
    .where('ticket_id', '=', ticketId)
    .where('base_url', 'is not', null)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.base_url ?? null;
}

export function userNames(trx: Transaction<Database>, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return trx.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute();
}

export async function commentText(trx: Transaction<Database>, commentId: string): Promise<string | null> {
  const row = await trx.selectFrom('ticket_comments').select('comment').where('id', '=', commentId).executeTakeFirst();
  return row?.comment ?? null;
}

/** One notification per event and person (a second dispatch of the event adds nothing: undefined). */
export function insertNotification(trx: Transaction<Database>, values: Insertable<NotificationsTable>) {
  return trx
    .insertInto('notifications')
    .values(values)
    .onConflict((oc) => oc.columns(['outbox_id', 'user_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
}

export function insertDelivery(trx: Transaction<Database>, values: Insertable<NotificationDeliveriesTable>) {
  return trx
    .insertInto('notification_deliveries')
    .values(values)
    .returning(['id', 'next_attempt_at'])
    .executeTakeFirstOrThrow();
}

// --- The notification centre: my list, unread count, read marks ----------------------------

export function listNotifications(
  db: DB,
  userId: string,
  query: { limit: number; unread?: boolean; after?: [string, string] },
) {
  const after = query.after;
  return db
    .selectFrom('notifications as n')
    .leftJoin('notification_digests as g', 'g.id', 'n.digest_id')
    .select(['n.id', 'n.kind', 'n.ticket_id', 'n.data', 'n.read_at', 'n.created_at', 'n.digest_at', 'g.sent_at'])
    .where('n.user_id', '=', userId)
    .where('n.in_app', '=', true)
    .$if(query.unread === true, (qb) => qb.where('n.read_at', 'is', null))
    .$if(after !== undefined, (qb) => qb.where(olderThan('n.created_at', 'n.id', after!)))
    .orderBy('n.created_at', 'desc')
    .orderBy('n.id', 'desc')
    .limit(query.limit + 1)
    .execute();
}

export async function countUnread(db: DB, userId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .where('in_app', '=', true)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks the given (or all) unread notifications of a user read; answers how many. */
export async function markNotificationsRead(db: DB, userId: string, ids: string[] | undefined, now: Date) {
  const result = await db
    .updateTable('notifications')
    .set({ read_at: now })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .$if(!!ids, (qb) => qb.where('id', 'in', ids!))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

// --- The daily digest: one mail per user and local day, sent by its own job ------------------

/** Users with digest items due and not yet in a digest (active users only), with their times. */
export function usersWithDueDigestItems(trx: Transaction<Database>, now: Date) {
  return trx
    .selectFrom('notifications as n')
    .innerJoin('users as u', 'u.id', 'n.user_id')
    .leftJoin('notification_settings as s', 's.user_id', 'n.user_id')
    .select(['n.user_id', 's.time_zone', 's.digest_at'])
    .distinct()
    .where('n.digest_at', '<=', now)
    .where('n.digest_id', 'is', null)
    .where('u.status', '=', true)
    .execute();
}

/** Today's digest of a user; undefined when it exists already (a unique key: created once). */
export function insertDigest(trx: Transaction<Database>, userId: string, day: string, now: Date) {
  return trx
    .insertInto('notification_digests')
    .values({ user_id: userId, day, next_attempt_at: now })
    .onConflict((oc) => oc.columns(['user_id', 'day']).doNothing())
    .returning(['id', 'next_attempt_at'])
    .executeTakeFirst();
}

/** Due items of a user either join a digest or wait for a later time. */
export async function placeDueDigestItems(
  trx: Transaction<Database>,
  userId: string,
  now: Date,
  place: { digestId: string } | { later: Date },
) {
  await trx
    .updateTable('notifications')
    .where('user_id', '=', userId)
    .where('digest_at', '<=', now)
    .where('digest_id', 'is', null)
    .set('digestId' in place ? { digest_id: place.digestId } : { digest_at: place.later })
    .execute();
}

/** A pending digest with its recipient; undefined when it is sent, failed or gone. */
export function findPendingDigest(db: DB, id: string) {
  return db
    .selectFrom('notification_digests as g')
    .innerJoin('users as u', 'u.id', 'g.user_id')
    .select(['g.id', 'g.attempts', 'u.email', 'u.locale', 'u.status'])
    .where('g.id', '=', id)
    .where('g.status', '=', 'pending')
    .executeTakeFirst();
}

export function digestItems(db: DB, digestId: string) {
  return db
    .selectFrom('notifications')
    .select(['kind', 'data', 'created_at'])
    .where('digest_id', '=', digestId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export const countDigestAttempt = (db: DB, id: string) => countJobRowAttempt(db, 'notification_digests', id);

export async function updateDigest(db: DB, id: string, changes: Omit<DeliveryChanges, 'provider_id'>) {
  await db.updateTable('notification_digests').set(changes).where('id', '=', id).execute();
}

export const failPendingDigest = (db: DB, id: string, queue: string, error: string) =>
  failPendingJobRow(db, 'notification_digests', id, queue, error);

export const resetFailedDigest = (trx: Transaction<Database>, id: string, now: Date) =>
  resetFailedJobRow(trx, 'notification_digests', id, now);

export const pendingDigestsWithoutJob = (trx: Transaction<Database>, queue: string) =>
  pendingJobRowsWithoutJob(trx, 'notification_digests', queue);
