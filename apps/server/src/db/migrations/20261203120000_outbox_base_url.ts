import type { Kysely } from 'kysely';
import { runScript } from '../script';

/**
 * The address a request came in on, kept with the event it wrote: the worker has no request,
 * and mails link to the ticket at this address when PUBLIC_URL is not set.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `ALTER TABLE outbox_events ADD COLUMN base_url text;`);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `ALTER TABLE outbox_events DROP COLUMN base_url;`);
}
