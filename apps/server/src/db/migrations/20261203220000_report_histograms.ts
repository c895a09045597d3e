import type { Kysely } from 'kysely';
import { runScript } from '../script';

/**
 * Reports at scale (issue 12, docs/reports.md "Medians"): `report_histograms`, per day of the
 * organisation time zone and dimension (the day grains 11-15 of report_stats), the number of
 * resolutions (`res_h<k>`) and first responses (`fr_h<k>`) whose clock minutes fall in bin k of
 * modules/reports/reports.histogram.ts (72 bins, each 2^(1/4) times as wide as the one before).
 * A median over whole days is a merge of these rows. Filled by `rebuild-report-stats` (run it
 * after this migration) and kept in the transaction of each ticket change with report_stats.
 *
 * `tickets_report_open_idx`: the open tickets with their dimensions, for the backlog per group.
 *
 * `report_stats_meta`: the time zone whose days the day grains (of both tables) sum. Reports use
 * the day grains only for days of that zone; after the organisation time zone changes they read
 * hourly rows until a rebuild (the worker's report-stats-time-zone job) sums the new zone's days.
 */
const BINS = 72;
const columns = ['res', 'fr']
  .flatMap((m) => Array.from({ length: BINS }, (_, k) => `${m}_h${k} integer NOT NULL DEFAULT 0`))
  .join(',\n      ');

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    CREATE TABLE report_histograms (
      grain smallint NOT NULL,
      bucket timestamptz NOT NULL,
      category_id uuid,
      priority_id uuid,
      assignee_id uuid,
      division text,
      ${columns},
      CONSTRAINT report_histograms_key UNIQUE NULLS NOT DISTINCT (grain, bucket, category_id, priority_id, assignee_id, division)
    );
    -- Open tickets now per dimension (the backlog of grouped reports), read index-only: without
    -- it every grouped report fetched each open ticket's heap row (50,000 at 1,000,000 tickets).
    CREATE INDEX tickets_report_open_idx ON tickets (status)
      INCLUDE (category_id, priority_id, assigned_to, requester_division)
      WHERE status IN ('OPEN', 'IN_PROGRESS', 'ON_HOLD');
    CREATE TABLE report_stats_meta (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      day_time_zone text NOT NULL
    );
    -- The zone the existing day grains were written in (reports.repository statsTimeZone until now).
    INSERT INTO report_stats_meta (day_time_zone)
      SELECT coalesce((SELECT value #>> '{}' FROM settings WHERE key = 'timezone'), 'Asia/Jakarta');
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `DROP TABLE report_stats_meta; DROP INDEX tickets_report_open_idx; DROP TABLE report_histograms;`,
  );
}
