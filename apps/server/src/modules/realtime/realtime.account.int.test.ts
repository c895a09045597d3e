import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loginAs, TEST_PASSWORD } from '@test/app';
import { createTestDatabase } from '@test/database';
import { makeCategory, makePriority, makeUser, manualClock } from '@test/factories';
import { buildApp } from '@/app';
import { loadConfig } from '@/config';
import { openDatabase, type DatabaseHandle } from '@/db/database';
import { memoryPubSub, redisPubSub, type PubSub } from '@/infra/pubsub/pubsub';
import { memoryRateLimitStore } from '@/infra/cache/rate-limit-store';
import { outboxDispatcher } from '@/modules/notifications/notifications.dispatcher';
import { updateUser } from '@/modules/users/users.repository';
import { prepareQueues } from '@/worker';
import { CLOSE_ROLE_CHANGED, CLOSE_UNAUTHENTICATED, RECHECK_MS } from './realtime.routes';

const REDIS_URL = 'redis://127.0.0.1:6379';
type Session = Awaited<ReturnType<typeof loginAs>>;
type Clock = ReturnType<typeof manualClock>;

/** A browser-like client: every message, and the close code once the server closes it. */
async function connect(base: string, token: string) {
  const messages: { type: string; [k: string]: unknown }[] = [];
  const socket = new WebSocket(`${base.replace('http', 'ws')}/api/realtime?token=${encodeURIComponent(token)}`);
  let closeCode: number | null = null;
  const closed = new Promise<number>((resolve) =>
    socket.on('close', (code: number) => {
      closeCode = code;
      resolve(code);
    }),
  );
  socket.on('message', (raw: Buffer) => messages.push(JSON.parse(raw.toString()) as { type: string }));
  await Promise.race([
    until(() => messages.some((m) => m.type === 'ready'), 5000),
    closed.then((code) => {
      throw new Error(`closed with ${code} before ready`);
    }),
  ]);
  return {
    socket,
    messages,
    closed,
    closeCode: () => closeCode,
    ticketIds: () => messages.filter((m) => m.type === 'ticket').map((m) => m.ticketId),
  };
}

/** Resolves with the close code of a connection the server refuses. */
function refused(base: string, token: string) {
  const socket = new WebSocket(`${base.replace('http', 'ws')}/api/realtime?token=${encodeURIComponent(token)}`);
  return new Promise<number>((resolve) => socket.on('close', (code: number) => resolve(code)));
}

async function until(condition: () => boolean, ms = 3000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  return Promise.race([promise, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms))]);
}

async function instance(database: DatabaseHandle, pubsub: PubSub, clock: Clock) {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: '/nonexistent-test-data' });
  const app = await buildApp(
    { ...config, appSecret: 'realtime-account-test-secret-0123456789abcdef' },
    { database, pubsub, clock, logger: false, webDist: null, rateLimits: memoryRateLimitStore() },
  );
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, base };
}

/**
 * "Sockets": the process holding the WebSockets. "Admin": the process the admin's change goes
 * through, which also dispatches the hints. In process they are one app on the in-memory
 * pub/sub; over Redis they are two apps (two database pools on PostgreSQL) that share nothing but
 * the database and a Redis channel.
 */
describe.each(['in process', 'two instances over Redis'] as const)(
  'live-update sockets follow the account (%s)',
  (shape) => {
    const clock = manualClock(new Date());
    let database: DatabaseHandle & { url?: string };
    let second: DatabaseHandle | null = null;
    let sockets: { app: FastifyInstance; base: string };
    let admin: { app: FastifyInstance; base: string };
    const pubsubs: PubSub[] = [];
    let adminSession: Session;
    let requester: Session;
    let categoryId: string;
    let priorityId: string;
    let dispatch: () => Promise<number>;

    beforeAll(async () => {
      database = await createTestDatabase();
      if (shape === 'in process') {
        pubsubs.push(memoryPubSub());
        sockets = await instance(database, pubsubs[0]!, clock);
        admin = sockets;
      } else {
        const channel = `bantu:test:realtime:${randomBytes(4).toString('hex')}`;
        pubsubs.push(redisPubSub(REDIS_URL, channel), redisPubSub(REDIS_URL, channel));
        if (database.url) second = await openDatabase({ kind: 'postgres', url: database.url, poolSize: 3 });
        sockets = await instance(database, pubsubs[0]!, clock);
        admin = await instance(second ?? database, pubsubs[1]!, clock);
      }
      await prepareQueues(database);
      const service = outboxDispatcher({
        db: admin.app.db,
        clock,
        whatsappConfigured: false,
        pubsub: admin.app.pubsub,
      });
      dispatch = () => service.dispatch();
      adminSession = await loginAs(admin.app, 'admin');
      requester = await loginAs(admin.app, 'user');
      categoryId = (await makeCategory(admin.app.db)).id;
      priorityId = (await makePriority(admin.app.db)).id;
    });
    afterAll(async () => {
      await sockets.app.close();
      if (admin !== sockets) await admin.app.close();
      for (const p of pubsubs) await p.close();
      await second?.close();
      await database.close();
    });

    const newTicket = async (by: Session, title = 'Printer macet lagi') => {
      const res = await admin.app.inject({
        method: 'POST',
        url: '/api/tickets',
        headers: by.headers,
        payload: { title, description: 'x', categoryId, priorityId },
      });
      expect(res.statusCode).toBe(201);
      await dispatch();
      return res.json<{ id: string }>().id;
    };
    const patchUser = async (id: string, payload: object) => {
      const res = await admin.app.inject({
        method: 'PATCH',
        url: `/api/users/${id}`,
        headers: adminSession.headers,
        payload,
      });
      expect(res.statusCode).toBe(200);
    };

    it('closes the sockets of a deactivated user (4401) and refuses them afterwards', async () => {
      const staff = await loginAs(admin.app, 'it_staff');
      const a = await connect(sockets.base, staff.accessToken);
      const b = await connect(sockets.base, staff.accessToken);
      const ticketId = await newTicket(requester);
      await until(() => a.ticketIds().includes(ticketId));

      await patchUser(staff.user.id, { status: false });
      expect(await withTimeout(a.closed, 3000)).toBe(CLOSE_UNAUTHENTICATED);
      expect(await withTimeout(b.closed, 3000)).toBe(CLOSE_UNAUTHENTICATED);
      expect(await refused(sockets.base, staff.accessToken)).toBe(CLOSE_UNAUTHENTICATED);
    });

    it("closes a demoted staff member's socket (4403); reconnected, it hears only their own tickets", async () => {
      const demoted = await loginAs(admin.app, 'it_staff');
      const colleague = await loginAs(admin.app, 'it_staff');
      const before = await connect(sockets.base, demoted.accessToken);
      const watcher = await connect(sockets.base, colleague.accessToken);
      const seen = await newTicket(requester);
      await until(() => before.ticketIds().includes(seen));

      await patchUser(demoted.user.id, { role: 'user' });
      expect(await withTimeout(before.closed, 3000)).toBe(CLOSE_ROLE_CHANGED);

      // A role change ends the user's sessions (issue 14: the old access token gets 401): they
      // sign in again, and the new socket is scoped to the new role.
      const signIn = await admin.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: demoted.user.email, password: TEST_PASSWORD },
      });
      expect(signIn.statusCode, signIn.body).toBe(200);
      const accessToken = signIn.json<{ accessToken: string }>().accessToken;
      const again = { ...demoted, accessToken, headers: { authorization: `Bearer ${accessToken}` } };
      const after = await connect(sockets.base, accessToken);
      const othersTicket = await newTicket(requester, 'Monitor berkedip');
      const ownTicket = await newTicket(again, 'Laptop saya lambat');
      await until(() => watcher.ticketIds().includes(othersTicket) && watcher.ticketIds().includes(ownTicket));
      await until(() => after.ticketIds().includes(ownTicket));
      await new Promise((r) => setTimeout(r, 200));
      expect(after.ticketIds()).not.toContain(othersTicket);
      expect(before.ticketIds()).not.toContain(othersTicket);
      after.socket.close();
      watcher.socket.close();
    });

    it('closes the sockets of a user whose password an admin reset (4401)', async () => {
      const staff = await loginAs(admin.app, 'it_staff');
      const s = await connect(sockets.base, staff.accessToken);
      const res = await admin.app.inject({
        method: 'POST',
        url: `/api/users/${staff.user.id}/reset-password`,
        headers: adminSession.headers,
        payload: { password: 'a-brand-new-password' },
      });
      expect(res.statusCode).toBe(204);
      expect(await withTimeout(s.closed, 3000)).toBe(CLOSE_UNAUTHENTICATED);
    });

    it('re-reads the account before a hint when no message told it (a change made behind the API)', async () => {
      const demoted = await loginAs(admin.app, 'it_staff');
      const deactivated = await loginAs(admin.app, 'it_staff');
      const control = await loginAs(admin.app, 'it_staff');
      const d = await connect(sockets.base, demoted.accessToken);
      const x = await connect(sockets.base, deactivated.accessToken);
      const c = await connect(sockets.base, control.accessToken);
      // Straight in the database: no "user changed" message is published.
      await updateUser(admin.app.db, demoted.user.id, { role: 'user' });
      await updateUser(admin.app.db, deactivated.user.id, { status: false });

      // Within the re-check window the cached state is used...
      const early = await newTicket(requester, 'Wifi putus');
      await until(() => c.ticketIds().includes(early) && d.ticketIds().includes(early));
      // ...after it, the next hint re-reads the users first.
      clock.advance(RECHECK_MS + 1);
      const late = await newTicket(requester, 'Mouse hilang');
      await until(() => c.ticketIds().includes(late));
      expect(await withTimeout(d.closed, 3000)).toBe(CLOSE_ROLE_CHANGED);
      expect(await withTimeout(x.closed, 3000)).toBe(CLOSE_UNAUTHENTICATED);
      expect(d.ticketIds()).not.toContain(late);
      expect(x.ticketIds()).not.toContain(late);
      c.socket.close();
    });

    it("stops the socket of a signed-out session (4401) and keeps the same user's other session", async () => {
      const staff = await loginAs(admin.app, 'it_staff');
      // A second sign-in of the same account (another device).
      const other = await admin.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: staff.user.email, password: TEST_PASSWORD },
      });
      expect(other.statusCode, other.body).toBe(200);
      const otherToken = other.json<{ accessToken: string }>().accessToken;
      const ended = await connect(sockets.base, staff.accessToken);
      const kept = await connect(sockets.base, otherToken);

      const out = await admin.app.inject({ method: 'POST', url: '/api/auth/logout', headers: staff.headers });
      expect(out.statusCode).toBe(204);
      // The ended session's token opens no new socket...
      expect(await refused(sockets.base, staff.accessToken)).toBe(CLOSE_UNAUTHENTICATED);
      // ...and the open one is closed before its next hint; the other device still hears it.
      clock.advance(RECHECK_MS + 1);
      const ticketId = await newTicket(requester, 'Keyboard basah');
      await until(() => kept.ticketIds().includes(ticketId));
      expect(await withTimeout(ended.closed, 3000)).toBe(CLOSE_UNAUTHENTICATED);
      expect(ended.ticketIds()).not.toContain(ticketId);
      expect(kept.closeCode()).toBeNull();
      kept.socket.close();
    });

    it('leaves the sockets of other users open', async () => {
      const kept = await loginAs(admin.app, 'it_staff');
      const gone = await makeUser(admin.app.db, { role: 'it_staff' });
      const s = await connect(sockets.base, kept.accessToken);
      await patchUser(gone.id, { status: false });
      const ticketId = await newTicket(requester, 'Proyektor mati');
      await until(() => s.ticketIds().includes(ticketId));
      expect(s.closeCode()).toBeNull();
      s.socket.close();
    });
  },
);
