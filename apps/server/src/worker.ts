import type { DatabaseHandle } from './db/database';
import type { Clock } from './infra/infra.plugin';
import { JobQueue, type JobLogger } from './infra/queue/job-queue';
import type { ObjectStorage } from './infra/storage/object-storage';
import { purgeAttachmentsJob } from './modules/attachments/attachments.jobs';
import { autoCloseJob } from './modules/tickets/tickets.jobs';

/** Every background job of every module, on one queue. */
export function buildWorker(
  database: DatabaseHandle,
  storage: ObjectStorage,
  clock: Clock,
  log: JobLogger,
  options: { pollingIntervalSeconds?: number } = {},
) {
  return new JobQueue(database, log, options)
    .register(autoCloseJob(database.db, clock))
    .register(purgeAttachmentsJob(database.db, storage, clock));
}
