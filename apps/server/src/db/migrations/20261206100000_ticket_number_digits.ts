import type { Kysely } from 'kysely';
import { runScript } from '../script';

/**
 * Search by ticket number through a btree (issue 13, docs/performance.md "Search, 2026-12-06"):
 * the number's digits after its prefix ('TKT-202612-00042' -> '20261200042'), so a number typed
 * from its start, with or without prefix and dashes, is a range scan of this index instead of a
 * trigram lookup whose trigrams ('202', '026', '261', ...) occur in every number of the month.
 * `text_pattern_ops` lets `LIKE 'digits%'` use it whatever the database's collation. The
 * sequence alone, without leading zeros ('42'), is indexed too, for a term of digits only
 * ("00042", "42"; matched by equality). The expressions must stay identical to `numberDigits`
 * and `numberSequence` in tickets.repository.ts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `CREATE INDEX tickets_number_digits_idx
       ON tickets ((regexp_replace(ticket_number, '^[^-]*-|[^0-9]', '', 'g')) text_pattern_ops);
     CREATE INDEX tickets_number_sequence_idx
       ON tickets ((ltrim(regexp_replace(ticket_number, '^.*-', ''), '0')));`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `DROP INDEX tickets_number_sequence_idx, tickets_number_digits_idx;`);
}
