import type { FastifyInstance } from 'fastify';
import type { DatabaseHandle } from './db/database';
import type { ChangeFeed } from './infra/changes/change-feed';
import type { Clock } from './infra/infra.plugin';
import type { Mailer } from './infra/mail/mailer';
import type { WhatsAppClient } from './infra/whatsapp/whatsapp';
import type { VapidConfig } from './modules/push/push.service';
import type { PubSub } from './infra/pubsub/pubsub';
import { JobQueue, prepareJobQueue, type JobLogger, type WorkQueueOptions } from './infra/queue/job-queue';
import { startPoller } from './infra/queue/poller';
import { OUTBOX_SIGNAL } from './infra/queue/work-signal';
import { inBackground } from './db/pglite-driver';
import type { ObjectStorage } from './infra/storage/object-storage';
import { purgeAttachmentsJob } from './modules/attachments/attachments.jobs';
import { deliveryQueues, requeueOrphanDeliveries, digestJob } from './modules/notifications/notifications.jobs';
import { DIGEST_QUEUE, deliveryQueueDefinitions } from './modules/notifications/notifications.queue';
import { autoCloseJob } from './modules/tickets/tickets.jobs';
import { snapshotStats } from './modules/reports/reports.stats';
import {
  mailIntakeQueueDefinitions,
  mailPollJob,
  mailRetryQueue,
  startSmtpEndpoint,
  type SmtpEndpointOptions,
} from './modules/mail-intake/mail-intake.jobs';
import type { SecretBox } from './lib/secret-box';
import type { DownloadTokens } from './lib/tokens';
import { slaComplianceJob, slaMonitorJob } from './modules/sla/sla.jobs';
import {
  exportQueue,
  exportQueueDefinitions,
  purgeExportsJob,
  reportSubscriptionsJob,
  reportStatsTimeZoneJob,
} from './modules/reports/reports.jobs';
import { accountMailQueue, accountMailQueueDefinitions } from './modules/account/account.jobs';
import type { SourceFactory } from './modules/reports/reports.export';
import { createServices } from './services';

export interface WorkerDeps {
  database: DatabaseHandle;
  storage: ObjectStorage;
  mailer: Mailer;
  clock: Clock;
  log: JobLogger;
  publicUrl?: string;
  mailFrom?: string;
  whatsapp?: WhatsAppClient;
  /** Configured Web Push VAPID keys (else the pair stored in the database). */
  vapid?: VapidConfig;
  pubsub?: PubSub;
  /** The process's change feed (the reference cache); without it the services read through. */
  changes?: ChangeFeed;
  /** After a job's commit that changes report figures (auto-close, mail intake): the figures cache's invalidation. */
  figuresChanged?: () => Promise<void>;
  /** Idle polling of scheduled jobs and the outbox (EMBEDDED_POLLING on PGlite, else 2 s and 1 s). */
  pollingIntervalSeconds?: number;
  /** Tests: shorter delivery retries and lease, and pg-boss maintenance (which expires leases). */
  deliveryQueueOptions?: Partial<WorkQueueOptions>;
  maintenanceIntervalSeconds?: number;
  /** Deliveries this process sends at once (default 4). */
  deliveryConcurrency?: number;
  /** Background exports: the row limit of an inline export and how long a file stays downloadable. */
  exportLimits?: { inlineMaxRows: number; linkTtlHours: number };
  exportQueueOptions?: Partial<WorkQueueOptions>;
  /** Reports (PDF/XLSX) for exports and scheduled mails; the metrics service by default. */
  reportSource?: SourceFactory;
  organization?: () => Promise<{ name: string; timeZone: string }>;
  /** E-mail intake (IMAP poll job, retry queue, inbound SMTP endpoint); absent = off. */
  mailIntake?: {
    secrets: SecretBox;
    downloadTokens: DownloadTokens;
    maxBytes: number;
    concurrency: number;
    idleSeconds: number;
    smtp?: Omit<SmtpEndpointOptions, 'maxBytes'>;
  };
  /** Password-reset and invitation mails (modules/account): the key that opens their sealed links. */
  accountMail?: { secrets: SecretBox };
}

/** The worker of a process that also built the app: the app's adapters, keys and config. */
export function workerDepsOf(app: FastifyInstance, database: DatabaseHandle): WorkerDeps {
  const { config } = app;
  return {
    database,
    storage: app.storage,
    mailer: app.mailer,
    clock: app.clock,
    log: app.log,
    publicUrl: config.publicUrl,
    mailFrom: config.mailFrom,
    whatsapp: app.whatsapp ?? undefined,
    vapid: config.push,
    pubsub: app.pubsub,
    changes: app.changes,
    figuresChanged: () => app.figuresCache.invalidate(),
    exportLimits: { inlineMaxRows: config.exportInlineMaxRows, linkTtlHours: config.exportLinkTtlHours },
    accountMail: { secrets: app.accountKeys.mail },
    mailIntake: { secrets: app.secrets, downloadTokens: app.downloadTokens, ...config.mailIntake },
  };
}

/**
 * Creates the job queue's schema and the queues every process sends to: run after the
 * migrations, before serving, so a transaction can queue a job in any process role.
 */
export function prepareQueues(database: DatabaseHandle): Promise<void> {
  return prepareJobQueue(database, [
    ...deliveryQueueDefinitions,
    ...exportQueueDefinitions,
    ...mailIntakeQueueDefinitions,
    ...accountMailQueueDefinitions,
  ]);
}

/**
 * Idle polling in the embedded shape (PGlite, one connection shared with the API in ROLE=all;
 * docs/performance.md "Embedded shape: ROLE=all"). Every query of the worker stretches the
 * requests queued behind it, and in one process the worker needs no polling to learn of new
 * work: sends and outbox events wake it (work-signal.ts). Polling remains for delayed work
 * (retries, start-after) and cron jobs, whose slots are minutes apart.
 */
export const EMBEDDED_POLLING = {
  /** Scheduled jobs' workers (cron slots are a minute apart). */
  scheduledSeconds: 10,
  /** Work queues (woken on send; this finds retries whose delay has passed). */
  workSeconds: 5,
  /** The outbox poller (woken when an event is written). */
  outboxSeconds: 5,
  /** pg-boss maintenance: leases of dead workers (there is one process), archiving. */
  maintenanceSeconds: 120,
};

/**
 * Every background job of every module on pg-boss: scheduled jobs, and one job per
 * notification delivery. The outbox is still read by a poller (SKIP LOCKED), which writes the
 * notifications and deliveries and queues the delivery jobs in the same transaction.
 */
export function buildWorker(deps: WorkerDeps) {
  const { database, storage, clock, log } = deps;
  const embedded = database.kind === 'pglite';
  const queue = new JobQueue(database, log, {
    pollingIntervalSeconds: deps.pollingIntervalSeconds ?? (embedded ? EMBEDDED_POLLING.scheduledSeconds : undefined),
    workPollingIntervalSeconds:
      deps.pollingIntervalSeconds === undefined && embedded ? EMBEDDED_POLLING.workSeconds : undefined,
    maintenanceIntervalSeconds:
      deps.maintenanceIntervalSeconds ?? (embedded ? EMBEDDED_POLLING.maintenanceSeconds : undefined),
  });
  const services = createServices({
    db: database.db,
    readDb: database.readDb,
    clock,
    changes: deps.changes,
    settings: {
      publicUrl: deps.publicUrl,
      mailFrom: deps.mailFrom,
      vapid: deps.vapid,
      mailIntakeMaxBytes: deps.mailIntake?.maxBytes,
      exportLimits: deps.exportLimits,
    },
    storage,
    mailer: deps.mailer,
    whatsapp: deps.whatsapp,
    pubsub: deps.pubsub,
    figuresChanged: deps.figuresChanged,
    queue,
    log,
    keys: { downloadTokens: deps.mailIntake?.downloadTokens, secrets: deps.mailIntake?.secrets },
    pools: database.pools,
    reportSource: deps.reportSource,
    organization: deps.organization,
  });
  const mail = {
    mailer: deps.mailer,
    settings: services.settings,
    publicUrl: deps.publicUrl,
    fromAddress: deps.mailFrom,
  };
  queue
    .register(
      autoCloseJob(database.db, clock, {
        stats: snapshotStats,
        statsChanged: deps.figuresChanged,
        settings: services.settings,
      }),
    )
    .register(purgeAttachmentsJob(database.db, storage, clock))
    .register(slaMonitorJob(database.db, clock, deps.pubsub))
    .register(slaComplianceJob(database.db, clock, services.settings))
    .register(digestJob({ db: database.db, clock, ...mail, wake: () => queue.wake(DIGEST_QUEUE) }));
  for (const q of deliveryQueues({
    db: database.db,
    clock,
    ...mail,
    whatsapp: deps.whatsapp,
    vapid: deps.vapid,
    options: deps.deliveryQueueOptions,
    concurrency: deps.deliveryConcurrency,
    log,
  })) {
    queue.work(q);
  }
  const exports = services.exports;
  queue
    .work(exportQueue(exports, deps.exportQueueOptions))
    .register(purgeExportsJob(exports))
    .register(reportStatsTimeZoneJob(database.db))
    .register(reportSubscriptionsJob(services.reportScheduler));
  const notifications = services.outbox;
  let stopping = false;
  let smtp: { port: number; stop(): Promise<void> } | null = null;
  const intake = deps.mailIntake ? services.mailIntake : null;
  if (intake && deps.mailIntake) {
    queue
      .register(
        mailPollJob(intake, {
          concurrency: deps.mailIntake.concurrency,
          idleSeconds: deps.mailIntake.idleSeconds,
          stopping: () => stopping,
        }),
      )
      .work(mailRetryQueue(intake));
  }
  if (deps.accountMail) {
    queue.work(
      accountMailQueue({
        db: database.db,
        mailer: deps.mailer,
        secrets: deps.accountMail.secrets,
        fromAddress: deps.mailFrom,
        settings: services.settings,
      }),
    );
  }
  const idleMs = (deps.pollingIntervalSeconds ?? (embedded ? EMBEDDED_POLLING.outboxSeconds : 1)) * 1000;
  let pollers: { stop(): Promise<void> }[] = [];
  return {
    queue,
    notifications,
    exports,
    intake,
    /** The inbound SMTP endpoint's port once started (tests ask for port 0). */
    smtpPort: () => smtp?.port ?? null,
    /** On PGlite, everything the worker starts queues behind requests (db/pglite-driver.ts). */
    start: () =>
      inBackground(async () => {
        stopping = false;
        await queue.start();
        if (intake && deps.mailIntake?.smtp) {
          smtp = await startSmtpEndpoint(
            intake,
            database.db,
            { ...deps.mailIntake.smtp, maxBytes: deps.mailIntake.maxBytes },
            log,
          );
        }
        const requeued = await requeueOrphanDeliveries(database.db, clock);
        if (requeued > 0) log.info({ requeued }, 'queued jobs for pending deliveries that had none');
        pollers = [startPoller(OUTBOX_SIGNAL, () => notifications.dispatch(), log, idleMs)];
      }),
    async stop() {
      stopping = true;
      await smtp?.stop();
      smtp = null;
      await Promise.all(pollers.map((p) => p.stop()));
      await queue.stop();
    },
  };
}
