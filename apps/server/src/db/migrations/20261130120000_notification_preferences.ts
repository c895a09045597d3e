import type { Kysely } from 'kysely';
import { runScript } from '../script';

/**
 * Notification preferences and noise control: organisation defaults per event type (with
 * channels an admin may lock on), each user's own choice per event, quiet hours and the daily
 * digest. A notification hidden from the centre (in_app off) still carries its deliveries;
 * a delivery held by quiet hours says until when; an e-mail folded into a digest says which.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    CREATE TABLE notification_defaults (
      kind text PRIMARY KEY,
      in_app boolean NOT NULL,
      email boolean NOT NULL,
      whatsapp boolean NOT NULL,
      lock_in_app boolean NOT NULL DEFAULT false,
      lock_email boolean NOT NULL DEFAULT false,
      lock_whatsapp boolean NOT NULL DEFAULT false,
      updated_by uuid REFERENCES users (id) ON DELETE SET NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE notification_preferences (
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      kind text NOT NULL,
      in_app boolean NOT NULL,
      email boolean NOT NULL,
      whatsapp boolean NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (user_id, kind)
    );

    CREATE TABLE notification_settings (
      user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
      -- Minutes after local midnight; both or neither.
      quiet_start integer CHECK (quiet_start BETWEEN 0 AND 1439),
      quiet_end integer CHECK (quiet_end BETWEEN 0 AND 1439),
      time_zone text,
      digest_enabled boolean NOT NULL DEFAULT false,
      digest_at integer NOT NULL DEFAULT 480 CHECK (digest_at BETWEEN 0 AND 1439),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((quiet_start IS NULL) = (quiet_end IS NULL))
    );

    -- One digest per user and local day, however many workers run the job.
    CREATE TABLE notification_digests (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      day text NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      last_error text,
      sent_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX notification_digests_user_day_key ON notification_digests (user_id, day);
    CREATE INDEX notification_digests_due_idx ON notification_digests (next_attempt_at) WHERE status = 'pending';

    ALTER TABLE notifications ADD COLUMN in_app boolean NOT NULL DEFAULT true;
    ALTER TABLE notifications ADD COLUMN digest_at timestamptz;
    ALTER TABLE notifications ADD COLUMN digest_id uuid REFERENCES notification_digests (id) ON DELETE SET NULL;
    CREATE INDEX notifications_digest_due_idx ON notifications (digest_at) WHERE digest_at IS NOT NULL AND digest_id IS NULL;
    CREATE INDEX notifications_digest_idx ON notifications (digest_id) WHERE digest_id IS NOT NULL;

    ALTER TABLE notification_deliveries ADD COLUMN held_until timestamptz;
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    ALTER TABLE notification_deliveries DROP COLUMN held_until;
    DROP INDEX notifications_digest_idx;
    DROP INDEX notifications_digest_due_idx;
    ALTER TABLE notifications DROP COLUMN digest_id;
    ALTER TABLE notifications DROP COLUMN digest_at;
    ALTER TABLE notifications DROP COLUMN in_app;
    DROP TABLE notification_digests, notification_settings, notification_preferences, notification_defaults;
  `,
  );
}
