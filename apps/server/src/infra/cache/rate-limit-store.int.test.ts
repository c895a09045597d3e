import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryRateLimitStore, redisRateLimitStore, type RateLimitStore } from './rate-limit-store';

const REDIS_URL = 'redis://127.0.0.1:6379';

describe.each([
  ['memory', () => memoryRateLimitStore()],
  ['redis', () => redisRateLimitStore(REDIS_URL, `bantu:test:${randomBytes(4).toString('hex')}:`)],
])('%s rate-limit store', (_name, make) => {
  const store: RateLimitStore = make();
  afterAll(() => store.close());

  it('counts hits within a window and resets', async () => {
    expect(await store.peek('k')).toBeNull();
    expect((await store.hit('k', 60_000)).count).toBe(1);
    const second = await store.hit('k', 60_000);
    expect(second.count).toBe(2);
    expect(second.resetInMs).toBeGreaterThan(50_000);
    expect((await store.peek('k'))?.count).toBe(2);
    await store.reset('k');
    expect(await store.peek('k')).toBeNull();
  });

  it('forgets a key once its window has passed', async () => {
    await store.hit('short', 50);
    await new Promise((r) => setTimeout(r, 120));
    expect(await store.peek('short')).toBeNull();
    expect((await store.hit('short', 50)).count).toBe(1);
  });
});

describe('shared lockout across API processes', () => {
  it('two processes see each other’s counters through Redis', async () => {
    const prefix = `bantu:test:${randomBytes(4).toString('hex')}:`;
    const a = redisRateLimitStore(REDIS_URL, prefix);
    const b = redisRateLimitStore(REDIS_URL, prefix);
    try {
      await a.hit('login:account:x', 60_000);
      await b.hit('login:account:x', 60_000);
      expect((await a.peek('login:account:x'))?.count).toBe(2);
    } finally {
      await a.reset('login:account:x');
      await Promise.all([a.close(), b.close()]);
    }
  });
});
