import { sql, type Kysely } from 'kysely';
import { runScript } from '../script';

/**
 * E-mail intake (issue 17): mailboxes (IMAP accounts polled by the worker, or addresses the
 * inbound SMTP endpoint accepts), one row per received message (its fate: the audit log of
 * the mailbox, and the Message-ID's unique index makes intake idempotent), and the auto-reply
 * rate limit per unknown sender.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    CREATE TABLE mailboxes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('imap', 'smtp')),
      address text NOT NULL,
      is_active boolean NOT NULL DEFAULT true,
      imap_host text,
      imap_port integer CHECK (imap_port BETWEEN 1 AND 65535),
      imap_tls text NOT NULL DEFAULT 'tls' CHECK (imap_tls IN ('tls', 'starttls', 'none')),
      imap_user text,
      -- AES-256-GCM with a key derived from APP_SECRET; never sent to the browser.
      imap_password_enc text,
      imap_folder text NOT NULL DEFAULT 'INBOX',
      allowed_domains jsonb NOT NULL DEFAULT '[]',
      default_category_id uuid REFERENCES categories (id) ON DELETE SET NULL,
      default_priority_id uuid REFERENCES priorities (id) ON DELETE SET NULL,
      rules jsonb NOT NULL DEFAULT '[]',
      uid_validity bigint,
      last_uid bigint NOT NULL DEFAULT 0,
      -- One worker at a time per mailbox: whoever holds an unexpired lease.
      lease_owner text,
      lease_until timestamptz,
      last_polled_at timestamptz,
      last_error text,
      last_error_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX mailboxes_address_key ON mailboxes (lower(address));

    CREATE TABLE mail_messages (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      mailbox_id uuid REFERENCES mailboxes (id) ON DELETE CASCADE,
      message_id text NOT NULL,
      from_address text,
      subject text,
      status text NOT NULL CHECK (status IN ('processing', 'queued', 'ticket_created', 'comment_added', 'ignored', 'dead_letter')),
      reason text,
      error text,
      ticket_id uuid REFERENCES tickets (id) ON DELETE SET NULL,
      comment_id uuid,
      -- The raw message, kept while it is not processed (retry after a failure); cleared after.
      raw bytea,
      size integer NOT NULL DEFAULT 0,
      attempts integer NOT NULL DEFAULT 1,
      seen_count integer NOT NULL DEFAULT 1,
      received_at timestamptz NOT NULL DEFAULT now(),
      processed_at timestamptz
    );
    CREATE UNIQUE INDEX mail_messages_message_id_key ON mail_messages (message_id);
    CREATE INDEX mail_messages_mailbox_idx ON mail_messages (mailbox_id, received_at DESC, id DESC);
    CREATE INDEX mail_messages_dead_letter_idx ON mail_messages (received_at DESC) WHERE status = 'dead_letter';

    CREATE TABLE mail_auto_replies (
      address text PRIMARY KEY,
      last_sent_at timestamptz NOT NULL,
      sent_count integer NOT NULL DEFAULT 1
    );
    `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS mail_auto_replies`.execute(db);
  await sql`DROP TABLE IF EXISTS mail_messages`.execute(db);
  await sql`DROP TABLE IF EXISTS mailboxes`.execute(db);
}
