import { Redis, type RedisOptions } from 'ioredis';

/**
 * How long one Redis command may take on the request path before its caller falls back to
 * what it does without Redis (local counters, this process's listeners only).
 */
export const REDIS_COMMAND_TIMEOUT_MS = 500;
/** After a failed or timed-out command, Redis is skipped for this long (no 500 ms per request). */
export const REDIS_BACKOFF_MS = 2000;

export interface RedisLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/**
 * A Redis connection that never makes a caller wait for Redis: while disconnected a command
 * fails at once (no offline queue, no retries per request), a connected command gives up after
 * REDIS_COMMAND_TIMEOUT_MS, and the connection is retried for ever in the background (at most
 * every 2 s). An outage is logged once when it starts and once when it ends.
 */
export function redisClient(url: string, name: string, log?: RedisLog, options: RedisOptions = {}): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(times * 100, 2000),
    ...options,
  });
  let down = false;
  redis.on('error', (error: unknown) => {
    if (down) return;
    down = true;
    log?.warn({ err: error, redis: name }, 'Redis unreachable: carrying on without it until it returns');
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    log?.info({ redis: name }, 'Redis reachable again');
  });
  return redis;
}

/**
 * Runs commands on a client from redisClient and remembers failures: while the client is not
 * connected, or for REDIS_BACKOFF_MS after a command failed, `run` answers `fallback()` without
 * trying Redis.
 */
export function redisGuard(redis: Redis, now: () => number = Date.now) {
  let skipUntil = 0;
  // The first connection is waited for (at most REDIS_COMMAND_TIMEOUT_MS), so a process that
  // just started counts in Redis from its first request; after that nothing waits.
  let first: Promise<void> | null = new Promise<void>((resolve) => {
    const settle = () => {
      first = null;
      resolve();
    };
    redis.once('ready', settle);
    redis.once('error', settle);
    redis.once('end', settle);
    setTimeout(settle, REDIS_COMMAND_TIMEOUT_MS).unref();
  });
  return {
    async run<T>(command: () => Promise<T>, fallback: () => Promise<T>): Promise<T> {
      if (first) await first;
      if (redis.status !== 'ready' || now() < skipUntil) return fallback();
      try {
        return await command();
      } catch {
        skipUntil = now() + REDIS_BACKOFF_MS;
        return fallback();
      }
    },
    /** Answers whether Redis answers a PING now (readiness checks). */
    async ping(): Promise<boolean> {
      if (first) await first;
      if (redis.status !== 'ready') return false;
      try {
        return (await redis.ping()) === 'PONG';
      } catch {
        return false;
      }
    },
  };
}

/** What /readyz reports of an adapter that uses Redis (absent on in-process adapters). */
export interface RedisHealth {
  /** True when Redis answers; false while the adapter works without it. */
  redisReachable(): Promise<boolean>;
}
