import { redisClient, redisGuard, type RedisHealth, type RedisLog } from './redis';

/**
 * Fixed-window counters for rate limits and login lockouts: in process for the embedded
 * shape, in Redis when several API processes must share them.
 */
export interface RateLimitStore {
  /** Adds one to `key`; the window starts at the first hit. */
  hit(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }>;
  peek(key: string): Promise<{ count: number; resetInMs: number } | null>;
  reset(key: string): Promise<void>;
  close(): Promise<void>;
  /** Present on the Redis store: whether Redis answers now (readiness). */
  redisReachable?(): Promise<boolean>;
}

export function memoryRateLimitStore(now: () => number = Date.now): RateLimitStore {
  const counters = new Map<string, { count: number; resetAt: number }>();
  const live = (key: string) => {
    const c = counters.get(key);
    if (c && c.resetAt <= now()) {
      counters.delete(key);
      return undefined;
    }
    return c;
  };
  // Expired keys are dropped on access and swept periodically so the map cannot grow forever.
  const sweep = setInterval(() => {
    for (const key of counters.keys()) live(key);
  }, 60_000);
  sweep.unref();
  return {
    hit(key, windowMs) {
      const c = live(key) ?? { count: 0, resetAt: now() + windowMs };
      c.count += 1;
      counters.set(key, c);
      return Promise.resolve({ count: c.count, resetInMs: c.resetAt - now() });
    },
    peek(key) {
      const c = live(key);
      return Promise.resolve(c ? { count: c.count, resetInMs: c.resetAt - now() } : null);
    },
    reset(key) {
      counters.delete(key);
      return Promise.resolve();
    },
    close() {
      clearInterval(sweep);
      return Promise.resolve();
    },
  };
}

/**
 * Counters shared by every API process through Redis. Redis down (or too slow) degrades, never
 * fails: each call then counts in this process's own memory, so limits and lockouts still hold
 * per process until Redis returns (the local counts are not merged back).
 */
export function redisRateLimitStore(url: string, prefix = 'bantu:rl:', log?: RedisLog): RateLimitStore & RedisHealth {
  const redis = redisClient(url, 'rate-limits', log);
  const guard = redisGuard(redis);
  const local = memoryRateLimitStore();
  return {
    hit(key, windowMs) {
      return guard.run(
        async () => {
          const k = prefix + key;
          const result = await redis.multi().incr(k).pexpire(k, windowMs, 'NX').pttl(k).exec();
          const failed = result?.find(([error]) => error);
          if (!result || failed) throw failed?.[0] ?? new Error('transaction discarded');
          const count = Number(result[0]?.[1] ?? 1);
          const ttl = Number(result[2]?.[1] ?? windowMs);
          return { count, resetInMs: ttl > 0 ? ttl : windowMs };
        },
        () => local.hit(key, windowMs),
      );
    },
    peek(key) {
      return guard.run(
        async () => {
          const k = prefix + key;
          const [count, ttl] = await Promise.all([redis.get(k), redis.pttl(k)]);
          if (count === null || ttl <= 0) return null;
          return { count: Number(count), resetInMs: ttl };
        },
        () => local.peek(key),
      );
    },
    async reset(key) {
      // Both: a local count from an outage must not outlive a reset either.
      await local.reset(key);
      await guard.run(
        async () => {
          await redis.del(prefix + key);
        },
        () => Promise.resolve(),
      );
    },
    redisReachable: () => guard.ping(),
    async close() {
      await local.close();
      // quit() waits for a connection that may never come back; disconnect() does not.
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    },
  };
}
