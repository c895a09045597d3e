import type { Kysely } from 'kysely';
import { runScript } from '../script';

/**
 * The SLA engine (issue 6): the business calendar and holidays, the per-rule clock mode, the
 * append-only clock log each ticket's deadlines are derived from, escalation levels with a
 * record of each (ticket, level) fired, and the memory of the last compliance alert.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    -- One calendar for the organisation (single row). 24x7 until an admin switches it off.
    CREATE TABLE sla_calendar (
      id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
      timezone text NOT NULL DEFAULT 'Asia/Jakarta',
      always_open boolean NOT NULL DEFAULT true,
      -- [[ [startMinute, endMinute], ... ] x 7], Sunday first.
      week jsonb NOT NULL,
      updated_at timestamptz
    );
    INSERT INTO sla_calendar (id, week) VALUES (1,
      '[[], [[480,720],[780,1020]], [[480,720],[780,1020]], [[480,720],[780,1020]], [[480,720],[780,1020]], [[480,720],[780,1020]], []]');

    CREATE TABLE sla_holidays (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      date date NOT NULL,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
      yearly boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX sla_holidays_date_key ON sla_holidays (date);

    ALTER TABLE sla_rules ADD COLUMN business_hours boolean NOT NULL DEFAULT true;

    -- Append-only: deadlines are derived from this log (modules/sla/sla.clock.ts).
    CREATE TABLE sla_clock_events (
      id bigserial PRIMARY KEY,
      ticket_id uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('started', 'paused', 'resumed', 'target_changed', 'warning',
        'breached', 'escalated', 'fulfilled', 'missed')),
      metric text CHECK (metric IN ('resolution', 'first_response')),
      at timestamptz NOT NULL,
      data jsonb NOT NULL DEFAULT '{}'::jsonb
    );
    CREATE INDEX sla_clock_events_ticket_idx ON sla_clock_events (ticket_id, id);

    ALTER TABLE tickets
      ADD COLUMN sla_next_check_at timestamptz,
      ADD COLUMN sla_first_response_met boolean,
      ADD COLUMN sla_resolution_met boolean;
    -- The monitor reads only what is due: cost follows the due tickets, not the table.
    CREATE INDEX tickets_sla_next_check_idx ON tickets (sla_next_check_at)
      WHERE sla_next_check_at IS NOT NULL AND status IN ('OPEN', 'IN_PROGRESS', 'ON_HOLD');
    -- Compliance over a rolling window: only tickets whose resolution was decided.
    CREATE INDEX tickets_sla_decided_idx ON tickets (resolved_at) WHERE sla_resolution_met IS NOT NULL;

    CREATE TABLE sla_escalation_levels (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
      action text NOT NULL CHECK (action IN ('warning', 'breach', 'escalation')),
      trigger text NOT NULL CHECK (trigger IN ('at_risk', 'percent', 'after_deadline')),
      percent integer CHECK (percent BETWEEN 1 AND 1000),
      offset_minutes integer CHECK (offset_minutes BETWEEN 0 AND 525600),
      recipients text[] NOT NULL,
      channels text[] NOT NULL,
      priority_ids uuid[] NOT NULL DEFAULT '{}',
      urgent boolean NOT NULL DEFAULT false,
      is_active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (trigger <> 'percent' OR percent IS NOT NULL),
      CHECK (trigger <> 'after_deadline' OR offset_minutes IS NOT NULL)
    );
    -- The spec's defaults: at risk -> assignee; breach -> assignee and IT staff; 2 business
    -- hours after the breach -> managers.
    INSERT INTO sla_escalation_levels (name, action, trigger, percent, offset_minutes, recipients, channels) VALUES
      ('At risk', 'warning', 'at_risk', NULL, NULL, '{assignee}', '{in_app,email}'),
      ('Breached', 'breach', 'percent', 100, NULL, '{assignee,it_staff}', '{in_app,email}'),
      ('Escalation to managers', 'escalation', 'after_deadline', NULL, 120, '{managers}', '{in_app,email}');

    -- Each level fires once per ticket, whatever the number of workers or restarts.
    CREATE TABLE sla_escalations_fired (
      ticket_id uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
      level_id uuid NOT NULL REFERENCES sla_escalation_levels (id) ON DELETE CASCADE,
      fired_at timestamptz NOT NULL,
      PRIMARY KEY (ticket_id, level_id)
    );
    CREATE INDEX sla_escalations_fired_level_idx ON sla_escalations_fired (level_id);

    -- Compliance alerts sent (the last one decides "at most once a day").
    CREATE TABLE sla_compliance_alerts (
      id bigserial PRIMARY KEY,
      alerted_at timestamptz NOT NULL,
      percent numeric(5, 2) NOT NULL,
      resolved integer NOT NULL,
      met integer NOT NULL,
      window_days integer NOT NULL,
      threshold integer NOT NULL
    );
    CREATE INDEX sla_compliance_alerts_at_idx ON sla_compliance_alerts (alerted_at DESC);

    -- Tickets from before the clock log: a start event with their rule (wall-clock, as they
    -- were computed) and the pause time they had, and a first check by the monitor.
    INSERT INTO sla_clock_events (ticket_id, kind, at, data)
    SELECT t.id, 'started', t.created_at, jsonb_build_object(
        'reason', 'created', 'resolutionMinutes', r.duration_hours * 60,
        'firstResponseMinutes', r.first_response_hours * 60, 'businessHours', false,
        'carriedPausedMinutes', t.sla_paused_seconds / 60)
      FROM tickets t JOIN sla_rules r ON r.priority_id = t.priority_id AND r.is_active
     WHERE t.status IN ('OPEN', 'IN_PROGRESS', 'ON_HOLD');
    INSERT INTO sla_clock_events (ticket_id, kind, at, data)
    SELECT t.id, 'paused', t.on_hold_since, '{"reason": "on_hold"}'::jsonb
      FROM tickets t JOIN sla_rules r ON r.priority_id = t.priority_id AND r.is_active
     WHERE t.status = 'ON_HOLD' AND t.on_hold_since IS NOT NULL;
    UPDATE tickets t SET sla_next_check_at = now()
      FROM sla_rules r WHERE r.priority_id = t.priority_id AND r.is_active AND t.status IN ('OPEN', 'IN_PROGRESS');
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    DROP TABLE sla_compliance_alerts, sla_escalations_fired, sla_escalation_levels, sla_clock_events,
      sla_holidays, sla_calendar;
    DROP INDEX tickets_sla_next_check_idx, tickets_sla_decided_idx;
    ALTER TABLE tickets DROP COLUMN sla_next_check_at, DROP COLUMN sla_first_response_met,
      DROP COLUMN sla_resolution_met;
    ALTER TABLE sla_rules DROP COLUMN business_hours;
  `,
  );
}
