import { sql, type Insertable, type Kysely } from 'kysely';
import type { Database, ReportExportsTable } from '@/db/types';
import type { OutboxPayload } from '@/modules/outbox/outbox.definitions';

type Executor = Kysely<Database>;

export function insertExport(db: Executor, values: Insertable<ReportExportsTable>) {
  return db.insertInto('report_exports').values(values).returningAll().executeTakeFirstOrThrow();
}

/** An export of one user: nobody else's is ever found. */
export function findOwnExport(db: Executor, userId: string, id: string) {
  return db
    .selectFrom('report_exports')
    .selectAll()
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export function listOwnExports(db: Executor, userId: string, limit: number) {
  return db
    .selectFrom('report_exports')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** Takes a queued export (or one whose earlier attempt died) for work; undefined when it is done. */
export function startExport(db: Executor, id: string) {
  return db
    .updateTable('report_exports')
    .set({ status: 'running' })
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'running'])
    .returningAll()
    .executeTakeFirst();
}

export function completeExport(
  db: Executor,
  id: string,
  values: { storageKey: string; sizeBytes: number; rowCount: number; now: Date; expiresAt: Date },
) {
  return db
    .updateTable('report_exports')
    .set({
      status: 'ready',
      storage_key: values.storageKey,
      size_bytes: values.sizeBytes,
      row_count: values.rowCount,
      completed_at: values.now,
      expires_at: values.expiresAt,
      error: null,
    })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .returningAll()
    .executeTakeFirst();
}

export function failExport(db: Executor, id: string, error: string, now: Date) {
  return db
    .updateTable('report_exports')
    .set({ status: 'failed', error: error.slice(0, 500), completed_at: now })
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'running'])
    .execute();
}

export function expiredExports(db: Executor, now: Date, limit = 100) {
  return db
    .selectFrom('report_exports')
    .select(['id', 'storage_key'])
    .where('storage_key', 'is not', null)
    .where('expires_at', '<=', now)
    .orderBy('expires_at')
    .limit(limit)
    .execute();
}

export function forgetExportFile(db: Executor, id: string) {
  return db.updateTable('report_exports').set({ storage_key: null }).where('id', '=', id).execute();
}

/**
 * The in-app notification of a finished export, in the caller's transaction. Notifications
 * hang on an outbox event (unique per event and user); this one is written already processed,
 * since it has no other recipient or channel for the dispatcher to work out.
 */
export async function insertExportNotification(
  db: Executor,
  n: { userId: string; actorId: string; data: Record<string, unknown>; now: Date },
) {
  const event = await db
    .insertInto('outbox_events')
    .values({
      topic: 'report.export_ready',
      ticket_id: null,
      actor_id: n.actorId,
      payload: JSON.stringify({
        exportId: typeof n.data.exportId === 'string' ? n.data.exportId : null,
      } satisfies OutboxPayload<'report.export_ready'>),
      created_at: n.now,
      processed_at: n.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return db
    .insertInto('notifications')
    .values({
      user_id: n.userId,
      ticket_id: null,
      outbox_id: event.id,
      kind: 'report_ready',
      data: JSON.stringify(n.data),
      created_at: n.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

// Subscriptions

export function insertSubscription(db: Executor, userId: string, frequency: string, filters: unknown, now: Date) {
  return db
    .insertInto('report_subscriptions')
    .values({
      user_id: userId,
      frequency: frequency as 'daily' | 'weekly' | 'monthly',
      filters: JSON.stringify(filters),
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A user's subscriptions, each with its last sent period. */
export function listSubscriptions(db: Executor, userId: string) {
  return db
    .selectFrom('report_subscriptions as s')
    .select(['s.id', 's.frequency', 's.filters', 's.created_at'])
    .select((eb) => [
      eb
        .selectFrom('report_subscription_sends as x')
        .select('x.sent_at')
        .whereRef('x.subscription_id', '=', 's.id')
        .where('x.status', '=', 'sent')
        .orderBy('x.period', 'desc')
        .limit(1)
        .as('last_sent_at'),
      eb
        .selectFrom('report_subscription_sends as x')
        .select('x.period')
        .whereRef('x.subscription_id', '=', 's.id')
        .where('x.status', '=', 'sent')
        .orderBy('x.period', 'desc')
        .limit(1)
        .as('last_period'),
    ])
    .where('s.user_id', '=', userId)
    .orderBy('s.created_at')
    .orderBy('s.id')
    .execute();
}

export function deleteSubscription(db: Executor, userId: string, id: string) {
  return db.deleteFrom('report_subscriptions').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
}

/** Every subscription of an active user who may still see reports, with what a mail needs. */
export function activeSubscriptions(db: Executor) {
  return db
    .selectFrom('report_subscriptions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.id',
      's.frequency',
      's.filters',
      's.created_at',
      'u.id as user_id',
      'u.email',
      'u.name',
      'u.locale',
      'u.role',
    ])
    .where('u.status', '=', true)
    .orderBy('s.created_at')
    .execute();
}

/**
 * Claims the send of one period: a new row, or a failed one, or one whose sender died (claimed
 * longer than the lease ago). The primary key (subscription, period) makes a second worker's
 * insert wait for the first one's transaction and then find the row taken: answers undefined.
 */
export function claimSend(db: Executor, subscriptionId: string, period: string, now: Date, leaseSeconds: number) {
  return db
    .insertInto('report_subscription_sends')
    .values({ subscription_id: subscriptionId, period, status: 'sending', claimed_at: now })
    .onConflict((oc) =>
      oc
        .columns(['subscription_id', 'period'])
        .doUpdateSet({
          status: 'sending',
          claimed_at: now,
          attempts: sql<number>`report_subscription_sends.attempts + 1`,
          error: null,
        })
        .where((eb) =>
          eb.or([
            eb('report_subscription_sends.status', '=', 'failed'),
            eb.and([
              eb('report_subscription_sends.status', '=', 'sending'),
              eb('report_subscription_sends.claimed_at', '<', new Date(now.getTime() - leaseSeconds * 1000)),
            ]),
          ]),
        ),
    )
    .returning(['subscription_id', 'period', 'attempts'])
    .executeTakeFirst();
}

export function finishSend(
  db: Executor,
  subscriptionId: string,
  period: string,
  result: { now: Date; error?: string },
) {
  return db
    .updateTable('report_subscription_sends')
    .set(
      result.error
        ? { status: 'failed', error: result.error.slice(0, 500) }
        : { status: 'sent', sent_at: result.now, error: null },
    )
    .where('subscription_id', '=', subscriptionId)
    .where('period', '=', period)
    .execute();
}
