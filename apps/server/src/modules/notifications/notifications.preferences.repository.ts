import type { ChannelSet } from '@bantu/contracts';
import type { DB } from '@/db/database';

/** Queries of notification preferences: organisation defaults, each user's choices and settings. */

export function readDefaults(db: DB) {
  return db.selectFrom('notification_defaults').selectAll().execute();
}

export async function writeDefaults(
  db: DB,
  items: { kind: string; channels: ChannelSet; locked: ChannelSet }[],
  actorId: string,
  now: Date,
) {
  for (const { kind, channels, locked } of items) {
    const values = {
      in_app: channels.in_app,
      email: channels.email,
      whatsapp: channels.whatsapp,
      push: channels.push,
      lock_in_app: locked.in_app,
      lock_email: locked.email,
      lock_whatsapp: locked.whatsapp,
      lock_push: locked.push,
      updated_by: actorId,
      updated_at: now,
    };
    await db
      .insertInto('notification_defaults')
      .values({ kind, ...values })
      .onConflict((oc) => oc.column('kind').doUpdateSet(values))
      .execute();
  }
}

export function readPreferences(db: DB, userIds: string[], kind?: string) {
  return db
    .selectFrom('notification_preferences')
    .selectAll()
    .where('user_id', 'in', userIds)
    .$if(kind !== undefined, (qb) => qb.where('kind', '=', kind!))
    .execute();
}

export async function writePreference(db: DB, userId: string, kind: string, channels: ChannelSet | null, now: Date) {
  if (channels === null) {
    await db.deleteFrom('notification_preferences').where('user_id', '=', userId).where('kind', '=', kind).execute();
    return;
  }
  const values = {
    in_app: channels.in_app,
    email: channels.email,
    whatsapp: channels.whatsapp,
    push: channels.push,
    updated_at: now,
  };
  await db
    .insertInto('notification_preferences')
    .values({ user_id: userId, kind, ...values })
    .onConflict((oc) => oc.columns(['user_id', 'kind']).doUpdateSet(values))
    .execute();
}

export function readSettings(db: DB, userIds: string[]) {
  return db.selectFrom('notification_settings').selectAll().where('user_id', 'in', userIds).execute();
}

export async function writeSettings(
  db: DB,
  userId: string,
  changes: {
    quiet_start?: number | null;
    quiet_end?: number | null;
    time_zone?: string | null;
    digest_enabled?: boolean;
    digest_at?: number;
  },
  now: Date,
) {
  await db
    .insertInto('notification_settings')
    .values({ user_id: userId, ...changes, updated_at: now })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ ...changes, updated_at: now }))
    .execute();
}

export function readUserContact(db: DB, userId: string) {
  return db.selectFrom('users').select(['phone', 'whatsapp_opt_in']).where('id', '=', userId).executeTakeFirstOrThrow();
}

/** Deliveries of these notifications that quiet hours hold and that are not sent yet. */
export async function heldDeliveries(db: DB, notificationIds: string[]) {
  if (notificationIds.length === 0) return [];
  return db
    .selectFrom('notification_deliveries')
    .select(['notification_id', 'channel', 'held_until'])
    .where('notification_id', 'in', notificationIds)
    .where('status', '=', 'pending')
    .where('held_until', 'is not', null)
    .execute();
}
