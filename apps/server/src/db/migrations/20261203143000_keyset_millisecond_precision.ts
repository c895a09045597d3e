import type { Kysely } from 'kysely';
import { runScript } from '../script';

/**
 * Keyset cursors carry a JavaScript Date (millisecond precision) but `now()` writes
 * microseconds, so two rows inside one millisecond compared as "before the cursor" and the
 * second was skipped by the next page. The columns that order a paginated list keep
 * milliseconds, exactly what a cursor can hold; existing values are rounded (order is kept,
 * ties are broken by id as before).
 */
const COLUMNS: [table: string, column: string][] = [
  ['tickets', 'created_at'],
  ['tickets', 'updated_at'],
  ['tickets', 'sla_deadline'],
  ['notifications', 'created_at'],
  ['notification_deliveries', 'created_at'],
  ['captured_mails', 'created_at'],
  ['mail_messages', 'received_at'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(db, COLUMNS.map(([t, c]) => `ALTER TABLE ${t} ALTER COLUMN ${c} TYPE timestamptz(3);`).join('\n'));
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, COLUMNS.map(([t, c]) => `ALTER TABLE ${t} ALTER COLUMN ${c} TYPE timestamptz;`).join('\n'));
}
