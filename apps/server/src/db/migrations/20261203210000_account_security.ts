import type { Kysely } from 'kysely';
import { runScript } from '../script';

/**
 * Issue 14 (second factor, account self-service, audit log):
 * - TOTP per user: the secret sealed with APP_SECRET, the last time step used (a code works
 *   once), a pending secret while enrolling; hashed single-use recovery codes;
 * - must_change_password after an admin reset;
 * - account_tokens: hashed single-use links for password reset and invitations;
 * - audit_events: append-only (a trigger refuses UPDATE, DELETE and TRUNCATE).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    ALTER TABLE users
      ADD COLUMN totp_secret text,
      ADD COLUMN totp_pending_secret text,
      ADD COLUMN totp_enabled_at timestamptz,
      ADD COLUMN totp_last_step bigint,
      ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;

    CREATE TABLE user_recovery_codes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      code_hash text NOT NULL,
      used_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX user_recovery_codes_user_idx ON user_recovery_codes (user_id) WHERE used_at IS NULL;

    CREATE TABLE account_tokens (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      purpose text NOT NULL CHECK (purpose IN ('reset', 'invite')),
      token_hash text NOT NULL,
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX account_tokens_hash_key ON account_tokens (token_hash);
    CREATE INDEX account_tokens_user_idx ON account_tokens (user_id) WHERE used_at IS NULL;

    CREATE TABLE audit_events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      occurred_at timestamptz NOT NULL DEFAULT now(),
      action text NOT NULL,
      actor_id uuid,
      actor_email text,
      ip text,
      user_agent text,
      target_type text,
      target_id text,
      before jsonb,
      after jsonb
    );
    CREATE INDEX audit_events_occurred_idx ON audit_events (occurred_at DESC, id DESC);
    CREATE INDEX audit_events_action_idx ON audit_events (action, occurred_at DESC);
    CREATE INDEX audit_events_actor_idx ON audit_events (actor_id, occurred_at DESC);
    CREATE INDEX audit_events_target_idx ON audit_events (target_type, target_id);

    CREATE FUNCTION audit_events_append_only() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege'; END $$ LANGUAGE plpgsql;
    CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
    CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
    `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    DROP TABLE audit_events;
    DROP FUNCTION audit_events_append_only();
    DROP TABLE account_tokens;
    DROP TABLE user_recovery_codes;
    ALTER TABLE users
      DROP COLUMN totp_secret,
      DROP COLUMN totp_pending_secret,
      DROP COLUMN totp_enabled_at,
      DROP COLUMN totp_last_step,
      DROP COLUMN must_change_password;
    `,
  );
}
