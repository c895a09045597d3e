import type { Kysely } from 'kysely';
import { runScript } from '../script';

/**
 * Reports (issue 12, docs/reports.md):
 * - tickets keep the requester's division at creation (`requester_division`, backfilled from the
 *   requester's current division) and the SLA clock's run time at the first response and at the
 *   resolution, in the unit of the rule (`*_business`: counted in business minutes);
 * - `report_stats`: per UTC hour and dimension combination, the sums every report adds up. Each
 *   row has a grain: 0 = every dimension (category, priority, assignee, division), 1 = no
 *   dimension (organisation totals), 2 = assignee only, 3 = category only, 4 = priority only,
 *   5 = division only. A report reads the narrowest grain that covers its filters and grouping.
 *   Maintained in the transaction of each ticket change (modules/reports/reports.stats.ts);
 *   `npm run cli -- rebuild-report-stats` recomputes it from the tickets and their history.
 * - indexes for medians (the period's resolved tickets by resolved_at, first responses by
 *   first_response_at, covering the minutes and dimensions) and for the all-tickets filters.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    ALTER TABLE tickets ADD COLUMN requester_division text;
    ALTER TABLE tickets ADD COLUMN resolution_minutes double precision;
    ALTER TABLE tickets ADD COLUMN resolution_business boolean;
    ALTER TABLE tickets ADD COLUMN first_response_minutes double precision;
    ALTER TABLE tickets ADD COLUMN first_response_business boolean;
    UPDATE tickets t SET requester_division = u.division FROM users u WHERE u.id = t.user_id AND u.division IS NOT NULL;

    CREATE INDEX tickets_report_resolved_idx ON tickets (resolved_at)
      INCLUDE (resolution_minutes, resolution_business, assigned_to, category_id, priority_id, requester_division)
      WHERE resolved_at IS NOT NULL;
    CREATE INDEX tickets_report_first_response_idx ON tickets (first_response_at)
      INCLUDE (first_response_minutes, first_response_business, assigned_to, category_id, priority_id, requester_division)
      WHERE first_response_at IS NOT NULL;
    CREATE INDEX tickets_closed_at_idx ON tickets (closed_at) WHERE closed_at IS NOT NULL;
    CREATE INDEX tickets_division_created_idx ON tickets (requester_division, created_at);

    CREATE TABLE report_stats (
      grain smallint NOT NULL,
      bucket timestamptz NOT NULL,
      category_id uuid,
      priority_id uuid,
      assignee_id uuid,
      division text,
      created integer NOT NULL DEFAULT 0,
      resolved integer NOT NULL DEFAULT 0,
      res_met integer NOT NULL DEFAULT 0,
      res_missed integer NOT NULL DEFAULT 0,
      res_timed integer NOT NULL DEFAULT 0,
      res_business integer NOT NULL DEFAULT 0,
      res_minutes double precision NOT NULL DEFAULT 0,
      fr_met integer NOT NULL DEFAULT 0,
      fr_missed integer NOT NULL DEFAULT 0,
      fr_timed integer NOT NULL DEFAULT 0,
      fr_business integer NOT NULL DEFAULT 0,
      fr_minutes double precision NOT NULL DEFAULT 0,
      closed integer NOT NULL DEFAULT 0,
      csat_count integer NOT NULL DEFAULT 0,
      csat_sum integer NOT NULL DEFAULT 0,
      csat_1 integer NOT NULL DEFAULT 0,
      csat_2 integer NOT NULL DEFAULT 0,
      csat_3 integer NOT NULL DEFAULT 0,
      csat_4 integer NOT NULL DEFAULT 0,
      csat_5 integer NOT NULL DEFAULT 0,
      resolutions integer NOT NULL DEFAULT 0,
      rejections integer NOT NULL DEFAULT 0,
      assigned integer NOT NULL DEFAULT 0,
      backlog_delta integer NOT NULL DEFAULT 0,
      CONSTRAINT report_stats_key UNIQUE NULLS NOT DISTINCT (grain, bucket, category_id, priority_id, assignee_id, division)
    );
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    DROP TABLE report_stats;
    DROP INDEX tickets_division_created_idx;
    DROP INDEX tickets_closed_at_idx;
    DROP INDEX tickets_report_first_response_idx;
    DROP INDEX tickets_report_resolved_idx;
    ALTER TABLE tickets DROP COLUMN first_response_business;
    ALTER TABLE tickets DROP COLUMN first_response_minutes;
    ALTER TABLE tickets DROP COLUMN resolution_business;
    ALTER TABLE tickets DROP COLUMN resolution_minutes;
    ALTER TABLE tickets DROP COLUMN requester_division;
  `,
  );
}
