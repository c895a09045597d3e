import { Redis } from 'ioredis';

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

export function redisRateLimitStore(url: string, prefix = 'bantu:rl:'): RateLimitStore {
  const redis = new Redis(url, { maxRetriesPerRequest: 2, connectTimeout: 2000, lazyConnect: false });
  return {
    async hit(key, windowMs) {
      const k = prefix + key;
      const result = await redis.multi().incr(k).pexpire(k, windowMs, 'NX').pttl(k).exec();
      const count = Number(result?.[0]?.[1] ?? 1);
      const ttl = Number(result?.[2]?.[1] ?? windowMs);
      return { count, resetInMs: ttl > 0 ? ttl : windowMs };
    },
    async peek(key) {
      const k = prefix + key;
      const [count, ttl] = await Promise.all([redis.get(k), redis.pttl(k)]);
      if (count === null || ttl <= 0) return null;
      return { count: Number(count), resetInMs: ttl };
    },
    async reset(key) {
      await redis.del(prefix + key);
    },
    async close() {
      await redis.quit();
    },
  };
}
