import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs, type TestApp } from '@test/app';
import { createTestDatabase } from '@test/database';
import { makeCategory, makePriority } from '@test/factories';
import { freePort } from '@test/ports';
import { kill, startRedis, until } from '@test/redis-server';
import type { DatabaseHandle } from '@/db/database';
import { redisFiguresCache } from '@/infra/cache/figures-cache';
import { prepareQueues } from '@/worker';
import { CACHE_HEADER } from './reports.routes';

// Issue 15: the dashboard figures cached in Redis, shared by two app instances on one database,
// invalidated by every commit that changes them; Redis down means misses, never a failed request.

const today = new Date().toISOString().slice(0, 10);
const SUMMARY = `/api/reports/summary?from=2026-01-01&to=${today}&tz=UTC`;

type Session = Awaited<ReturnType<typeof loginAs>>;

/** Two instances on one database, each with its own client of one Redis (`cache()`). */
async function twoInstances(cache: () => ReturnType<typeof redisFiguresCache>) {
  const database = await createTestDatabase();
  await prepareQueues(database);
  const apps: TestApp[] = [];
  for (let i = 0; i < 2; i++) {
    apps.push(
      await buildTestApp({
        database,
        figuresCache: cache(),
        env: { APP_SECRET: 'figures-cache-test-secret-0123456789abcdef' },
      }),
    );
  }
  return { database, apps };
}

function api(app: FastifyInstance) {
  return {
    async summary(session: Session, headers: Record<string, string> = {}) {
      const res = await app.inject({ method: 'GET', url: SUMMARY, headers: { ...session.headers, ...headers } });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json<{ current: { created: number; backlog: number }; slaThreshold: number }>();
      return { cache: res.headers[CACHE_HEADER], created: body.current.created, body };
    },
  };
}

describe.sequential('dashboard figures cache in Redis, two instances', () => {
  const prefix = `bantu-test:${randomUUID()}:`;
  const url = 'redis://127.0.0.1:6379/11';
  let database: DatabaseHandle;
  let apps: TestApp[];
  let manager: Session;
  let admin: Session;
  let requester: Session;
  let categoryId: string;
  let priorityId: string;

  beforeAll(async () => {
    ({ database, apps } = await twoInstances(() => redisFiguresCache(url, { ttlSeconds: 60, prefix })));
    const a = apps[0]!.app;
    categoryId = (await makeCategory(a.db)).id;
    priorityId = (await makePriority(a.db, { sla: { hours: 24 } })).id;
    manager = await loginAs(a, 'manager');
    admin = await loginAs(a, 'admin');
    requester = await loginAs(a, 'user');
  }, 120_000);
  afterAll(async () => {
    for (const t of apps ?? []) {
      await t.app.figuresCache.close();
      await t.close();
    }
    await database?.close();
  });

  it('a figure is computed once and served to the other instance; a commit on one changes it on the other', async () => {
    const [a, b] = [api(apps[0]!.app), api(apps[1]!.app)];
    const first = await a.summary(manager);
    expect(first.cache).toBe('miss');
    const shared = await b.summary(manager);
    expect(shared).toMatchObject({ cache: 'hit', created: first.created });

    // A ticket created through B: the next request on A computes again and counts it.
    const created = await apps[1]!.app.inject({
      method: 'POST',
      url: '/api/tickets',
      headers: requester.headers,
      payload: { title: 'Printer macet', description: 'Tidak bisa mencetak.', categoryId, priorityId },
    });
    expect(created.statusCode, created.body).toBe(201);
    const after = await a.summary(manager);
    expect(after).toMatchObject({ cache: 'miss', created: first.created + 1 });
    expect((await b.summary(manager)).cache).toBe('hit');

    // A settings change through A (the SLA threshold is in the summary) shows on B at once.
    const patched = await apps[0]!.app.inject({
      method: 'PATCH',
      url: '/api/settings',
      headers: admin.headers,
      payload: { slaComplianceThreshold: 77 },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const threshold = await b.summary(manager);
    expect(threshold.cache).toBe('miss');
    expect(threshold.body.slaThreshold).toBe(77);
  });

  it("keys by scope: an admin never gets a manager's entry; Cache-Control: no-cache computes afresh", async () => {
    const a = api(apps[0]!.app);
    expect((await a.summary(manager)).cache).toBe('hit');
    expect((await a.summary(admin)).cache).toBe('miss');
    expect((await a.summary(admin)).cache).toBe('hit');
    expect((await a.summary(manager, { 'cache-control': 'no-cache' })).cache).toBe('bypass');
    const metrics = await apps[0]!.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(
      /bantu_report_cache_requests_total\{[^}]*report="summary"[^}]*result="hit"[^}]*\} [1-9]/,
    );
  });
});

describe.sequential('dashboard figures cache while Redis is away', () => {
  let port: number;
  let redis: ChildProcess;
  let database: DatabaseHandle;
  let apps: TestApp[];
  let manager: Session;
  let requester: Session;
  let categoryId: string;
  let priorityId: string;

  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis(port);
    ({ database, apps } = await twoInstances(() => redisFiguresCache(`redis://127.0.0.1:${port}`, { ttlSeconds: 60 })));
    const a = apps[0]!.app;
    categoryId = (await makeCategory(a.db)).id;
    priorityId = (await makePriority(a.db, { sla: { hours: 24 } })).id;
    manager = await loginAs(a, 'manager');
    requester = await loginAs(a, 'user');
  }, 120_000);
  afterAll(async () => {
    for (const t of apps ?? []) {
      await t.app.figuresCache.close();
      await t.close();
    }
    await database?.close();
    if (redis) await kill(redis);
  });

  const create = async (app: FastifyInstance) => {
    const started = performance.now();
    const res = await app.inject({
      method: 'POST',
      url: '/api/tickets',
      headers: requester.headers,
      payload: { title: 'Monitor berkedip', description: 'Sejak pagi.', categoryId, priorityId },
    });
    expect(res.statusCode, res.body).toBe(201);
    return performance.now() - started;
  };

  it('Redis killed: misses (computed, right), writes succeed within a second', async () => {
    const [a, b] = [api(apps[0]!.app), api(apps[1]!.app)];
    const before = await a.summary(manager);
    expect((await b.summary(manager)).cache).toBe('hit');
    await kill(redis);
    expect(await create(apps[0]!.app)).toBeLessThan(1000);
    const started = performance.now();
    const during = await b.summary(manager);
    expect(performance.now() - started).toBeLessThan(1500);
    expect(during).toMatchObject({ cache: 'miss', created: before.created + 1 });
    expect(await a.summary(manager)).toMatchObject({ cache: 'miss', created: before.created + 1 });
  });

  it('Redis back: cached again, and a change still shows on the other instance', async () => {
    const [a, b] = [api(apps[0]!.app), api(apps[1]!.app)];
    redis = await startRedis(port);
    await until(async () => (await a.summary(manager)).cache === 'hit', 10_000, 'A caching again');
    const cached = await b.summary(manager);
    expect(cached.cache).toBe('hit');
    await create(apps[0]!.app);
    expect(await b.summary(manager)).toMatchObject({ cache: 'miss', created: cached.created + 1 });
  });

  it('an invalidation that timed out (Redis paused, data kept) is delivered when Redis answers again', async () => {
    const b = api(apps[1]!.app);
    const cached = await b.summary(manager);
    expect((await b.summary(manager)).cache).toBe('hit');
    const { Redis } = await import('ioredis');
    const raw = new Redis(`redis://127.0.0.1:${port}`);
    try {
      const genBefore = Number((await raw.get('bantu:figures:gen')) ?? 0);
      await raw.call('CLIENT', 'PAUSE', '1500', 'WRITE');
      // A's INCR waits out the pause (500 ms command timeout) and fails; the write itself commits.
      expect(await create(apps[0]!.app)).toBeLessThan(1500);
      await until(async () => Number((await raw.get('bantu:figures:gen')) ?? 0) > genBefore, 8000, 'bump delivered');
      expect(await b.summary(manager)).toMatchObject({ cache: 'miss', created: cached.created + 1 });
    } finally {
      raw.disconnect();
    }
  }, 15_000);
});

describe('embedded shape (no Redis)', () => {
  it('PGlite: an in-process cache with the same invalidation; PostgreSQL without Redis: no cache', async () => {
    const t = await buildTestApp({ env: { REPORT_CACHE_TTL_SECONDS: '60' } });
    try {
      const a = api(t.app);
      const manager = await loginAs(t.app, 'manager');
      const requester = await loginAs(t.app, 'user');
      const categoryId = (await makeCategory(t.app.db)).id;
      const priorityId = (await makePriority(t.app.db, { sla: { hours: 24 } })).id;
      const first = await a.summary(manager);
      const embedded = t.database.kind === 'pglite';
      expect(first.cache).toBe('miss');
      expect((await a.summary(manager)).cache).toBe(embedded ? 'hit' : 'miss');
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/tickets',
        headers: requester.headers,
        payload: { title: 'Laptop lambat', description: 'Sangat lambat.', categoryId, priorityId },
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(await a.summary(manager)).toMatchObject({ cache: 'miss', created: first.created + 1 });
    } finally {
      await t.close();
    }
  });
});
