import type { DB } from '@/db/database';
import type { Clock } from '@/infra/infra.plugin';
import type { ScheduledJob } from '@/infra/queue/job-queue';
import type { ObjectStorage } from '@/infra/storage/object-storage';
import { downloadTokens } from '@/lib/tokens';
import { attachmentsService } from './attachments.service';

/** Deleted attachments lose their stored objects a little later, outside the request. */
export function purgeAttachmentsJob(db: DB, storage: ObjectStorage, clock: Clock): ScheduledJob {
  // The purge signs no links; any secret will do for the unused token helper.
  const service = attachmentsService({ db, storage, clock, downloadTokens: downloadTokens('unused-by-the-purge-job') });
  return { name: 'attachments-purge', cron: '*/5 * * * *', run: async () => ({ purged: await service.purge() }) };
}
