import type { Kysely } from 'kysely';
import { runScript } from '../script';

/**
 * Planner help and an index for the ticket lists at a million tickets (docs/performance.md).
 *
 * - The search documents keep 1,000 most common words in their statistics instead of 100: with
 *   the default, ANALYZE keeps only words in about 2 % of rows and guesses 0.5 % for every other
 *   word, so a word that occurs nowhere looked frequent and search walked every ticket.
 * - The staff queue tab counts read only active tickets and only these columns: a covering
 *   partial index turns that into an index-only scan.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    ALTER TABLE tickets ALTER COLUMN search SET STATISTICS 1000;
    ALTER TABLE ticket_comments ALTER COLUMN search SET STATISTICS 1000;
    CREATE INDEX tickets_active_counts_idx ON tickets (assigned_to, sla_deadline, on_hold_since, status)
      WHERE status IN ('OPEN', 'IN_PROGRESS', 'ON_HOLD');
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    DROP INDEX tickets_active_counts_idx;
    ALTER TABLE ticket_comments ALTER COLUMN search SET STATISTICS -1;
    ALTER TABLE tickets ALTER COLUMN search SET STATISTICS -1;
  `,
  );
}
