import type { Database } from '@/db/types';
import type { Transaction } from 'kysely';
import type { Clock } from '@/infra/infra.plugin';
import type { WorkQueue, WorkQueueOptions } from '@/infra/queue/job-queue';
import { sendJob, type JobName, type JobPayload } from '@/modules/outbox/outbox.definitions';
import type { Deliverable } from './notifications.types';

/**
 * The producer side of the notification queues: names, retry options and the sends that run
 * inside the caller's transaction. The handlers are in notifications.jobs.ts (worker only).
 */

/** One pg-boss job per notification delivery (e-mail or WhatsApp). */
export const DELIVERY_QUEUE = 'notification-delivery' satisfies JobName;
/** One pg-boss job per daily digest: the same retries, lease and dead letter as a delivery. */
export const DIGEST_QUEUE = 'notification-digest' satisfies JobName;
/** Gets a copy of a delivery or digest job that failed for good; marks it failed for admins. */
export const DELIVERY_GAVE_UP_QUEUE = 'notification-delivery-gave-up' satisfies JobName;
/** The scheduled job that creates the digests that are due (and queues their jobs). */
export const DIGEST_SCHEDULE = 'notifications-digest' satisfies JobName;

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
export const GAVE_UP_QUEUE_OPTIONS: WorkQueueOptions = {
  retryLimit: 5,
  retryDelay: 5,
  retryBackoff: true,
  expireInSeconds: 60,
};

/** The queues a process needs to send delivery and digest jobs (created at startup, before any send). */
export const deliveryQueueDefinitions: Pick<WorkQueue, 'name' | 'options'>[] = [
  { name: DELIVERY_GAVE_UP_QUEUE, options: GAVE_UP_QUEUE_OPTIONS },
  { name: DELIVERY_QUEUE, options: DELIVERY_QUEUE_OPTIONS },
  { name: DIGEST_QUEUE, options: DELIVERY_QUEUE_OPTIONS },
];

async function enqueue<N extends typeof DELIVERY_QUEUE | typeof DIGEST_QUEUE>(
  trx: Transaction<Database>,
  queue: N,
  data: JobPayload<N>,
  row: Deliverable,
  clock: Clock,
  again: boolean,
): Promise<void> {
  await sendJob(trx, queue, data, {
    id: again ? undefined : row.id,
    singletonKey: row.id,
    startAfterSeconds: (row.next_attempt_at.getTime() - clock.now().getTime()) / 1000,
  });
}

/**
 * Queues the job of a delivery inside the caller's transaction (the one that wrote the row):
 * the job exists exactly when the delivery does; a rolled-back change queues nothing. The
 * first job of a delivery has the delivery's id (sending it twice adds nothing); every job
 * carries it as singleton key. A delivery held until later (`next_attempt_at` in the future)
 * starts then.
 */
export async function enqueueDelivery(
  trx: Transaction<Database>,
  delivery: Deliverable,
  clock: Clock,
  options: { again?: boolean } = {},
): Promise<void> {
  await enqueue(trx, DELIVERY_QUEUE, { deliveryId: delivery.id }, delivery, clock, !!options.again);
}

/** Queues the job of a digest inside the transaction that created (or reset) it, like a delivery's. */
export async function enqueueDigest(
  trx: Transaction<Database>,
  digest: Deliverable,
  clock: Clock,
  options: { again?: boolean } = {},
): Promise<void> {
  await enqueue(trx, DIGEST_QUEUE, { digestId: digest.id }, digest, clock, !!options.again);
}
