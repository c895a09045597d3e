import type { DB } from '@/db/database';
import type { Clock } from '@/infra/infra.plugin';
import type { JobMetadata, ScheduledJob, WorkQueue, WorkQueueOptions } from '@/infra/queue/job-queue';
import { defineQueue } from '@/modules/outbox/outbox.definitions';
import { deliverySender, DeliveryError, type Attempt, type DeliveryDeps } from './notifications.delivery';
import { digestSender, type DigestDeps } from './notifications.digest';
import {
  DELIVERY_GAVE_UP_QUEUE,
  DELIVERY_QUEUE,
  DELIVERY_QUEUE_OPTIONS,
  DIGEST_QUEUE,
  DIGEST_SCHEDULE,
  enqueueDelivery,
  enqueueDigest,
  GAVE_UP_QUEUE_OPTIONS,
} from './notifications.queue';
import { pendingDeliveriesWithoutJob, pendingDigestsWithoutJob } from './notifications.repository';

/**
 * The worker side of notifications: the handlers of the delivery, digest and dead letter
 * queues and the digest schedule. Producers use notifications.queue.ts.
 */

// Kept for callers that import the queue side from here (worker.ts, other branches).
export {
  DELIVERY_GAVE_UP_QUEUE,
  DELIVERY_QUEUE,
  DELIVERY_QUEUE_OPTIONS,
  DIGEST_QUEUE,
  deliveryQueueDefinitions,
  enqueueDelivery,
  MAX_ATTEMPTS,
} from './notifications.queue';
export type { DeliveryJobData } from './notifications.types';

/** Queues a job for every pending delivery or digest that has none (run when a worker starts); answers how many. */
export async function requeueOrphanDeliveries(db: DB, clock: Clock): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const orphans = await pendingDeliveriesWithoutJob(trx, DELIVERY_QUEUE);
    for (const delivery of orphans) await enqueueDelivery(trx, delivery, clock, { again: true });
    const digests = await pendingDigestsWithoutJob(trx, DIGEST_QUEUE);
    for (const digest of digests) await enqueueDigest(trx, digest, clock, { again: true });
    return orphans.length + digests.length;
  });
}

const errorText = (output: unknown): string => {
  if (output && typeof output === 'object' && 'message' in output) return String(output.message);
  return output ? JSON.stringify(output) : 'gave up';
};

/** The try a job is on, from pg-boss's retry counters. */
const attemptOf = (job: JobMetadata<object>): Attempt => ({
  number: job.retryCount + 1,
  last: job.retryCount >= job.retryLimit,
  retryInSeconds: job.retryBackoff ? job.retryDelay * 2 ** job.retryCount : job.retryDelay,
});

/** The worker side: the delivery and digest queues and their dead letter queue, with their handlers. */
export function deliveryQueues(
  deps: Omit<DeliveryDeps, 'enqueue'> & {
    /** Tests shorten retries and the lease; production uses DELIVERY_QUEUE_OPTIONS. */
    options?: Partial<WorkQueueOptions>;
    /** Deliveries sent at once by this process (SMTP and WhatsApp calls overlap). */
    concurrency?: number;
    log?: { error(obj: object, msg: string): void };
  },
): WorkQueue[] {
  const delivery = deliverySender({ ...deps, enqueue: (trx, d) => enqueueDelivery(trx, d, deps.clock) });
  const digests = digestSender(deps);
  const options = { ...DELIVERY_QUEUE_OPTIONS, ...deps.options };
  const logged = async <T>(job: JobMetadata, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof DeliveryError)) deps.log?.error({ err: error, job: job.id }, 'delivery job failed');
      throw error;
    }
  };
  return [
    defineQueue(DELIVERY_GAVE_UP_QUEUE, {
      options: GAVE_UP_QUEUE_OPTIONS,
      pollingIntervalSeconds: 5,
      handle: (data, job) =>
        'digestId' in data
          ? digests.gaveUp(data.digestId, DIGEST_QUEUE, errorText(job.output))
          : delivery.gaveUp(data.deliveryId, DELIVERY_QUEUE, errorText(job.output)),
    }),
    defineQueue(DELIVERY_QUEUE, {
      options,
      concurrency: deps.concurrency ?? 4,
      handle: (data, job) => logged(job, () => delivery.send(data.deliveryId, attemptOf(job))),
    }),
    defineQueue(DIGEST_QUEUE, {
      options,
      handle: (data, job) => logged(job, () => digests.send(data.digestId, attemptOf(job))),
    }),
  ];
}

/**
 * Daily digests: checked every minute (each user has their own time); a cron slot runs on one
 * worker. It only creates the due digests; each is then sent by its own job (DIGEST_QUEUE).
 */
export function digestJob(deps: DigestDeps & { wake?: () => void }): ScheduledJob {
  const digests = digestSender(deps);
  return {
    name: DIGEST_SCHEDULE,
    cron: '* * * * *',
    async run() {
      const created = (await digests.collect()).length;
      if (created > 0) deps.wake?.();
      return { created };
    },
  };
}
