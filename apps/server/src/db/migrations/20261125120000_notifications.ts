import type { Kysely } from 'kysely';
import { runScript } from '../script';

/**
 * Notifications: one in-app row per recipient and event, one delivery per recipient and
 * channel (retried with backoff, failed ones kept for admins), and the mails captured while
 * no SMTP server is configured.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    CREATE TABLE notifications (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      ticket_id uuid REFERENCES tickets (id) ON DELETE CASCADE,
      outbox_id bigint NOT NULL,
      kind text NOT NULL,
      data jsonb NOT NULL DEFAULT '{}'::jsonb,
      read_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    -- One notification per event and person, however often the dispatcher runs.
    CREATE UNIQUE INDEX notifications_event_user_key ON notifications (outbox_id, user_id);
    CREATE INDEX notifications_user_created_idx ON notifications (user_id, created_at DESC, id DESC);
    CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;

    CREATE TABLE notification_deliveries (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      notification_id uuid NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      channel text NOT NULL CHECK (channel IN ('email', 'whatsapp')),
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      last_error text,
      provider_id text,
      sent_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX notification_deliveries_key ON notification_deliveries (notification_id, channel);
    CREATE INDEX notification_deliveries_due_idx ON notification_deliveries (next_attempt_at) WHERE status = 'pending';
    CREATE INDEX notification_deliveries_failed_idx ON notification_deliveries (created_at DESC) WHERE status = 'failed';

    CREATE TABLE captured_mails (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      delivery_id uuid REFERENCES notification_deliveries (id) ON DELETE SET NULL,
      message_id text NOT NULL,
      to_address text NOT NULL,
      subject text NOT NULL,
      text_body text NOT NULL,
      html_body text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX captured_mails_created_idx ON captured_mails (created_at DESC, id DESC);
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `DROP TABLE captured_mails, notification_deliveries, notifications;`);
}
