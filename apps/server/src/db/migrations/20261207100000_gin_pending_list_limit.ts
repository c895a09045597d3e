import type { Kysely } from 'kysely';
import { runScript } from '../script';

/**
 * A small pending list for the search GIN indexes (docs/performance.md "GIN pending list").
 * With `fastupdate` (the default) new rows' entries wait in an unsorted pending list that every
 * search reads whole, until it passes `gin_pending_list_limit` (4 MB by default: ~10,000
 * tickets) or a vacuum merges it; autovacuum's insert threshold on a large table is far behind
 * that. Measured at 1,000,000 tickets after 10,579 creates: 441 pending pages, search 368 -> 121
 * req/s. At 128 kB an insert merges about 16 pages when the list is full, and a search reads at
 * most that much unsorted.
 */
const GIN_INDEXES = ['tickets_search_idx', 'tickets_number_trgm_idx', 'ticket_comments_search_idx'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    GIN_INDEXES.map((index) => `ALTER INDEX ${index} SET (gin_pending_list_limit = 128);`).join('\n'),
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, GIN_INDEXES.map((index) => `ALTER INDEX ${index} RESET (gin_pending_list_limit);`).join('\n'));
}
