import type { FastifyBaseLogger } from 'fastify';
import type { Pool } from 'pg';
import type { Config } from './config';
import type { DB } from './db/database';
import type { RateLimitStore } from './infra/cache/rate-limit-store';
import { deadFeed, type ChangeFeed } from './infra/changes/change-feed';
import type { Clock } from './infra/infra.plugin';
import { captureMailer, smtpMailer, type Mailer } from './infra/mail/mailer';
import type { PubSub } from './infra/pubsub/pubsub';
import type { JobLogger } from './infra/queue/job-queue';
import type { ObjectStorage } from './infra/storage/object-storage';
import { whatsAppClient, type WhatsAppClient } from './infra/whatsapp/whatsapp';
import type { AccountKeys } from './lib/account-keys';
import type { SecretBox } from './lib/secret-box';
import type { AccessTokens, DownloadTokens } from './lib/tokens';
import { accountService } from './modules/account/account.service';
import { loginSteps } from './modules/account/account.steps';
import { attachmentsService } from './modules/attachments/attachments.service';
import { auditService } from './modules/audit/audit.service';
import { authService } from './modules/auth/auth.service';
import { categoriesService } from './modules/categories/categories.service';
import { mailIntakeService } from './modules/mail-intake/mail-intake.service';
import { createMetrics } from './modules/metrics/metrics.registry';
import { outboxDispatcher } from './modules/notifications/notifications.dispatcher';
import { notificationPreferencesService } from './modules/notifications/notifications.preferences';
import { DELIVERY_QUEUE } from './modules/notifications/notifications.queue';
import { notificationsService } from './modules/notifications/notifications.service';
import { prioritiesService } from './modules/priorities/priorities.service';
import { pushService, type VapidConfig } from './modules/push/push.service';
import { exportService, type SourceFactory } from './modules/reports/reports.export';
import { enqueueExport } from './modules/reports/reports.jobs';
import { defaultReportSource } from './modules/reports/reports.report';
import { reportScheduler, subscriptionsService } from './modules/reports/reports.schedule';
import { reportsService } from './modules/reports/reports.service';
import { snapshotStats } from './modules/reports/reports.stats';
import { settingsService } from './modules/settings/settings.service';
import { slaRulesService } from './modules/sla-rules/sla-rules.service';
import { referenceCache } from './modules/sla/sla.reference';
import { slaService } from './modules/sla/sla.service';
import { ssoService } from './modules/sso/sso.service';
import { ticketsService } from './modules/tickets/tickets.service';
import { usersService } from './modules/users/users.service';

/** The process's fixed options the services read (from the config, or a test's). */
export interface ServiceOptions {
  publicUrl?: string;
  mailFrom?: string;
  refreshTokenTtlDays?: number;
  /** Configured Web Push VAPID keys (else the pair stored in the database). */
  vapid?: VapidConfig;
  /** The largest e-mail the intake takes, in bytes. */
  mailIntakeMaxBytes?: number;
  /** The row limit of an inline export and how long an export file stays downloadable. */
  exportLimits?: { inlineMaxRows: number; linkTtlHours: number };
}

/** The keys of the process, derived from its secret. */
export interface ServiceKeys {
  tokens?: AccessTokens;
  downloadTokens?: DownloadTokens;
  secrets?: SecretBox;
  accountKeys?: AccountKeys;
}

export interface ServiceDeps {
  db: DB;
  /** Where reports read (a replica); the primary when absent. */
  readDb?: DB;
  clock: Clock;
  /** Committed row changes (NOTIFY): the reference cache is dropped on them; read through without. */
  changes?: ChangeFeed;
  settings: ServiceOptions;
  storage: ObjectStorage;
  /** Absent in a process that sends no mail itself (the API: mails are jobs). */
  mailer?: Mailer;
  /** Present when the WhatsApp Cloud API is configured. */
  whatsapp?: WhatsAppClient;
  pubsub?: PubSub;
  /** The job queue of a worker process: lets its own handlers fetch a job just queued. */
  queue?: { wake(name: string): void };
  log: JobLogger;
  /** The HTTP server's logger (the services behind routes log warnings through it). */
  httpLog?: FastifyBaseLogger;
  keys?: ServiceKeys;
  rateLimits?: RateLimitStore;
  /**
   * Called after a commit that may change the Manager Dashboard's figures (tickets, settings,
   * categories, priorities, users): the figures cache's invalidation (app.ts).
   */
  figuresChanged?: () => Promise<void>;
  /** PostgreSQL pools by name, for the pool metrics. */
  pools?: Record<string, Pool>;
  /** Tests: the report export source and the organisation's name and time zone. */
  reportSource?: SourceFactory;
  organization?: () => Promise<{ name: string; timeZone: string }>;
}

/** The mailer chosen from the config: SMTP when SMTP_URL is set, else mails kept in the database. */
export function mailerFromConfig(config: Pick<Config, 'smtpUrl'>, db: DB): Mailer {
  return config.smtpUrl ? smtpMailer(config.smtpUrl) : captureMailer(db);
}

/** The WhatsApp Cloud API client when it is configured. */
export function whatsAppFromConfig(config: Pick<Config, 'whatsapp'>): WhatsAppClient | undefined {
  return config.whatsapp ? whatsAppClient(config.whatsapp) : undefined;
}

/** What the services read from the config. */
export function serviceOptionsFromConfig(config: Config): ServiceOptions {
  return {
    publicUrl: config.publicUrl,
    mailFrom: config.mailFrom,
    refreshTokenTtlDays: config.refreshTokenTtlDays,
    vapid: config.push,
    mailIntakeMaxBytes: config.mailIntake.maxBytes,
    exportLimits: { inlineMaxRows: config.exportInlineMaxRows, linkTtlHours: config.exportLinkTtlHours },
  };
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`createServices: ${what} is not given to this process`);
  return value;
}

/**
 * The service with each of `methods` followed, once it resolved (its transaction committed), by
 * `changed()`: for the services whose writes show in the reports without touching tickets.
 */
function announcing<S extends object, K extends keyof S>(
  service: S,
  methods: readonly K[],
  changed?: () => Promise<void>,
): S {
  if (!changed) return service;
  const out = { ...service };
  for (const name of methods) {
    const method = service[name] as unknown as (...args: unknown[]) => Promise<unknown>;
    (out as Record<K, unknown>)[name] = async (...args: unknown[]) => {
      const result = await method.apply(service, args);
      await changed();
      return result;
    };
  }
  return out;
}

/** Builds a value on first use, then answers the same one. */
function once<T>(make: () => T): () => T {
  let made: { value: T } | null = null;
  return () => (made ??= { value: make() }).value;
}

/**
 * The composition root of the services, used by the HTTP app (app.ts) and the worker
 * (worker.ts): every service is built here, once per process and on first use, from only the
 * dependencies it uses. Nothing else constructs a service.
 */
export function createServices(deps: ServiceDeps) {
  const { db, clock, storage, settings: options } = deps;
  const readDb = deps.readDb ?? db;
  const keys = deps.keys ?? {};
  const publicUrl = options.publicUrl;
  const fromAddress = options.mailFrom;

  const changed = deps.figuresChanged;
  /** Settings, SLA context, rules, categories and priorities, cached in this process (sla.reference.ts). */
  const reference = once(() => referenceCache(db, deps.changes ?? deadFeed()));
  const settings = once(() =>
    announcing(settingsService(db, { cached: async () => (await reference().get()).settings }), ['update'], changed),
  );
  /** The settings read on the read database, next to the reports that read there. */
  const readSettings = once(() => (readDb === db ? settings() : settingsService(readDb)));
  const sessionDeps = () => ({
    db,
    tokens: required(keys.tokens, 'tokens'),
    rateLimits: required(deps.rateLimits, 'rateLimits'),
    clock,
    refreshTtlDays: required(options.refreshTokenTtlDays, 'refreshTokenTtlDays'),
  });
  /** Password sign-in, with the account module's steps after the password. */
  const auth = once(() =>
    authService({
      ...sessionDeps(),
      steps: loginSteps(settings(), required(keys.accountKeys, 'accountKeys')),
    }),
  );
  /** Sessions started by the account and SSO flows once their own steps are done. */
  const sessions = once(() => authService(sessionDeps()));
  const tickets = once(() =>
    ticketsService(db, clock, { stats: snapshotStats, statsChanged: changed, reference: reference() }),
  );
  const attachments = once(() =>
    attachmentsService({
      db,
      storage,
      clock,
      downloadTokens: required(keys.downloadTokens, 'downloadTokens'),
      settings: settings(),
    }),
  );
  const reports = once(() => reportsService(readDb, clock, { settings: readSettings() }));
  const reportDefaults = once(() => defaultReportSource(settings(), reports()));
  const reportSource = () => deps.reportSource ?? reportDefaults().source;
  const exports = once(() =>
    exportService({
      db,
      readDb: deps.readDb,
      clock,
      storage,
      limits: options.exportLimits ?? { inlineMaxRows: 50_000, linkTtlHours: 72 },
      enqueue: enqueueExport,
      reportSource: reportSource(),
    }),
  );

  const factories = {
    settings,
    auth,
    sessions,
    account: once(() =>
      accountService({
        db,
        keys: required(keys.accountKeys, 'accountKeys'),
        rateLimits: required(deps.rateLimits, 'rateLimits'),
        clock,
        publicUrl,
        sessions: sessions(),
        settings: settings(),
      }),
    ),
    sso: once(() =>
      ssoService({
        db,
        log: required(deps.httpLog, 'httpLog'),
        clock,
        secrets: required(keys.secrets, 'secrets'),
        auth: sessions(),
      }),
    ),
    users: once(() =>
      announcing(
        usersService(db, { pubsub: required(deps.pubsub, 'pubsub'), log: required(deps.httpLog, 'httpLog') }),
        ['create', 'update'],
        changed,
      ),
    ),
    audit: once(() => auditService(db)),
    categories: once(() => announcing(categoriesService(db), ['create', 'update', 'remove'], changed)),
    priorities: once(() => announcing(prioritiesService(db), ['create', 'update', 'remove'], changed)),
    slaRules: once(() => slaRulesService(db)),
    sla: once(() => slaService(db, clock, settings())),
    tickets,
    attachments,
    reports,
    exports,
    subscriptions: once(() => subscriptionsService(db, clock)),
    reportScheduler: once(() =>
      reportScheduler({
        db,
        clock,
        mailer: required(deps.mailer, 'mailer'),
        fromAddress,
        reportSource: reportSource(),
        organization: deps.organization ?? reportDefaults().organization,
      }),
    ),
    notifications: once(() => notificationsService({ db, clock })),
    notificationPreferences: once(() => notificationPreferencesService(db, clock, settings())),
    /** Reads the outbox and writes notifications and deliveries (worker). */
    outbox: once(() =>
      outboxDispatcher({
        db,
        clock,
        whatsappConfigured: !!deps.whatsapp,
        pubsub: deps.pubsub,
        log: deps.log,
        wake: deps.queue ? () => deps.queue?.wake(DELIVERY_QUEUE) : undefined,
      }),
    ),
    push: once(() => pushService({ db, clock, vapid: options.vapid })),
    mailIntake: once(() =>
      mailIntakeService({
        db,
        clock,
        secrets: required(keys.secrets, 'secrets'),
        maxBytes: required(options.mailIntakeMaxBytes, 'mailIntakeMaxBytes'),
        tickets: tickets(),
        attachments: attachments(),
        settings: settings(),
        // The worker's intake sends the auto-reply and logs; the API's only manages mailboxes.
        ...(deps.mailer ? { mailer: deps.mailer, fromAddress, publicUrl, log: deps.log } : {}),
      }),
    ),
    metrics: once(() => createMetrics({ db, clock, pools: deps.pools ?? {} })),
  };
  return lazily(factories);
}

export type Services = ReturnType<typeof createServices>;

/** An object whose properties are built by the factories on first read. */
function lazily<F extends Record<string, () => unknown>>(factories: F): { readonly [K in keyof F]: ReturnType<F[K]> } {
  const out = {};
  for (const [name, get] of Object.entries(factories)) Object.defineProperty(out, name, { get, enumerable: true });
  return out as { readonly [K in keyof F]: ReturnType<F[K]> };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The services of the composition root (services.ts); route plugins take theirs from here. */
    services: Services;
  }
}
