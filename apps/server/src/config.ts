import path from 'node:path';
import { SsoProviderCreateRequest } from '@bantu/contracts';
import { z } from 'zod';

/**
 * Every environment variable Bantu reads, validated once at start-up. Nothing else in the
 * code base reads process.env: the rest receives a typed Config.
 */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const url = (protocols: string[]) =>
  z.url().refine((v) => protocols.some((p) => v.startsWith(`${p}:`)), {
    message: `Must be a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}`,
  });

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe('HTTP port'),
  HOST: z.string().min(1).default('0.0.0.0').describe('Interface to listen on'),
  DATA_DIR: z.string().min(1).default('./data').describe('Embedded database and local files'),
  DATABASE_URL: url(['postgres', 'postgresql']).optional().describe('PostgreSQL; absent = embedded PGlite'),
  DATABASE_READ_URL: url(['postgres', 'postgresql']).optional().describe('Read replica for reports'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: url(['redis', 'rediss']).optional().describe('Redis for rate limits, cache and fan-out'),
  STORAGE: z.enum(['fs', 's3']).default('fs'),
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_BUCKET: z.string().min(3).optional(),
  S3_ACCESS_KEY: z.string().min(1).optional(),
  S3_SECRET_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: bool.default(true),
  S3_CREATE_BUCKET: bool.default(false).describe('Create the bucket at start-up when it is missing'),
  SMTP_URL: url(['smtp', 'smtps']).optional().describe('Outgoing mail; absent = captured for admins'),
  WHATSAPP_API_URL: z.url().default('https://graph.facebook.com/v21.0').describe('WhatsApp Cloud API base URL'),
  WHATSAPP_TOKEN: z.string().min(1).optional(),
  VAPID_PUBLIC_KEY: z.string().min(1).optional().describe('Web Push key pair; absent: generated on first start'),
  VAPID_PRIVATE_KEY: z.string().min(1).optional(),
  VAPID_SUBJECT: z.string().min(1).optional().describe('mailto: or https: contact sent to push services'),
  WHATSAPP_PHONE_NUMBER_ID: z.string().min(1).optional(),
  WHATSAPP_APP_SECRET: z.string().min(1).optional().describe('Verifies the delivery-status webhook signature'),
  WHATSAPP_VERIFY_TOKEN: z.string().min(1).optional().describe('Answers the webhook subscription challenge'),
  MAIL_FROM: z.string().min(3).optional().describe('From address of notification mails'),
  APP_SECRET: z.string().min(32, 'Must be at least 32 characters').optional(),
  PUBLIC_URL: z.url().optional().describe('Public base URL, used in links'),
  ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  SEARCH_LIMIT_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .default(120)
    .describe('Ticket searches per user and minute (429 beyond)'),
  EXPORT_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(10).describe('Exports per user and minute'),
  REPORT_CACHE_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(3600)
    .default(60)
    .describe('Dashboard figures kept at most this long (Redis, or in process on PGlite); 0 = no cache'),
  HEAP_GROWING_PERCENT: z.coerce
    .number()
    .int()
    .min(0)
    .max(300)
    .default(25)
    .describe("How far V8 lets the heap grow past its live size before a full collection (%); 0 = V8's own (up to 4x)"),
  METRICS_TOKEN: z.string().min(16).optional().describe('Bearer token for /metrics (else loopback only)'),
  DEMO: bool.optional().describe('Seed demo data on an empty database'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z
    .enum(['auto', 'pretty', 'json'])
    .default('auto')
    .describe(
      'Console log lines: readable (pretty), one JSON object a line (json), or pretty on a terminal only (auto)',
    ),
  TRUST_PROXY: bool.default(false).describe('Trust X-Forwarded-* (behind nginx)'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86400).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  EXPORT_INLINE_MAX_ROWS: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000_000)
    .default(50_000)
    .describe('Exports with more rows run as a background job with a download link'),
  EXPORT_LINK_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(72).describe('Lifetime of an export file'),
  MAIL_INTAKE_SMTP_PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .optional()
    .describe('Inbound SMTP endpoint for forwarded mail (worker); unset = off'),
  MAIL_INTAKE_SMTP_HOST: z.string().min(1).default('0.0.0.0').describe('Interface of the inbound SMTP endpoint'),
  MAIL_INTAKE_SMTP_TLS_KEY: z.string().min(1).optional().describe('PEM key file: offer STARTTLS on the endpoint'),
  MAIL_INTAKE_SMTP_TLS_CERT: z.string().min(1).optional().describe('PEM certificate file for STARTTLS'),
  MAIL_INTAKE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(200 * 1024 * 1024)
    .default(25 * 1024 * 1024)
    .describe('Largest message accepted'),
  MAIL_INTAKE_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4).describe('Mailboxes fetched at once'),
  SSO_PROVIDERS: z
    .string()
    .optional()
    .describe('Identity providers as a JSON array (the Admin Panel fields; docs/sso.md); read-only in the panel'),
  MAIL_INTAKE_IDLE_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(240)
    .default(50)
    .describe('Per poll, how long to wait in IMAP IDLE for new mail (0 = poll only)'),
});

/** Rules between variables, checked on the raw values so they are reported with the rest. */
function crossFieldProblems(raw: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  if (raw.DATABASE_URL && !raw.APP_SECRET) {
    problems.push('APP_SECRET: Required when DATABASE_URL is set (at least 32 random characters)');
  }
  if (!!raw.MAIL_INTAKE_SMTP_TLS_KEY !== !!raw.MAIL_INTAKE_SMTP_TLS_CERT) {
    problems.push(
      'MAIL_INTAKE_SMTP_TLS_KEY: Set both MAIL_INTAKE_SMTP_TLS_KEY and MAIL_INTAKE_SMTP_TLS_CERT, or neither',
    );
  }
  if (raw.SSO_PROVIDERS) {
    const parsed = ssoProvidersFrom(raw.SSO_PROVIDERS);
    if (typeof parsed === 'string') problems.push(`SSO_PROVIDERS: ${parsed}`);
  }
  if (raw.STORAGE === 's3') {
    for (const key of ['S3_BUCKET', 'S3_ACCESS_KEY', 'S3_SECRET_KEY']) {
      if (!raw[key]) problems.push(`${key}: Required when STORAGE=s3`);
    }
  }
  return problems;
}

export type Env = z.input<typeof EnvSchema>;

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  database:
    { kind: 'pglite'; dataDir: string | null } | { kind: 'postgres'; url: string; readUrl?: string; poolSize: number };
  redisUrl?: string;
  metricsToken?: string;
  /** The dashboard figures cache's safety-net TTL (infra/cache/figures-cache.ts); 0 = off. */
  reportCacheTtlSeconds: number;
  /** V8's --heap-growing-percent, set at start (main.ts); 0 leaves V8's default. */
  heapGrowingPercent: number;
  /** Per-user budgets for expensive reads (http/user-rate-limit.ts). */
  userLimits: { search: number; export: number };
  storage:
    | { kind: 'fs'; root: string }
    | {
        kind: 's3';
        endpoint?: string;
        region: string;
        bucket: string;
        accessKey: string;
        secretKey: string;
        forcePathStyle: boolean;
        createBucket: boolean;
      };
  smtpUrl?: string;
  mailFrom?: string;
  /** Present when WhatsApp Cloud API delivery is configured. */
  whatsapp?: { apiUrl: string; token: string; phoneNumberId: string; appSecret?: string; verifyToken?: string };
  /** Web Push VAPID keys; absent: a pair generated on first start and stored in the database. */
  push?: { publicKey: string; privateKey: string; subject?: string };
  /** Signs access tokens. In the embedded shape a random one is generated and kept in DATA_DIR. */
  appSecret?: string;
  publicUrl?: string;
  role: 'all' | 'api' | 'worker';
  demo: boolean;
  logLevel: string;
  logFormat: 'auto' | 'pretty' | 'json';
  trustProxy: boolean;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  /** Reports and ticket lists with more rows are exported by a job (report-export queue). */
  exportInlineMaxRows: number;
  exportLinkTtlHours: number;
  /** E-mail intake: the inbound SMTP endpoint (absent = off) and the IMAP poller's bounds. */
  mailIntake: {
    smtp?: { port: number; host: string; tls?: { keyFile: string; certFile: string } };
    maxBytes: number;
    concurrency: number;
    idleSeconds: number;
  };
  /** Identity providers from SSO_PROVIDERS (single sign-on, docs/sso.md). */
  ssoProviders: SsoProviderCreateRequest[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws one ConfigError that lists every bad variable. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  // Empty strings count as unset, so `FOO= npm start` behaves like no FOO at all.
  const raw = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(raw);
  const problems = [
    ...(parsed.error?.issues ?? []).map((issue) => {
      const name = issue.path.join('.') || '(environment)';
      const given = typeof raw[name] === 'string' ? ` (got "${redact(name, raw[name])}")` : '';
      return `${name}: ${issue.message}${given}`;
    }),
    ...crossFieldProblems(raw),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, readUrl: e.DATABASE_READ_URL, poolSize: e.DATABASE_POOL_SIZE }
      : { kind: 'pglite', dataDir: path.join(dataDir, 'db') },
    redisUrl: e.REDIS_URL,
    metricsToken: e.METRICS_TOKEN,
    reportCacheTtlSeconds: e.REPORT_CACHE_TTL_SECONDS,
    heapGrowingPercent: e.HEAP_GROWING_PERCENT,
    userLimits: { search: e.SEARCH_LIMIT_PER_MINUTE, export: e.EXPORT_LIMIT_PER_MINUTE },
    storage:
      e.STORAGE === 's3'
        ? {
            kind: 's3',
            endpoint: e.S3_ENDPOINT,
            region: e.S3_REGION,
            bucket: e.S3_BUCKET!,
            accessKey: e.S3_ACCESS_KEY!,
            secretKey: e.S3_SECRET_KEY!,
            forcePathStyle: e.S3_FORCE_PATH_STYLE,
            createBucket: e.S3_CREATE_BUCKET,
          }
        : { kind: 'fs', root: path.join(dataDir, 'files') },
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    whatsapp:
      e.WHATSAPP_TOKEN && e.WHATSAPP_PHONE_NUMBER_ID
        ? {
            apiUrl: e.WHATSAPP_API_URL,
            token: e.WHATSAPP_TOKEN,
            phoneNumberId: e.WHATSAPP_PHONE_NUMBER_ID,
            appSecret: e.WHATSAPP_APP_SECRET,
            verifyToken: e.WHATSAPP_VERIFY_TOKEN,
          }
        : undefined,
    push:
      e.VAPID_PUBLIC_KEY && e.VAPID_PRIVATE_KEY
        ? { publicKey: e.VAPID_PUBLIC_KEY, privateKey: e.VAPID_PRIVATE_KEY, subject: e.VAPID_SUBJECT }
        : undefined,
    appSecret: e.APP_SECRET,
    publicUrl: e.PUBLIC_URL,
    role: e.ROLE,
    // Demo data by default only in the embedded shape; on PostgreSQL only when asked for.
    demo: e.DEMO ?? !e.DATABASE_URL,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    trustProxy: e.TRUST_PROXY,
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: e.REFRESH_TOKEN_TTL_DAYS,
    exportInlineMaxRows: e.EXPORT_INLINE_MAX_ROWS,
    exportLinkTtlHours: e.EXPORT_LINK_TTL_HOURS,
    mailIntake: {
      smtp:
        e.MAIL_INTAKE_SMTP_PORT === undefined
          ? undefined
          : {
              port: e.MAIL_INTAKE_SMTP_PORT,
              host: e.MAIL_INTAKE_SMTP_HOST,
              tls:
                e.MAIL_INTAKE_SMTP_TLS_KEY && e.MAIL_INTAKE_SMTP_TLS_CERT
                  ? { keyFile: e.MAIL_INTAKE_SMTP_TLS_KEY, certFile: e.MAIL_INTAKE_SMTP_TLS_CERT }
                  : undefined,
            },
      maxBytes: e.MAIL_INTAKE_MAX_BYTES,
      concurrency: e.MAIL_INTAKE_CONCURRENCY,
      idleSeconds: e.MAIL_INTAKE_IDLE_SECONDS,
    },
    ssoProviders: e.SSO_PROVIDERS ? (ssoProvidersFrom(e.SSO_PROVIDERS) as SsoProviderCreateRequest[]) : [],
  };
}

/** SSO_PROVIDERS: a JSON array of providers; answers the list or what is wrong with it. */
function ssoProvidersFrom(value: string): SsoProviderCreateRequest[] | string {
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return 'Must be a JSON array of providers';
  }
  const parsed = z.array(SsoProviderCreateRequest).max(20).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return `${issue.path.join('.') || '(list)'}: ${issue.message}`;
  }
  return parsed.data;
}

function redact(name: string, value: string | undefined): string {
  if (value === undefined) return '';
  if (/SECRET|PASSWORD|KEY|TOKEN/.test(name)) return '***';
  // URLs may carry credentials: keep the scheme and host only.
  return value.replace(/\/\/[^@/]*@/, '//***@');
}

/** Test runs only: the PostgreSQL server to create throwaway databases on (unset = PGlite). */
export function testDatabaseUrl(source: Record<string, string | undefined> = process.env): string | undefined {
  return source.TEST_DATABASE_URL || undefined;
}
