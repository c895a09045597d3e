import type { NotificationKind } from '@bantu/contracts';
import { sql } from 'kysely';
import type { DB } from '@/db/database';
import { decodeCursor, olderThan, pageOf } from '@/lib/cursor';

/** Kysely queries of the delivery side: sending, admin list and retry, captured mails, receipts. */

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

/** Counts an attempt before the send, so one that crashes mid-send is counted too. */
export async function countAttempt(db: DB, id: string): Promise<number> {
  const row = await db
    .updateTable('notification_deliveries')
    .set({ attempts: sql<number>`attempts + 1` })
    .where('id', '=', id)
    .returning('attempts')
    .executeTakeFirstOrThrow();
  return row.attempts;
}

export async function updateDelivery(db: DB, id: string, changes: DeliveryChanges): Promise<void> {
  await db.updateTable('notification_deliveries').set(changes).where('id', '=', id).execute();
}

/**
 * Marks a delivery failed after its job gave up, unless it is no longer pending or another job
 * of it is still waiting or running (an admin retried it meanwhile): that job decides.
 * Answers whether it was marked.
 */
export async function failPendingDelivery(db: DB, id: string, queue: string, error: string): Promise<boolean> {
  const result = await db
    .updateTable('notification_deliveries')
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

/** The e-mail delivery that replaces a failed WhatsApp one; undefined when it already exists. */
export async function insertFallbackEmail(trx: DB, d: { notification_id: string; user_id: string }, now: Date) {
  return trx
    .insertInto('notification_deliveries')
    .values({ notification_id: d.notification_id, user_id: d.user_id, channel: 'email', next_attempt_at: now })
    .onConflict((oc) => oc.columns(['notification_id', 'channel']).doNothing())
    .returning(['id', 'next_attempt_at'])
    .executeTakeFirst();
}

/** A failed delivery back to pending with fresh attempts; undefined when it is not failed. */
export async function resetFailedDelivery(trx: DB, id: string, now: Date) {
  return trx
    .updateTable('notification_deliveries')
    .set({ status: 'pending', attempts: 0, next_attempt_at: now })
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .returning(['id', 'next_attempt_at'])
    .executeTakeFirst();
}

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

export async function listDeliveries(
  db: DB,
  query: { limit: number; cursor?: string; status?: 'pending' | 'sent' | 'failed' },
) {
  const after = query.cursor ? decodeCursor(query.cursor, ['timestamp', 'uuid']) : undefined;
  const rows = await db
    .selectFrom('notification_deliveries as d')
    .innerJoin('notifications as n', 'n.id', 'd.notification_id')
    .innerJoin('users as u', 'u.id', 'd.user_id')
    .select([
      'd.id',
      'd.channel',
      'd.status',
      'd.attempts',
      'd.last_error',
      'd.created_at',
      'd.sent_at',
      'n.kind',
      'n.data',
      'u.id as user_id',
      'u.name',
      'u.email',
    ])
    .$if(query.status !== undefined, (qb) => qb.where('d.status', '=', query.status!))
    .$if(after !== undefined, (qb) => qb.where(olderThan('d.created_at', 'd.id', after!)))
    .orderBy('d.created_at', 'desc')
    .orderBy('d.id', 'desc')
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
      kind: r.kind as NotificationKind,
      ticketNumber: (r.data as { ticketNumber?: string | null }).ticketNumber ?? null,
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

/**
 * Pending deliveries without a waiting or running job (written before deliveries were jobs, or
 * whose job was lost): locked with a transaction-scoped advisory lock by the caller's
 * transaction so two workers starting together do not both queue them.
 */
export async function pendingDeliveriesWithoutJob(trx: DB, queue: string) {
  await sql`select pg_advisory_xact_lock(hashtext('bantu.notification-delivery.requeue'))`.execute(trx);
  return trx
    .selectFrom('notification_deliveries as d')
    .select(['d.id', 'd.next_attempt_at'])
    .where('d.status', '=', 'pending')
    .where(
      sql<boolean>`not exists (select 1 from pgboss.job j where j.name = ${queue} and j.singleton_key = d.id::text and j.state < 'completed')`,
    )
    .execute();
}
