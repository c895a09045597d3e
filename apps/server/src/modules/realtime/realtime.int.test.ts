import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildTestApp, loginAs, type TestApp } from '@test/app';
import { makeCategory, makePriorities } from '@test/factories';
import { outboxDispatcher } from '@/modules/notifications/notifications.dispatcher';
import { prepareQueues } from '@/worker';

type Session = Awaited<ReturnType<typeof loginAs>>;

/** A browser-like WebSocket client that records every message. */
async function connect(base: string, token: string) {
  const messages: { type: string; [k: string]: unknown }[] = [];
  const socket = new WebSocket(`${base.replace('http', 'ws')}/api/realtime?token=${encodeURIComponent(token)}`);
  socket.on('message', (raw: Buffer) => messages.push(JSON.parse(raw.toString()) as { type: string }));
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    const check = setInterval(() => {
      if (messages.some((m) => m.type === 'ready')) {
        clearInterval(check);
        resolve();
      }
    }, 10);
  });
  return { socket, messages };
}

async function until(condition: () => boolean, ms = 2000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('live updates over WebSocket', () => {
  let t: TestApp;
  let base: string;
  let requester: Session;
  let other: Session;
  let staff: Session;
  let staff2: Session;
  let categoryId: string;
  let dispatch: () => Promise<number>;

  beforeAll(async () => {
    t = await buildTestApp();
    await makePriorities(t.app.db);
    requester = await loginAs(t.app, 'user');
    other = await loginAs(t.app, 'user');
    staff = await loginAs(t.app, 'it_staff');
    staff2 = await loginAs(t.app, 'it_staff');
    categoryId = (await makeCategory(t.app.db)).id;
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    // Dispatch queues delivery jobs: the queue's schema is there as after a server start.
    await prepareQueues(t.database);
    const service = outboxDispatcher({
      db: t.app.db,
      clock: t.app.clock,
      whatsappConfigured: false,
      pubsub: t.app.pubsub,
    });
    dispatch = () => service.dispatch();
  });
  afterAll(() => t.close());

  it('tells staff about a new ticket within 2 seconds and pings their notification bell; others hear nothing', async () => {
    const staffSocket = await connect(base, staff.accessToken);
    const otherSocket = await connect(base, other.accessToken);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/tickets',
      headers: requester.headers,
      payload: { title: 'Layar biru terus', description: 'x', categoryId },
    });
    const started = Date.now();
    await dispatch();
    await until(() => staffSocket.messages.some((m) => m.type === 'ticket' && m.ticketId === created.json().id));
    await until(() => staffSocket.messages.some((m) => m.type === 'notification'));
    expect(Date.now() - started).toBeLessThan(2000);
    await new Promise((r) => setTimeout(r, 100));
    expect(otherSocket.messages.filter((m) => m.type !== 'ready')).toEqual([]);
    staffSocket.socket.close();
    otherSocket.socket.close();
  });

  it('never hints an internal note to the requester', async () => {
    const ticket = (
      await t.app.inject({
        method: 'POST',
        url: '/api/tickets',
        headers: requester.headers,
        payload: { title: 'Keyboard rusak', description: 'x', categoryId },
      })
    ).json();
    await dispatch();
    const mine = await connect(base, requester.accessToken);
    await t.app.inject({
      method: 'POST',
      url: `/api/tickets/${ticket.id}/comments`,
      headers: staff.headers,
      payload: { comment: 'rahasia', isInternal: true },
    });
    await dispatch();
    await t.app.inject({
      method: 'POST',
      url: `/api/tickets/${ticket.id}/comments`,
      headers: staff.headers,
      payload: { comment: 'Halo' },
    });
    await dispatch();
    await until(() => mine.messages.some((m) => m.type === 'ticket'));
    const ticketMessages = mine.messages.filter((m) => m.type === 'ticket');
    expect(ticketMessages).toHaveLength(1);
    expect(ticketMessages[0]).toMatchObject({ topic: 'ticket.comment_added' });
    mine.socket.close();
  });

  it('shows which staff are viewing the same ticket', async () => {
    const a = await connect(base, staff.accessToken);
    const b = await connect(base, staff2.accessToken);
    const ticketId = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
    a.socket.send(JSON.stringify({ type: 'viewing', ticketId }));
    b.socket.send(JSON.stringify({ type: 'viewing', ticketId }));
    await until(() => a.messages.some((m) => m.type === 'viewers' && (m.viewers as unknown[]).length === 2));
    b.socket.close();
    await until(
      () =>
        a.messages.filter((m) => m.type === 'viewers').at(-1)!.viewers instanceof Array &&
        (a.messages.filter((m) => m.type === 'viewers').at(-1)!.viewers as unknown[]).length === 1,
    );
    a.socket.close();
  });

  it('closes connections without a valid token', async () => {
    const socket = new WebSocket(`${base.replace('http', 'ws')}/api/realtime?token=forged`);
    const code = await new Promise<number>((resolve) => socket.on('close', (c: number) => resolve(c)));
    expect(code).toBe(4401);
  });
});
