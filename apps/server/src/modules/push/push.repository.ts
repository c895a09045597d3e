import type { DB } from '@/db/database';

/** Queries of Web Push: each user's device subscriptions and the stored VAPID key pair. */

export function listSubscriptions(db: DB, userId: string) {
  return db
    .selectFrom('push_subscriptions')
    .select(['id', 'endpoint', 'p256dh', 'auth', 'label', 'created_at', 'last_used_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
}

/**
 * Saves a device's subscription. An endpoint is one browser profile: subscribed again (new
 * keys, or another user signed in on the same device) it moves to this user with the new keys.
 */
export function upsertSubscription(
  db: DB,
  userId: string,
  s: { endpoint: string; p256dh: string; auth: string; label: string },
  now: Date,
) {
  const values = { user_id: userId, p256dh: s.p256dh, auth: s.auth, label: s.label, created_at: now };
  return db
    .insertInto('push_subscriptions')
    .values({ endpoint: s.endpoint, ...values })
    .onConflict((oc) => oc.column('endpoint').doUpdateSet(values))
    .returning(['id', 'label', 'endpoint', 'created_at', 'last_used_at'])
    .executeTakeFirstOrThrow();
}

/** Only the owner's own row: another user's id deletes nothing. */
export async function deleteSubscription(db: DB, userId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('push_subscriptions')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function deleteByEndpoint(db: DB, endpoint: string): Promise<void> {
  await db.deleteFrom('push_subscriptions').where('endpoint', '=', endpoint).execute();
}

export async function touchSubscription(db: DB, id: string, now: Date): Promise<void> {
  await db.updateTable('push_subscriptions').set({ last_used_at: now }).where('id', '=', id).execute();
}

/** Which of these users have at least one device subscribed (the planner's push switch). */
export async function usersWithPushDevices(db: DB, userIds: string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('push_subscriptions')
    .select('user_id')
    .distinct()
    .where('user_id', 'in', userIds)
    .execute();
  return new Set(rows.map((r) => r.user_id));
}

export function readVapidKeys(db: DB) {
  return db.selectFrom('push_vapid_keys').select(['public_key', 'private_key']).where('id', '=', 1).executeTakeFirst();
}

/** The first process to start stores its pair; every other one then reads that same pair. */
export async function storeVapidKeys(db: DB, keys: { publicKey: string; privateKey: string }): Promise<void> {
  await db
    .insertInto('push_vapid_keys')
    .values({ id: 1, public_key: keys.publicKey, private_key: keys.privateKey })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}
