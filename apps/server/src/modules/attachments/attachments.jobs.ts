import type { DB } from '@/db/database';
import type { Clock } from '@/infra/infra.plugin';
import type { ScheduledJob } from '@/infra/queue/job-queue';
import type { ObjectStorage } from '@/infra/storage/object-storage';
import * as repo from './attachments.repository';

/** Removes the objects of deleted attachments; the rows stay as history. */
export async function purgeDeletedAttachments(
  db: DB,
  storage: ObjectStorage,
  clock: Clock,
  batchSize = 100,
): Promise<number> {
  let purged = 0;
  for (;;) {
    const done = await db.transaction().execute(async (trx) => {
      const batch = await repo.lockPurgeBatch(trx, batchSize);
      for (const row of batch) {
        await storage.delete(row.file_path);
        if (row.thumbnail_path) await storage.delete(row.thumbnail_path);
      }
      await repo.markPurged(
        trx,
        batch.map((r) => r.id),
        clock.now(),
      );
      return batch.length;
    });
    purged += done;
    if (done < batchSize) return purged;
  }
}

/** Deleted attachments lose their stored objects a little later, outside the request. */
export function purgeAttachmentsJob(db: DB, storage: ObjectStorage, clock: Clock): ScheduledJob {
  return {
    name: 'attachments-purge',
    cron: '*/5 * * * *',
    run: async () => ({ purged: await purgeDeletedAttachments(db, storage, clock) }),
  };
}
