import type { Kysely } from 'kysely';
import { runScript } from '../script';

/**
 * Web Push: one subscription per device (a browser's push endpoint and its keys), the VAPID
 * key pair generated on first start when none is configured, and 'push' as a delivery channel
 * with its own switch in the preferences (on by default, lockable like the others).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    CREATE TABLE push_subscriptions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      endpoint text NOT NULL UNIQUE,
      p256dh text NOT NULL,
      auth text NOT NULL,
      label text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz
    );
    CREATE INDEX push_subscriptions_user_idx ON push_subscriptions (user_id);

    CREATE TABLE push_vapid_keys (
      id integer PRIMARY KEY CHECK (id = 1),
      public_key text NOT NULL,
      private_key text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    ALTER TABLE notification_deliveries DROP CONSTRAINT notification_deliveries_channel_check;
    ALTER TABLE notification_deliveries ADD CONSTRAINT notification_deliveries_channel_check
      CHECK (channel IN ('email', 'whatsapp', 'push'));

    ALTER TABLE notification_defaults ADD COLUMN push boolean NOT NULL DEFAULT true;
    ALTER TABLE notification_defaults ADD COLUMN lock_push boolean NOT NULL DEFAULT false;
    ALTER TABLE notification_preferences ADD COLUMN push boolean NOT NULL DEFAULT true;
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    ALTER TABLE notification_preferences DROP COLUMN push;
    ALTER TABLE notification_defaults DROP COLUMN lock_push;
    ALTER TABLE notification_defaults DROP COLUMN push;
    DELETE FROM notification_deliveries WHERE channel = 'push';
    ALTER TABLE notification_deliveries DROP CONSTRAINT notification_deliveries_channel_check;
    ALTER TABLE notification_deliveries ADD CONSTRAINT notification_deliveries_channel_check
      CHECK (channel IN ('email', 'whatsapp'));
    DROP TABLE push_vapid_keys;
    DROP TABLE push_subscriptions;
  `,
  );
}
