import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '@/config';
import type { DatabaseHandle, DB } from '@/db/database';
import type { AccessTokens } from '@/lib/tokens';
import type { RateLimitStore } from './cache/rate-limit-store';

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export interface Infra {
  config: Config;
  database: DatabaseHandle;
  tokens: AccessTokens;
  rateLimits: RateLimitStore;
  clock: Clock;
}

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    db: DB;
    dbKind: 'pglite' | 'postgres';
    tokens: AccessTokens;
    rateLimits: RateLimitStore;
    clock: Clock;
  }
}

/** Hands the adapters chosen in the composition root (app.ts) to every module. */
export const infraPlugin = fp(
  (app: FastifyInstance, infra: Infra) => {
    app.decorate('config', infra.config);
    app.decorate('db', infra.database.db);
    app.decorate('dbKind', infra.database.kind);
    app.decorate('tokens', infra.tokens);
    app.decorate('rateLimits', infra.rateLimits);
    app.decorate('clock', infra.clock);
  },
  { name: 'infra' },
);
