import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '@/config';
import type { DatabaseHandle, DB } from '@/db/database';
import type { SecretBox } from '@/lib/secret-box';
import type { AccessTokens, DownloadTokens } from '@/lib/tokens';
import type { AccountKeys } from '@/lib/account-keys';
import type { FiguresCache } from './cache/figures-cache';
import type { RateLimitStore } from './cache/rate-limit-store';
import type { ObjectStorage } from './storage/object-storage';
import type { PubSub } from './pubsub/pubsub';
import type { ChangeFeed } from './changes/change-feed';
import type { Mailer } from './mail/mailer';
import type { WhatsAppClient } from './whatsapp/whatsapp';

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export interface Infra {
  config: Config;
  database: DatabaseHandle;
  tokens: AccessTokens;
  downloadTokens: DownloadTokens;
  rateLimits: RateLimitStore;
  /** The Manager Dashboard's computed figures (Redis, in process on PGlite, or none). */
  figuresCache: FiguresCache;
  storage: ObjectStorage;
  pubsub: PubSub;
  /** Row changes as they commit (NOTIFY), for the per-process caches. */
  changes: ChangeFeed;
  /** Sends mail (SMTP, or kept in the database when SMTP_URL is unset); closed by its owner (main.ts). */
  mailer: Mailer;
  /** The WhatsApp Cloud API client when it is configured. */
  whatsapp: WhatsAppClient | null;
  clock: Clock;
  /** Encrypts stored credentials (mailbox passwords) under the app secret. */
  secrets: SecretBox;
  /** TOTP secrets, account-mail links and sign-in challenges (modules/account). */
  accountKeys: AccountKeys;
}

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    db: DB;
    /** Reports read here: the replica of DATABASE_READ_URL when set, else the primary. */
    readDb: DB;
    dbKind: 'pglite' | 'postgres';
    tokens: AccessTokens;
    downloadTokens: DownloadTokens;
    rateLimits: RateLimitStore;
    figuresCache: FiguresCache;
    storage: ObjectStorage;
    pubsub: PubSub;
    changes: ChangeFeed;
    mailer: Mailer;
    whatsapp: WhatsAppClient | null;
    clock: Clock;
    secrets: SecretBox;
    accountKeys: AccountKeys;
  }
}

/** Hands the adapters chosen in the composition root (app.ts) to every module. */
export const infraPlugin = fp(
  (app: FastifyInstance, infra: Infra) => {
    app.decorate('config', infra.config);
    app.decorate('db', infra.database.db);
    app.decorate('readDb', infra.database.readDb ?? infra.database.db);
    app.decorate('dbKind', infra.database.kind);
    app.decorate('tokens', infra.tokens);
    app.decorate('downloadTokens', infra.downloadTokens);
    app.decorate('rateLimits', infra.rateLimits);
    app.decorate('figuresCache', infra.figuresCache);
    app.decorate('storage', infra.storage);
    app.decorate('pubsub', infra.pubsub);
    app.decorate('changes', infra.changes);
    app.decorate('mailer', infra.mailer);
    app.decorate('whatsapp', infra.whatsapp);
    app.decorate('clock', infra.clock);
    app.decorate('secrets', infra.secrets);
    app.decorate('accountKeys', infra.accountKeys);
  },
  { name: 'infra' },
);
