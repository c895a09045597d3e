import type { Kysely } from 'kysely';
import { runScript } from '../script';

/** /metrics counts the deliveries sent in the last hour per channel on every scrape. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `CREATE INDEX notification_deliveries_sent_idx ON notification_deliveries (sent_at) WHERE status = 'sent';`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `DROP INDEX notification_deliveries_sent_idx;`);
}
