import type { DatabaseHandle } from './db/database';
import type { Clock } from './infra/infra.plugin';
import type { Mailer } from './infra/mail/mailer';
import type { WhatsAppClient } from './infra/whatsapp/whatsapp';
import type { PubSub } from './infra/pubsub/pubsub';
import { JobQueue, type JobLogger } from './infra/queue/job-queue';
import { startPoller } from './infra/queue/poller';
import type { ObjectStorage } from './infra/storage/object-storage';
import { purgeAttachmentsJob } from './modules/attachments/attachments.jobs';
import { notificationsService } from './modules/notifications/notifications.service';
import { autoCloseJob } from './modules/tickets/tickets.jobs';
import { slaComplianceJob, slaMonitorJob } from './modules/sla/sla.jobs';

export interface WorkerDeps {
  database: DatabaseHandle;
  storage: ObjectStorage;
  mailer: Mailer;
  clock: Clock;
  log: JobLogger;
  publicUrl?: string;
  mailFrom?: string;
  whatsapp?: WhatsAppClient;
  pubsub?: PubSub;
  pollingIntervalSeconds?: number;
}

/** Every background job of every module: scheduled jobs on pg-boss, plus the notification pollers. */
export function buildWorker(deps: WorkerDeps) {
  const { database, storage, clock, log } = deps;
  const queue = new JobQueue(database, log, { pollingIntervalSeconds: deps.pollingIntervalSeconds })
    .register(autoCloseJob(database.db, clock))
    .register(purgeAttachmentsJob(database.db, storage, clock))
    .register(slaMonitorJob(database.db, clock, deps.pubsub))
    .register(slaComplianceJob(database.db, clock));
  const notifications = notificationsService({
    db: database.db,
    clock,
    mailer: deps.mailer,
    publicUrl: deps.publicUrl,
    fromAddress: deps.mailFrom,
    whatsapp: deps.whatsapp,
    pubsub: deps.pubsub,
  });
  const idleMs = (deps.pollingIntervalSeconds ?? 1) * 1000;
  let pollers: { stop(): Promise<void> }[] = [];
  return {
    queue,
    async start() {
      await queue.start();
      pollers = [
        startPoller('outbox', () => notifications.dispatch(), log, idleMs),
        startPoller('deliveries', () => notifications.sendDue(), log, idleMs),
      ];
    },
    async stop() {
      await Promise.all(pollers.map((p) => p.stop()));
      await queue.stop();
    },
  };
}
