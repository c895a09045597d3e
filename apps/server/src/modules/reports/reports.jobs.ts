import type { Database } from '@/db/types';
import type { Transaction } from 'kysely';
import type { DB } from '@/db/database';
import { rebuildIfTimeZoneChanged } from './reports.stats';
import type { ScheduledJob, WorkQueue, WorkQueueOptions } from '@/infra/queue/job-queue';
import { defineQueue, sendJob, type JobName } from '@/modules/outbox/outbox.definitions';
import type { ExportService } from './reports.export';
import type { ReportScheduler } from './reports.schedule';

/** One pg-boss job per background export (an export with more rows than a request may carry). */
export const EXPORT_QUEUE = 'report-export' satisfies JobName;

/** Two retries a minute apart; a job still running after 30 minutes (its worker died) is tried again. */
export const EXPORT_QUEUE_OPTIONS: WorkQueueOptions = {
  retryLimit: 2,
  retryDelay: 60,
  retryBackoff: false,
  expireInSeconds: 30 * 60,
};

export const exportQueueDefinitions: Pick<WorkQueue, 'name' | 'options'>[] = [
  { name: EXPORT_QUEUE, options: EXPORT_QUEUE_OPTIONS },
];

/** Queues an export's job in the transaction that wrote its row (id = export id: sent once). */
export async function enqueueExport(trx: Transaction<Database>, exportId: string): Promise<void> {
  await sendJob(trx, EXPORT_QUEUE, { exportId }, { id: exportId, singletonKey: exportId });
}

export function exportQueue(exports: ExportService, options: Partial<WorkQueueOptions> = {}): WorkQueue {
  return defineQueue(EXPORT_QUEUE, {
    options: { ...EXPORT_QUEUE_OPTIONS, ...options },
    // Exports are heavy: one at a time per worker process.
    concurrency: 1,
    handle: (data, job) => exports.run(data.exportId, { last: job.retryCount >= job.retryLimit }),
  });
}

/** Deletes export files past their expiry, hourly. */
export function purgeExportsJob(exports: ExportService): ScheduledJob {
  return { name: 'report-exports-purge', cron: '17 * * * *', run: () => exports.purgeExpired() };
}

/**
 * Scheduled report mails, checked every 15 minutes: each subscription gets the report of its
 * last finished period once (reports.schedule.ts claims a row per subscription and period).
 */
export function reportSubscriptionsJob(scheduler: ReportScheduler): ScheduledJob {
  return { name: 'report-subscriptions', cron: '*/15 * * * *', run: () => scheduler.run() };
}

/** Rebuilds the report summary after the organisation time zone changed (checked every 10 minutes). */
export function reportStatsTimeZoneJob(db: DB): ScheduledJob {
  return {
    name: 'report-stats-time-zone',
    cron: '*/10 * * * *',
    run: async () => {
      await rebuildIfTimeZoneChanged(db);
    },
  };
}
