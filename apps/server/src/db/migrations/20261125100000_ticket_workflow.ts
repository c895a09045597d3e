import type { Kysely } from 'kysely';
import { runScript } from '../script';

/**
 * What the ticket lifecycle needs beyond the ER diagram: the SLA bookkeeping (pause time,
 * at-risk moment), the resolution and rating, race-free ticket numbers, search, and the
 * transactional outbox that the notification worker drains.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    CREATE EXTENSION IF NOT EXISTS pg_trgm;

    ALTER TABLE priorities ADD COLUMN is_default boolean NOT NULL DEFAULT false;
    CREATE UNIQUE INDEX priorities_default_key ON priorities (is_default) WHERE is_default;

    ALTER TABLE tickets
      ADD COLUMN priority_level integer NOT NULL DEFAULT 100,
      ADD COLUMN first_response_due_at timestamptz,
      ADD COLUMN sla_at_risk_at timestamptz,
      ADD COLUMN sla_paused_seconds integer NOT NULL DEFAULT 0,
      ADD COLUMN on_hold_since timestamptz,
      ADD COLUMN hold_reason text,
      ADD COLUMN resolution_note text,
      ADD COLUMN rating smallint CHECK (rating BETWEEN 1 AND 5),
      ADD COLUMN feedback text,
      ADD COLUMN search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', coalesce(title, '')), 'A') ||
        setweight(to_tsvector('simple', coalesce(description, '')), 'B')
      ) STORED;

    CREATE INDEX tickets_search_idx ON tickets USING gin (search);
    CREATE INDEX tickets_number_trgm_idx ON tickets USING gin (ticket_number gin_trgm_ops);
    -- The staff queue's default views: active tickets, newest first / by priority / by deadline.
    CREATE INDEX tickets_active_created_idx ON tickets (created_at DESC, id DESC)
      WHERE status IN ('OPEN', 'IN_PROGRESS', 'ON_HOLD');
    CREATE INDEX tickets_active_priority_idx ON tickets (priority_level, created_at DESC, id DESC)
      WHERE status IN ('OPEN', 'IN_PROGRESS', 'ON_HOLD');
    CREATE INDEX tickets_unassigned_idx ON tickets (created_at DESC, id DESC)
      WHERE assigned_to IS NULL AND status IN ('OPEN', 'IN_PROGRESS', 'ON_HOLD');
    -- Auto-close scans only resolved tickets.
    CREATE INDEX tickets_resolved_idx ON tickets (resolved_at) WHERE status = 'RESOLVED';

    ALTER TABLE ticket_comments
      ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector('simple', comment)) STORED;
    CREATE INDEX ticket_comments_search_idx ON ticket_comments USING gin (search);

    -- Insertion order of history: several events of one change share a timestamp.
    ALTER TABLE ticket_events ADD COLUMN seq bigserial;
    CREATE INDEX ticket_events_ticket_seq_idx ON ticket_events (ticket_id, seq);

    -- One row per ticket-number period (YYYYMM); incremented under its row lock.
    CREATE TABLE ticket_number_counters (
      period text PRIMARY KEY,
      last_value integer NOT NULL
    );

    -- Transactional outbox: written with the change it describes, drained by the worker.
    CREATE TABLE outbox_events (
      id bigserial PRIMARY KEY,
      topic text NOT NULL,
      ticket_id uuid REFERENCES tickets (id) ON DELETE CASCADE,
      actor_id uuid REFERENCES users (id) ON DELETE SET NULL,
      payload jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      processed_at timestamptz
    );
    CREATE INDEX outbox_events_pending_idx ON outbox_events (id) WHERE processed_at IS NULL;
    CREATE INDEX outbox_events_ticket_idx ON outbox_events (ticket_id);
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    DROP TABLE outbox_events, ticket_number_counters;
    DROP INDEX ticket_events_ticket_seq_idx;
    ALTER TABLE ticket_events DROP COLUMN seq;
    DROP INDEX ticket_comments_search_idx;
    ALTER TABLE ticket_comments DROP COLUMN search;
    DROP INDEX tickets_search_idx, tickets_number_trgm_idx, tickets_active_created_idx,
      tickets_active_priority_idx, tickets_unassigned_idx, tickets_resolved_idx;
    ALTER TABLE tickets DROP COLUMN priority_level, DROP COLUMN first_response_due_at,
      DROP COLUMN sla_at_risk_at, DROP COLUMN sla_paused_seconds, DROP COLUMN on_hold_since,
      DROP COLUMN hold_reason, DROP COLUMN resolution_note, DROP COLUMN rating, DROP COLUMN feedback,
      DROP COLUMN search;
    DROP INDEX priorities_default_key;
    ALTER TABLE priorities DROP COLUMN is_default;
  `,
  );
}
