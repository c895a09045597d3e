import { REDIS_BACKOFF_MS, redisClient, redisGuard, type RedisHealth, type RedisLog } from './redis';

/** How an answer was served: from the cache, computed (and kept when possible), or computed on request. */
export type CacheResult = 'hit' | 'miss' | 'bypass';

/**
 * Computed answers (the Manager Dashboard's figures, docs/reports.md "Cache") under one
 * generation: `invalidate()` after a commit that may change any of them moves every process to
 * a new generation, so nothing computed before the commit is served after it.
 */
export interface FiguresCache {
  /**
   * The answer kept under `key` in the current generation, else `compute()`'s (kept for the
   * next caller). `fresh` computes without reading the cache (and keeps the result).
   */
  get<T>(key: string, compute: () => Promise<T>, fresh?: boolean): Promise<{ value: T; result: CacheResult }>;
  /** Every answer kept so far is stale: call after the commit, before answering the writer. */
  invalidate(): Promise<void>;
  close(): Promise<void>;
  /** Present on the Redis cache: whether Redis answers now (readiness). */
  redisReachable?(): Promise<boolean>;
}

export interface FiguresCacheOptions {
  /** Safety net for a write that bypasses `invalidate()` (SQL by hand, a crash between commit and bump). */
  ttlSeconds: number;
  /** Largest answer kept, in characters of JSON (an answer beyond it is served, not kept). */
  maxValueChars?: number;
}

const MAX_VALUE_CHARS = 2_000_000;

/** No cache: every call computes (PostgreSQL without Redis, or REPORT_CACHE_TTL_SECONDS=0). */
export function noFiguresCache(): FiguresCache {
  return {
    async get(_key, compute, fresh) {
      return { value: await compute(), result: fresh ? 'bypass' : 'miss' };
    },
    invalidate: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}

/**
 * In this process (the embedded shape: PGlite allows one process, so every write passes through
 * this process's `invalidate`). Values are kept as JSON text so a caller cannot change a kept
 * answer, and come back as fresh objects like Redis's.
 */
export function memoryFiguresCache(
  options: FiguresCacheOptions & { maxEntries?: number; now?: () => number },
): FiguresCache {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 1000;
  const maxChars = options.maxValueChars ?? MAX_VALUE_CHARS;
  let generation = 0;
  let entries = new Map<string, { json: string; expires: number }>();
  return {
    async get<T>(key: string, compute: () => Promise<T>, fresh = false) {
      const kept = fresh ? undefined : entries.get(key);
      if (kept && kept.expires > now()) return { value: JSON.parse(kept.json) as T, result: 'hit' as const };
      const started = generation;
      const value = await compute();
      const json = JSON.stringify(value);
      // A commit during the computation may or may not be in it: not kept.
      if (generation === started && json.length <= maxChars) {
        if (entries.size >= maxEntries) entries = new Map();
        entries.set(key, { json, expires: now() + options.ttlSeconds * 1000 });
      }
      return { value, result: fresh ? ('bypass' as const) : ('miss' as const) };
    },
    invalidate() {
      generation++;
      entries = new Map();
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
}

/**
 * Shared by every process through Redis: `<prefix>gen` holds the generation (INCR on
 * invalidate), answers live at `<prefix><generation>:<key>` with a TTL. Redis down (or slow,
 * infra/cache/redis.ts) means misses: the answer is computed and not kept, never an error. An
 * invalidation that could not reach Redis is retried when Redis is back, and every process bumps
 * the generation on reconnecting after an outage (a write elsewhere may have missed Redis); the
 * TTL bounds what is left (a process that died holding an unsent invalidation).
 */
export function redisFiguresCache(
  url: string,
  options: FiguresCacheOptions & { prefix?: string; log?: RedisLog },
): FiguresCache & RedisHealth {
  const prefix = options.prefix ?? 'bantu:figures:';
  const maxChars = options.maxValueChars ?? MAX_VALUE_CHARS;
  const genKey = `${prefix}gen`;
  const redis = redisClient(url, 'figures-cache', options.log);
  const guard = redisGuard(redis);
  // An invalidation Redis has not seen: one that failed, or an outage (a write in any process
  // may have missed Redis meanwhile). Settled by the next command that reaches Redis.
  let pending = false;
  const settle = async () => {
    if (!pending) return;
    await redis.incr(genKey);
    pending = false;
  };
  redis.on('error', () => {
    pending = true;
  });
  redis.on('ready', () => void settle().catch(() => undefined));
  const unavailable = () => Promise.resolve(null);
  return {
    async get<T>(key: string, compute: () => Promise<T>, fresh = false) {
      const result = fresh ? ('bypass' as const) : ('miss' as const);
      const seen = await guard.run(async () => {
        await settle();
        const generation = (await redis.get(genKey)) ?? '0';
        const json = fresh ? null : await redis.get(`${prefix}${generation}:${key}`);
        return { generation, json };
      }, unavailable);
      if (seen?.json) return { value: JSON.parse(seen.json) as T, result: 'hit' as const };
      const value = await compute();
      if (!seen) return { value, result };
      const json = JSON.stringify(value);
      // Kept under the generation read before computing: if a commit bumped it meanwhile, the
      // entry is under a generation no one reads any more (and expires).
      if (json.length <= maxChars) {
        await guard.run(
          async () => void (await redis.set(`${prefix}${seen.generation}:${key}`, json, 'EX', options.ttlSeconds)),
          () => Promise.resolve(),
        );
      }
      return { value, result };
    },
    async invalidate() {
      pending = true;
      const sent = await guard.run(
        async () => {
          await settle();
          return true;
        },
        () => Promise.resolve(false),
      );
      // Skipped (Redis down or in its back-off): tried again then, without the caller waiting.
      if (!sent) setTimeout(() => void guard.run(settle, () => Promise.resolve()), REDIS_BACKOFF_MS).unref();
    },
    redisReachable: () => guard.ping(),
    async close() {
      // quit() waits for a connection that may never come back; disconnect() does not.
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    },
  };
}

/**
 * The cache of a process: Redis when REDIS_URL is set; in process on PGlite (one process holds
 * the database, so its invalidations are all of them); none on PostgreSQL without Redis, where
 * other processes may write unseen.
 */
export function figuresCacheFor(
  config: { redisUrl?: string; reportCacheTtlSeconds: number },
  databaseKind: 'pglite' | 'postgres',
  log?: RedisLog,
): FiguresCache {
  const ttlSeconds = config.reportCacheTtlSeconds;
  if (ttlSeconds <= 0) return noFiguresCache();
  if (config.redisUrl) return redisFiguresCache(config.redisUrl, { ttlSeconds, log });
  return databaseKind === 'pglite' ? memoryFiguresCache({ ttlSeconds }) : noFiguresCache();
}
