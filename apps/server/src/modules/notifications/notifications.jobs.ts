import type { DB } from '@/db/database';
import type { Clock } from '@/infra/infra.plugin';
import {
  JobSender,
  type JobMetadata,
  type ScheduledJob,
  type WorkQueue,
  type WorkQueueOptions,
} from '@/infra/queue/job-queue';
import { deliverySender, DeliveryError, type DeliveryDeps } from './notifications.delivery';
import { notificationDigests, type DigestDeps } from './notifications.digest';
import { pendingDeliveriesWithoutJob } from './notifications.repository';

/** One pg-boss job per notification delivery (e-mail or WhatsApp). */
export const DELIVERY_QUEUE = 'notification-delivery';
/** Gets a copy of a delivery job that failed for good; marks the delivery failed for admins. */
export const DELIVERY_GAVE_UP_QUEUE = 'notification-delivery-gave-up';

/** Tries per delivery before it is marked failed for an admin to retry. */
export const MAX_ATTEMPTS = 6;

/**
 * Retries after 30–60 s, 1–2, 2–4, 4–8 and 8–16 min (pg-boss doubles the delay, with jitter).
 * A job still active after 5 minutes (its worker died mid-send) is tried again.
 */
export const DELIVERY_QUEUE_OPTIONS: WorkQueueOptions = {
  retryLimit: MAX_ATTEMPTS - 1,
  retryDelay: 30,
  retryBackoff: true,
  expireInSeconds: 5 * 60,
  deadLetter: DELIVERY_GAVE_UP_QUEUE,
};
const GAVE_UP_QUEUE_OPTIONS: WorkQueueOptions = {
  retryLimit: 5,
  retryDelay: 5,
  retryBackoff: true,
  expireInSeconds: 60,
};

export interface DeliveryJobData {
  deliveryId: string;
}

/** The queues a process needs to send delivery jobs (created at startup, before any send). */
export const deliveryQueueDefinitions: Pick<WorkQueue, 'name' | 'options'>[] = [
  { name: DELIVERY_GAVE_UP_QUEUE, options: GAVE_UP_QUEUE_OPTIONS },
  { name: DELIVERY_QUEUE, options: DELIVERY_QUEUE_OPTIONS },
];

const sender = new JobSender();

/**
 * Queues the job of a delivery inside the caller's transaction (the one that wrote the row):
 * the job exists exactly when the delivery does; a rolled-back change queues nothing. The
 * first job of a delivery has the delivery's id (sending it twice adds nothing); every job
 * carries it as singleton key. A delivery held until later (`next_attempt_at` in the future)
 * starts then.
 */
export async function enqueueDelivery(
  trx: DB,
  delivery: { id: string; next_attempt_at: Date },
  clock: Clock,
  options: { again?: boolean } = {},
): Promise<void> {
  const data: DeliveryJobData = { deliveryId: delivery.id };
  await sender.send(trx, DELIVERY_QUEUE, data, {
    id: options.again ? undefined : delivery.id,
    singletonKey: delivery.id,
    startAfterSeconds: (delivery.next_attempt_at.getTime() - clock.now().getTime()) / 1000,
  });
}

/** Queues a job for every pending delivery that has none (run when a worker starts); answers how many. */
export async function requeueOrphanDeliveries(db: DB, clock: Clock): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const orphans = await pendingDeliveriesWithoutJob(trx, DELIVERY_QUEUE);
    for (const delivery of orphans) await enqueueDelivery(trx, delivery, clock, { again: true });
    return orphans.length;
  });
}

const errorText = (output: unknown): string => {
  if (output && typeof output === 'object' && 'message' in output) return String(output.message);
  return output ? JSON.stringify(output) : 'gave up';
};

/** The worker side: the delivery queue and its dead letter queue, with their handlers. */
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
  const options = { ...DELIVERY_QUEUE_OPTIONS, ...deps.options };
  return [
    {
      name: DELIVERY_GAVE_UP_QUEUE,
      options: GAVE_UP_QUEUE_OPTIONS,
      pollingIntervalSeconds: 5,
      handle: (job: JobMetadata<DeliveryJobData>) =>
        delivery.gaveUp(job.data.deliveryId, DELIVERY_QUEUE, errorText(job.output)),
    },
    {
      name: DELIVERY_QUEUE,
      options,
      concurrency: deps.concurrency ?? 4,
      handle: async (job: JobMetadata<DeliveryJobData>) => {
        try {
          return await delivery.send(job.data.deliveryId, {
            number: job.retryCount + 1,
            last: job.retryCount >= job.retryLimit,
            retryInSeconds: job.retryBackoff ? job.retryDelay * 2 ** job.retryCount : job.retryDelay,
          });
        } catch (error) {
          if (!(error instanceof DeliveryError)) deps.log?.error({ err: error, job: job.id }, 'delivery job failed');
          throw error;
        }
      },
    },
  ] as WorkQueue[];
}

/** Daily digests: checked every minute (each user has their own time); a cron slot runs on one worker. */
export function digestJob(deps: DigestDeps): ScheduledJob {
  const digests = notificationDigests(deps);
  return {
    name: 'notifications-digest',
    cron: '* * * * *',
    run: () => digests.run(),
  };
}
