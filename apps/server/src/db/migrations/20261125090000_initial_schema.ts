import type { Kysely } from 'kysely';
import { runScript } from '../script';

/**
 * The spec's ER diagram (users, categories, priorities, sla_rules, tickets, ticket_comments,
 * ticket_attachments) plus ticket history, settings and refresh tokens.
 * Only SQL that PostgreSQL 15 understands: PGlite is 18, production may be 15.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    CREATE TYPE user_role AS ENUM ('user', 'it_staff', 'manager', 'admin');
    CREATE TYPE ticket_status AS ENUM ('OPEN', 'IN_PROGRESS', 'ON_HOLD', 'RESOLVED', 'CLOSED');

    CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
      email text NOT NULL CHECK (email = lower(email) AND position('@' in email) > 1),
      password_hash text,
      division text,
      role user_role NOT NULL DEFAULT 'user',
      status boolean NOT NULL DEFAULT true,
      phone text,
      locale text NOT NULL DEFAULT 'id' CHECK (locale IN ('id', 'en')),
      last_login_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX users_email_key ON users (email);
    CREATE INDEX users_role_idx ON users (role) WHERE status;
    CREATE INDEX users_name_id_idx ON users (name, id);

    CREATE TABLE categories (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      description text,
      is_active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX categories_name_key ON categories (lower(name));

    CREATE TABLE priorities (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
      description text,
      level integer NOT NULL CHECK (level BETWEEN 1 AND 100),
      color text NOT NULL CHECK (color ~ '^#[0-9a-fA-F]{6}$'),
      is_active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX priorities_name_key ON priorities (lower(name));
    CREATE UNIQUE INDEX priorities_level_key ON priorities (level);

    CREATE TABLE sla_rules (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      priority_id uuid NOT NULL REFERENCES priorities (id) ON DELETE RESTRICT,
      duration_hours integer NOT NULL CHECK (duration_hours BETWEEN 1 AND 8760),
      first_response_hours integer CHECK (first_response_hours BETWEEN 1 AND 8760),
      description text,
      is_active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (first_response_hours IS NULL OR first_response_hours <= duration_hours)
    );
    -- One active rule per priority; older rules stay for history.
    CREATE UNIQUE INDEX sla_rules_active_priority_key ON sla_rules (priority_id) WHERE is_active;

    CREATE TABLE tickets (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      ticket_number text NOT NULL,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
      assigned_to uuid REFERENCES users (id) ON DELETE RESTRICT,
      category_id uuid NOT NULL REFERENCES categories (id) ON DELETE RESTRICT,
      priority_id uuid NOT NULL REFERENCES priorities (id) ON DELETE RESTRICT,
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      description text NOT NULL CHECK (length(description) <= 20000),
      status ticket_status NOT NULL DEFAULT 'OPEN',
      sla_deadline timestamptz,
      first_response_at timestamptz,
      resolved_at timestamptz,
      closed_at timestamptz,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (status <> 'CLOSED' OR closed_at IS NOT NULL)
    );
    CREATE UNIQUE INDEX tickets_ticket_number_key ON tickets (ticket_number);
    -- "My tickets" and the requester filter, newest first with a keyset tie-break.
    CREATE INDEX tickets_user_created_idx ON tickets (user_id, created_at DESC, id DESC);
    CREATE INDEX tickets_assignee_status_idx ON tickets (assigned_to, status, created_at DESC);
    CREATE INDEX tickets_status_created_idx ON tickets (status, created_at DESC, id DESC);
    CREATE INDEX tickets_created_idx ON tickets (created_at DESC, id DESC);
    CREATE INDEX tickets_updated_idx ON tickets (updated_at DESC, id DESC);
    CREATE INDEX tickets_priority_idx ON tickets (priority_id);
    CREATE INDEX tickets_category_idx ON tickets (category_id);
    -- Only tickets whose SLA clock still runs are ever scanned by deadline.
    CREATE INDEX tickets_open_sla_idx ON tickets (sla_deadline)
      WHERE status IN ('OPEN', 'IN_PROGRESS', 'ON_HOLD');

    CREATE TABLE ticket_comments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      ticket_id uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
      comment text NOT NULL CHECK (length(comment) BETWEEN 1 AND 20000),
      is_internal boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX ticket_comments_ticket_idx ON ticket_comments (ticket_id, created_at, id);
    CREATE INDEX ticket_comments_user_idx ON ticket_comments (user_id);

    CREATE TABLE ticket_attachments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      ticket_id uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
      comment_id uuid REFERENCES ticket_comments (id) ON DELETE SET NULL,
      file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
      file_path text NOT NULL,
      file_type text NOT NULL,
      file_size bigint NOT NULL CHECK (file_size >= 0),
      description text,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX ticket_attachments_path_key ON ticket_attachments (file_path);
    CREATE INDEX ticket_attachments_ticket_idx ON ticket_attachments (ticket_id, created_at);
    CREATE INDEX ticket_attachments_user_idx ON ticket_attachments (user_id);

    -- Append-only history: who changed what, when, from what, to what.
    CREATE TABLE ticket_events (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      ticket_id uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
      actor_id uuid REFERENCES users (id) ON DELETE RESTRICT,
      type text NOT NULL,
      field text,
      from_value text,
      to_value text,
      data jsonb,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX ticket_events_ticket_idx ON ticket_events (ticket_id, created_at, id);

    CREATE TABLE settings (
      key text PRIMARY KEY,
      value jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by uuid REFERENCES users (id) ON DELETE SET NULL
    );

    -- Rotating refresh tokens, stored as SHA-256 hashes. A family is one sign-in; reusing a
    -- used token revokes the whole family (token theft detection).
    CREATE TABLE refresh_tokens (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      family_id uuid NOT NULL,
      token_hash text NOT NULL,
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      revoked_at timestamptz,
      user_agent text,
      ip text,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX refresh_tokens_hash_key ON refresh_tokens (token_hash);
    CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
    CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id) WHERE revoked_at IS NULL;
    CREATE INDEX refresh_tokens_expires_idx ON refresh_tokens (expires_at);
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    DROP TABLE refresh_tokens, settings, ticket_events, ticket_attachments, ticket_comments, tickets,
      sla_rules, priorities, categories, users;
    DROP TYPE ticket_status, user_role;
  `,
  );
}
