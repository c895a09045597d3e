import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import websocket from '@fastify/websocket';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config';
import { openDatabase, type DatabaseHandle } from './db/database';
import { authPlugin } from './http/auth.plugin';
import { errorsPlugin } from './http/errors.plugin';
import { logRedact, logSerializers } from './http/logging';
import { requestOriginPlugin } from './http/request-origin.plugin';
import { inputPlugin } from './http/input.plugin';
import { sendProblem } from './http/problem';
import { webAssetOptions } from './http/web-assets';
import { serializerCompiler } from './http/serializer';
import { figuresCacheFor, type FiguresCache } from './infra/cache/figures-cache';
import { memoryRateLimitStore, redisRateLimitStore, type RateLimitStore } from './infra/cache/rate-limit-store';
import { infraPlugin, systemClock, type Clock } from './infra/infra.plugin';
import type { ObjectStorage } from './infra/storage/object-storage';
import { memoryPubSub, redisPubSub, type PubSub } from './infra/pubsub/pubsub';
import { storageFromConfig } from './infra/storage';
import { changeFeedFor } from './infra/changes/change-feed';
import { logFormatter } from './lib/log-format';
import { secretBox } from './lib/secret-box';
import { accessTokens, downloadTokens } from './lib/tokens';
import { accountKeys } from './lib/account-keys';
import { accountRoutes } from './modules/account/account.routes';
import { auditContextPlugin, auditRoutes } from './modules/audit/audit.routes';
import { attachmentsRoutes } from './modules/attachments/attachments.routes';
import { authRoutes } from './modules/auth/auth.routes';
import { categoriesRoutes } from './modules/categories/categories.routes';
import { healthRoutes } from './modules/health/health.routes';
import { metricsPlugin } from './modules/metrics/metrics.plugin';
import { mailIntakeRoutes } from './modules/mail-intake/mail-intake.routes';
import { pushRoutes } from './modules/push/push.routes';
import { notificationPreferencesRoutes } from './modules/notifications/notifications.preferences.routes';
import { notificationsRoutes } from './modules/notifications/notifications.routes';
import { prioritiesRoutes } from './modules/priorities/priorities.routes';
import { realtimeRoutes } from './modules/realtime/realtime.routes';
import { reportExportRoutes } from './modules/reports/reports.export.routes';
import { settingsRoutes } from './modules/settings/settings.routes';
import { slaRulesRoutes } from './modules/sla-rules/sla-rules.routes';
import { slaRoutes } from './modules/sla/sla.routes';
import { ssoRoutes } from './modules/sso/sso.routes';
import { reportsRoutes } from './modules/reports/reports.routes';
import { ticketsRoutes } from './modules/tickets/tickets.routes';
import { usersRoutes } from './modules/users/users.routes';
import type { Mailer } from './infra/mail/mailer';
import type { WhatsAppClient } from './infra/whatsapp/whatsapp';
import { createServices, mailerFromConfig, serviceOptionsFromConfig, whatsAppFromConfig } from './services';

/** The built web app, next to this package in the workspace (src/ and dist/ both sit one level down). */
const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export interface AppOverrides {
  database?: DatabaseHandle;
  rateLimits?: RateLimitStore;
  figuresCache?: FiguresCache;
  storage?: ObjectStorage;
  pubsub?: PubSub;
  clock?: Clock;
  mailer?: Mailer;
  whatsapp?: WhatsAppClient;
  logger?: boolean;
  /** Where log lines go (tests read them); stdout by default. */
  logStream?: { write(line: string): void };
  webDist?: string | null;
}

/**
 * The composition root: picks each adapter from the config, then registers infrastructure,
 * cross-cutting HTTP plugins and the feature modules. Nothing else decides implementations.
 */
export async function buildApp(config: Config, overrides: AppOverrides = {}): Promise<FastifyInstance> {
  const pretty = config.logFormat === 'pretty' || (config.logFormat === 'auto' && process.stdout.isTTY === true);
  const logStream = overrides.logStream ?? (pretty ? prettyStdout() : undefined);
  const app = Fastify({
    logger:
      overrides.logger === false
        ? false
        : {
            level: config.logLevel,
            ...(logStream ? { stream: logStream } : {}),
            // No credentials in logs: query-string tokens, headers and secret keys (http/logging.ts).
            serializers: logSerializers,
            redact: logRedact,
          },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    forceCloseConnections: 'idle',
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // While shutting down, answers to in-flight requests close their keep-alive connection, so
  // the server can finish closing as soon as the last one is sent.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (closing) reply.header('connection', 'close');
  });

  const database = overrides.database ?? (await openDatabase(config.database));
  // Redis (REDIS_URL) is optional at run time too: while it is away both work within this process.
  const rateLimits =
    overrides.rateLimits ??
    (config.redisUrl ? redisRateLimitStore(config.redisUrl, undefined, app.log) : memoryRateLimitStore());
  const pubsub =
    overrides.pubsub ?? (config.redisUrl ? redisPubSub(config.redisUrl, undefined, app.log) : memoryPubSub());
  const figuresCache = overrides.figuresCache ?? figuresCacheFor(config, database.kind, app.log);
  const changes = await changeFeedFor(database);
  const secret =
    config.appSecret ??
    embeddedSecret(config.dataDir, config.database.kind === 'pglite' && config.database.dataDir !== null);
  const infra = {
    config,
    database,
    rateLimits,
    figuresCache,
    storage: overrides.storage ?? storageFromConfig(config.storage),
    pubsub,
    changes,
    mailer: overrides.mailer ?? mailerFromConfig(config, database.db),
    whatsapp: overrides.whatsapp ?? whatsAppFromConfig(config) ?? null,
    tokens: accessTokens(secret, config.accessTokenTtlSeconds),
    downloadTokens: downloadTokens(secret),
    clock: overrides.clock ?? systemClock,
    secrets: secretBox(secret, 'mail-intake-credentials'),
    accountKeys: accountKeys(secret),
  };
  await app.register(infraPlugin, infra);
  app.decorate(
    'services',
    createServices({
      db: database.db,
      readDb: database.readDb,
      clock: infra.clock,
      changes,
      settings: serviceOptionsFromConfig(config),
      storage: infra.storage,
      mailer: infra.mailer,
      whatsapp: infra.whatsapp ?? undefined,
      pubsub,
      log: app.log,
      httpLog: app.log,
      keys: {
        tokens: infra.tokens,
        downloadTokens: infra.downloadTokens,
        secrets: infra.secrets,
        accountKeys: infra.accountKeys,
      },
      rateLimits,
      figuresChanged: () => figuresCache.invalidate(),
      pools: database.pools,
    }),
  );
  app.addHook('onClose', async () => {
    await rateLimits.close();
    if (!overrides.figuresCache) await figuresCache.close();
    await changes.close();
    if (!overrides.pubsub) await pubsub.close();
    if (!overrides.database) await database.close();
  });

  await app.register(errorsPlugin);
  await app.register(requestOriginPlugin, { publicUrl: config.publicUrl });
  await app.register(auditContextPlugin);
  await app.register(inputPlugin);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        // Mantine sets inline style attributes; scripts stay same-origin only.
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        // 'self' covers ws: and wss: to the app's own host (CSP Level 3, tested in Chromium by
        // e2e/account.spec.ts); a socket to any other host is refused.
        'connect-src': ["'self'"],
      },
    },
  });
  await app.register(cookie);
  await app.register(websocket, { options: { maxPayload: 4096 } });
  // Per-request limits come from the settings; these are the outer bounds.
  await app.register(multipart, {
    limits: { fileSize: 1024 * 1024 * 1024, files: 10, fields: 5, fieldSize: 4096, parts: 20 },
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Bantu API',
        version: '0.1.0',
        description: 'IT helpdesk and ticketing. Errors are RFC 9457 problem+json.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(authPlugin);
  await app.register(metricsPlugin, {
    metrics: app.services.metrics,
    token: config.metricsToken,
  });

  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(usersRoutes);
  await app.register(categoriesRoutes);
  await app.register(prioritiesRoutes);
  await app.register(slaRulesRoutes);
  await app.register(slaRoutes);
  await app.register(settingsRoutes);
  await app.register(ticketsRoutes);
  await app.register(reportsRoutes);
  await app.register(attachmentsRoutes);
  await app.register(notificationsRoutes);
  await app.register(notificationPreferencesRoutes);
  await app.register(realtimeRoutes);
  await app.register(reportExportRoutes());
  await app.register(mailIntakeRoutes);
  await app.register(ssoRoutes);
  await app.register(accountRoutes);
  await app.register(auditRoutes);
  await app.register(pushRoutes);

  const webDist = overrides.webDist === undefined ? WEB_DIST : overrides.webDist;
  const serveWeb = webDist !== null && fs.existsSync(path.join(webDist, 'index.html'));
  if (serveWeb) {
    await app.register(fastifyStatic, webAssetOptions(webDist));
  }
  app.setNotFoundHandler((request, reply) => {
    const isPage = request.method === 'GET' && !request.url.startsWith('/api/') && !request.url.startsWith('/docs');
    // The single-page app owns every other GET path (client-side routes).
    if (serveWeb && isPage) return reply.type('text/html').sendFile('index.html');
    return sendProblem(request, reply, 'NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`);
  });

  return app;
}

/** Readable log lines on the console (lib/log-format.ts); colours only on a terminal. */
function prettyStdout(): { write(line: string): void } {
  const formatter = logFormatter({ color: process.stdout.isTTY === true });
  return {
    write(line) {
      const text = formatter.format(line);
      if (text) process.stdout.write(text);
    },
  };
}

/**
 * The embedded shape needs no configuration: a random signing secret is created once and kept
 * in DATA_DIR, so sessions survive restarts. An in-memory database gets a throwaway one.
 */
function embeddedSecret(dataDir: string, persistent: boolean): string {
  if (!persistent) return randomBytes(32).toString('hex');
  const file = path.join(dataDir, 'secret');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(32).toString('hex');
    fs.writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    return secret;
  }
}
