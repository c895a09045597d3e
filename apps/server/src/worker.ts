import type { DatabaseHandle } from './db/database';
import type { Clock } from './infra/infra.plugin';
import { JobQueue, type JobLogger } from './infra/queue/job-queue';
import { autoCloseJob } from './modules/tickets/tickets.jobs';

/** Every background job of every module, on one queue. */
export function buildWorker(
  database: DatabaseHandle,
  clock: Clock,
  log: JobLogger,
  options: { pollingIntervalSeconds?: number } = {},
) {
  return new JobQueue(database, log, options).register(autoCloseJob(database.db, clock));
}
