import type { ChildProcess } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loginAs, TEST_PASSWORD } from '@test/app';
import { createTestDatabase } from '@test/database';
import { makeCategory, makePriority, makeUser } from '@test/factories';
import { freePort } from '@test/ports';
import { kill, startRedis, until } from '@test/redis-server';
import { buildApp } from '@/app';
import { loadConfig } from '@/config';
import type { DatabaseHandle } from '@/db/database';
import { LOGIN_LIMITS } from '@/modules/auth/auth.service';
import { outboxDispatcher } from '@/modules/notifications/notifications.dispatcher';
import { prepareQueues } from '@/worker';
import { redisRateLimitStore } from './rate-limit-store';

// Issue 15: Redis down degrades. A real redis-server of the test's own on a free port, killed
// with SIGKILL and started again on the same port, under two app instances that share the
// database and nothing else but that Redis.

async function connect(base: string, token: string) {
  const messages: { type: string; ticketId?: string }[] = [];
  const socket = new WebSocket(`${base.replace('http', 'ws')}/api/realtime?token=${encodeURIComponent(token)}`);
  socket.on('message', (raw: Buffer) => messages.push(JSON.parse(raw.toString()) as { type: string }));
  await until(() => messages.some((m) => m.type === 'ready'), 5000, 'socket ready');
  return { socket, ticketIds: () => messages.filter((m) => m.type === 'ticket').map((m) => m.ticketId) };
}

describe('Redis goes away and comes back', () => {
  let port: number;
  let redis: ChildProcess;
  let database: DatabaseHandle;
  const apps: { app: FastifyInstance; base: string }[] = [];
  let categoryId: string;
  let priorityId: string;
  let staff: Awaited<ReturnType<typeof loginAs>>;
  let requester: Awaited<ReturnType<typeof loginAs>>;
  let sockets: { a: Awaited<ReturnType<typeof connect>>; b: Awaited<ReturnType<typeof connect>> };

  const instance = async (redisUrl: string) => {
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATA_DIR: '/nonexistent-test-data',
      REDIS_URL: redisUrl,
    });
    // The app's own Redis adapters (rate limits and fan-out from REDIS_URL); one database.
    const app = await buildApp(
      { ...config, appSecret: 'redis-outage-test-secret-0123456789abcdef' },
      { database, logger: false, webDist: null, rateLimits: redisRateLimitStore(redisUrl) },
    );
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    apps.push({ app, base });
    return { app, base };
  };
  const a = () => apps[0]!;
  const b = () => apps[1]!;

  /** A ticket created through B and dispatched by B's worker side (which publishes the hint). */
  const newTicket = async (title: string) => {
    const started = performance.now();
    const res = await b().app.inject({
      method: 'POST',
      url: '/api/tickets',
      headers: requester.headers,
      payload: { title, description: 'Tidak bisa mencetak.', categoryId, priorityId },
    });
    const ms = performance.now() - started;
    expect(res.statusCode, res.body).toBe(201);
    await outboxDispatcher({
      db: b().app.db,
      clock: b().app.clock,
      whatsappConfigured: false,
      pubsub: b().app.pubsub,
    }).dispatch();
    return { id: res.json<{ id: string }>().id, ms };
  };
  const ready = async (app: FastifyInstance) => {
    const started = performance.now();
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    return {
      code: res.statusCode,
      body: res.json<{ status: string; checks: Record<string, { ok: boolean; detail?: string }> }>(),
      ms: performance.now() - started,
    };
  };

  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis(port);
    database = await createTestDatabase();
    await prepareQueues(database);
    await instance(`redis://127.0.0.1:${port}`);
    await instance(`redis://127.0.0.1:${port}`);
    categoryId = (await makeCategory(a().app.db)).id;
    priorityId = (await makePriority(a().app.db)).id;
    staff = await loginAs(a().app, 'it_staff');
    requester = await loginAs(a().app, 'user');
    await until(async () => (await ready(a().app)).body.status === 'ready', 5000, 'A ready');
    await until(async () => (await ready(b().app)).body.status === 'ready', 5000, 'B ready');
    sockets = { a: await connect(a().base, staff.accessToken), b: await connect(b().base, staff.accessToken) };
  }, 30_000);
  afterAll(async () => {
    sockets?.a.socket.close();
    sockets?.b.socket.close();
    for (const { app } of apps) await app.close();
    await database?.close();
    if (redis) await kill(redis);
  });

  it('is ready with Redis up, and a change on B reaches a socket on A', async () => {
    const r = await ready(a().app);
    expect(r.code).toBe(200);
    expect(r.body).toMatchObject({ status: 'ready', checks: { database: { ok: true }, redis: { ok: true } } });
    const { id } = await newTicket('Printer lantai 3 macet');
    await until(() => sockets.a.ticketIds().includes(id), 3000, 'hint on A');
  });

  it('with Redis killed: /readyz says degraded (200), writes succeed quickly, limits hold locally', async () => {
    await kill(redis);

    const r = await ready(a().app);
    expect(r.code).toBe(200);
    expect(r.body.status).toBe('degraded');
    expect(r.body.checks.redis).toMatchObject({ ok: false });
    expect(r.body.checks.redis?.detail).toMatch(/unreachable/);
    expect(r.body.checks.database).toEqual({ ok: true });
    expect(r.ms).toBeLessThan(1000);

    // A create and a comment: 201 each within a second, and both are in the database.
    const ticket = await newTicket('Monitor berkedip saat Redis mati');
    expect(ticket.ms).toBeLessThan(1000);
    const started = performance.now();
    const comment = await b().app.inject({
      method: 'POST',
      url: `/api/tickets/${ticket.id}/comments`,
      headers: requester.headers,
      payload: { comment: 'Masih berkedip.' },
    });
    expect(comment.statusCode, comment.body).toBe(201);
    expect(performance.now() - started).toBeLessThan(1000);
    const stored = await database.db
      .selectFrom('tickets')
      .innerJoin('ticket_comments', 'ticket_comments.ticket_id', 'tickets.id')
      .select(['tickets.title', 'ticket_comments.comment'])
      .where('tickets.id', '=', ticket.id)
      .execute();
    expect(stored).toEqual([{ title: 'Monitor berkedip saat Redis mati', comment: 'Masih berkedip.' }]);

    // The hint still reaches B's own socket (local fan-out); A cannot hear it without Redis.
    await until(() => sockets.b.ticketIds().includes(ticket.id), 3000, 'local hint on B');

    // Login lockout still works, counted in A's memory.
    const user = await makeUser(a().app.db, { password: TEST_PASSWORD });
    const login = (password: string) =>
      a().app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: user.email, password },
        remoteAddress: '10.15.0.1',
      });
    for (let i = 0; i < LOGIN_LIMITS.account.max; i++) {
      const attempt = performance.now();
      expect((await login('salah-salah')).statusCode).toBe(401);
      expect(performance.now() - attempt).toBeLessThan(1000);
    }
    const locked = await login(TEST_PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('ACCOUNT_LOCKED');
  });

  it('with Redis back on the same port: ready again, and live updates cross instances again', async () => {
    redis = await startRedis(port);
    await until(async () => (await ready(a().app)).body.status === 'ready', 10_000, 'A ready again');
    await until(async () => (await ready(b().app)).body.status === 'ready', 10_000, 'B ready again');
    const r = await ready(a().app);
    expect(r.code).toBe(200);
    expect(r.body.checks.redis).toEqual({ ok: true });

    // The socket opened before the outage, on A, hears a change made through B.
    const { id } = await newTicket('Keyboard tidak merespons');
    await until(() => sockets.a.ticketIds().includes(id), 3000, 'hint on A after Redis returned');
    // B's own socket hears it through the same channel, in no fixed order with A's.
    await until(() => sockets.b.ticketIds().includes(id), 3000, 'hint on B after Redis returned');
  });
});

describe('Redis unreachable from the start', () => {
  it('the app starts, serves sign-in and says degraded', async () => {
    const port = await freePort(); // nothing listens there
    const database = await createTestDatabase();
    const redisUrl = `redis://127.0.0.1:${port}`;
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATA_DIR: '/nonexistent-test-data',
      REDIS_URL: redisUrl,
    });
    const app = await buildApp(
      { ...config, appSecret: 'redis-outage-test-secret-0123456789abcdef' },
      { database, logger: false, webDist: null, rateLimits: redisRateLimitStore(redisUrl) },
    );
    try {
      await app.ready();
      const started = performance.now();
      const session = await loginAs(app, 'it_staff');
      expect(session.accessToken).toBeTruthy();
      expect(performance.now() - started).toBeLessThan(1500);
      const res = await app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'degraded', checks: { redis: { ok: false } } });
    } finally {
      await app.close();
      await database.close();
    }
    // A database of its own is created inside the test (not a hook): give it the hooks' time.
  }, 120_000);
});
