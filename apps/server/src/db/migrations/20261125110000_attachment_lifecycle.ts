import type { Kysely } from 'kysely';
import { runScript } from '../script';

/** Thumbnails, soft delete (the object is purged later by a job) and upload history. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    ALTER TABLE ticket_attachments
      ADD COLUMN thumbnail_path text,
      ADD COLUMN deleted_at timestamptz,
      ADD COLUMN deleted_by uuid REFERENCES users (id) ON DELETE SET NULL,
      ADD COLUMN purged_at timestamptz;
    -- The purge job looks only at deleted objects that still exist.
    CREATE INDEX ticket_attachments_purge_idx ON ticket_attachments (deleted_at)
      WHERE deleted_at IS NOT NULL AND purged_at IS NULL;
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    DROP INDEX ticket_attachments_purge_idx;
    ALTER TABLE ticket_attachments DROP COLUMN thumbnail_path, DROP COLUMN deleted_at,
      DROP COLUMN deleted_by, DROP COLUMN purged_at;
  `,
  );
}
