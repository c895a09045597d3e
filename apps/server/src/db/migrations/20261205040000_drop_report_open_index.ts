import type { Kysely } from 'kysely';
import { runScript } from '../script';

/**
 * Drops `tickets_report_open_idx` (20261203220000_report_histograms): since report_open
 * (20261204070000) no report counts the open tickets, and nothing else reads it (at 1,000,000
 * tickets `pg_stat_user_indexes` showed one scan, the rebuild's fill of report_open, which runs
 * once per rebuild and reads every ticket anyway). It cost an index entry on every ticket write
 * that opens, closes or re-dimensions a ticket. Other partial indexes on the open statuses
 * (tickets_open_sla_idx, tickets_active_*_idx) serve the queues and the SLA monitor.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `DROP INDEX IF EXISTS tickets_report_open_idx;`);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `CREATE INDEX tickets_report_open_idx ON tickets (status)
       INCLUDE (category_id, priority_id, assigned_to, requester_division)
       WHERE status IN ('OPEN', 'IN_PROGRESS', 'ON_HOLD');`,
  );
}
