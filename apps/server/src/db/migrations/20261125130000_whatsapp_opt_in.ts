import type { Kysely } from 'kysely';
import { runScript } from '../script';

/** WhatsApp messages go only to users who gave a number and opted in. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    ALTER TABLE users ADD COLUMN whatsapp_opt_in boolean NOT NULL DEFAULT false;
    CREATE INDEX notification_deliveries_provider_idx ON notification_deliveries (provider_id) WHERE provider_id IS NOT NULL;
    ALTER TABLE notification_deliveries ADD COLUMN provider_status text;
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    ALTER TABLE notification_deliveries DROP COLUMN provider_status;
    DROP INDEX notification_deliveries_provider_idx;
    ALTER TABLE users DROP COLUMN whatsapp_opt_in;
  `,
  );
}
