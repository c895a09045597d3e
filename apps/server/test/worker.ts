import { sql } from 'kysely';
import type { DB } from '@/db/database';
import type { DatabaseHandle } from '@/db/database';
import { deliverySender, type DeliveryDeps } from '@/modules/notifications/notifications.delivery';
import { digestSender, type DigestDeps } from '@/modules/notifications/notifications.digest';
import { outboxDispatcher } from '@/modules/notifications/notifications.dispatcher';
import { settingsService } from '@/modules/settings/settings.service';
import { buildWorker, prepareQueues, type WorkerDeps } from '@/worker';
import type { TestApp } from './app';

export const quietLog = { info: () => undefined, error: () => undefined };

/**
 * The real background worker (outbox poller + pg-boss delivery jobs) on a test app's database,
 * with retries shortened so fault tests take seconds: 3 tries, 1–2 s then 2–4 s apart, a lease
 * of 30 s (the dead-worker test shortens it), maintenance every second. Options apply to jobs
 * queued after the worker started.
 */
export async function startTestWorker(t: TestApp, deps: Pick<WorkerDeps, 'mailer'> & Partial<WorkerDeps>) {
  const worker = buildWorker({
    database: t.database,
    storage: t.storage,
    clock: t.app.clock,
    log: quietLog,
    pollingIntervalSeconds: 0.5,
    maintenanceIntervalSeconds: 1,
    ...deps,
    deliveryQueueOptions: { retryLimit: 2, retryDelay: 1, expireInSeconds: 30, ...deps.deliveryQueueOptions },
  });
  await worker.start();
  return worker;
}

export async function until(condition: () => Promise<boolean> | boolean, timeoutMs = 20_000, what = 'condition') {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Every outbox event handled and no delivery pending. */
export async function settled(db: DB, timeoutMs = 20_000) {
  await until(
    async () => {
      const { rows } = await sql<{ n: number }>`
        select (select count(*) from outbox_events where processed_at is null)
             + (select count(*) from notification_deliveries where status = 'pending') as n`.execute(db);
      return Number(rows[0]!.n) === 0;
    },
    timeoutMs,
    'no pending outbox event or delivery',
  );
}

/** pg-boss's own rows for delivery jobs (the queue's job table, not our code's view of it). */
export async function deliveryJobs(db: DB, deliveryId?: string) {
  const { rows } = await sql<{ id: string; state: string; singleton_key: string; retry_count: number }>`
    select id, state, singleton_key, retry_count from pgboss.job
    where name = 'notification-delivery' and (${deliveryId ?? null}::text is null or singleton_key = ${deliveryId ?? null})
    order by created_on`.execute(db);
  return rows;
}

/**
 * Dispatch and send in the test's own process, by the test's clock: `sendDue` sends the pending
 * deliveries whose time has come on that clock (pg-boss schedules by the database's real time,
 * so tests that move a manual clock across quiet hours drive the real send step this way). The
 * queue's own timing, retries and exactly-once are tested through `startTestWorker`.
 */
export async function inlineDelivery(
  database: DatabaseHandle,
  deps: Pick<DeliveryDeps, 'clock' | 'mailer' | 'publicUrl' | 'whatsapp'>,
) {
  await prepareQueues(database);
  const { db } = database;
  const service = outboxDispatcher({ db, clock: deps.clock, whatsappConfigured: !!deps.whatsapp });
  const sender = deliverySender({ db, settings: settingsService(db), ...deps, enqueue: async () => undefined });
  return {
    dispatch: (batchSize?: number) => service.dispatch(batchSize),
    /** Sends every delivery due now; answers how many were tried. */
    async sendDue(): Promise<number> {
      const due = await db
        .selectFrom('notification_deliveries')
        .select('id')
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', deps.clock.now())
        .orderBy('next_attempt_at')
        .execute();
      for (const d of due) await sender.send(d.id, { number: 1, last: false, retryInSeconds: 30 });
      return due.length;
    },
  };
}

/**
 * The daily digest in the test's own process, by the test's clock (like `inlineDelivery`):
 * `run` creates the due digests (queuing their jobs, as the scheduled job does) and sends the
 * ones it created through the digest job's own send step. The queue side is tested through
 * `startTestWorker`.
 */
export function inlineDigests(deps: Omit<DigestDeps, 'settings'>) {
  const digests = digestSender({ ...deps, settings: settingsService(deps.db) });
  return {
    async run(): Promise<{ created: number; sent: number }> {
      const created = await digests.collect();
      let sent = 0;
      for (const digest of created) {
        if ((await digests.send(digest.id, { number: 1, last: false, retryInSeconds: 30 })) === 'sent') sent += 1;
      }
      return { created: created.length, sent };
    },
  };
}
