import type { Kysely } from 'kysely';
import { runScript } from '../script';

/**
 * Report exports and scheduled reports. An export too large for a request is a row here, worked
 * by a job that writes the file to object storage; only its requester may download it, until
 * it expires. A subscription mails a manager the report of each finished day, week or month;
 * a send row per (subscription, period) is claimed before mailing, so several workers send it
 * once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    CREATE TABLE report_exports (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('tickets', 'report')),
      format text NOT NULL CHECK (format IN ('csv', 'xlsx', 'pdf')),
      params jsonb NOT NULL DEFAULT '{}'::jsonb,
      locale text NOT NULL DEFAULT 'id',
      status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'ready', 'failed')),
      file_name text NOT NULL,
      storage_key text,
      size_bytes bigint,
      row_count integer,
      error text,
      expires_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      completed_at timestamptz
    );
    CREATE INDEX report_exports_user_idx ON report_exports (user_id, created_at DESC);
    CREATE INDEX report_exports_expiry_idx ON report_exports (expires_at) WHERE storage_key IS NOT NULL;

    CREATE TABLE report_subscriptions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      frequency text NOT NULL CHECK (frequency IN ('daily', 'weekly', 'monthly')),
      filters jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX report_subscriptions_user_idx ON report_subscriptions (user_id, created_at);

    CREATE TABLE report_subscription_sends (
      subscription_id uuid NOT NULL REFERENCES report_subscriptions (id) ON DELETE CASCADE,
      period text NOT NULL,
      status text NOT NULL DEFAULT 'sending' CHECK (status IN ('sending', 'sent', 'failed')),
      attempts integer NOT NULL DEFAULT 1,
      claimed_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz,
      error text,
      PRIMARY KEY (subscription_id, period)
    );
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `DROP TABLE report_subscription_sends, report_subscriptions, report_exports;`);
}
