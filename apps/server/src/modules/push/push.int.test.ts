import { createDecipheriv, createECDH, createPublicKey, hkdfSync, randomBytes, verify } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs, type TestApp } from '@test/app';
import { makeCategory, manualClock } from '@test/factories';
import { settled, startTestWorker } from '@test/worker';
import { captureMailer } from '@/infra/mail/mailer';
import { seedDemo } from '@/modules/demo/demo.seed';

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A push service on loopback: records each POST; paths starting with /gone answer 410. */
async function startPushService() {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      res.statusCode = req.url?.startsWith('/gone') ? 410 : 201;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A browser's side of a subscription: a P-256 key pair and a 16-byte auth secret. */
function deviceKeys() {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16);
  return {
    ecdh,
    auth,
    json: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') },
  };
}

/** RFC 8291 (Message Encryption for Web Push) over RFC 8188 aes128gcm, with node:crypto only. */
function decryptPush(body: Buffer, device: ReturnType<typeof deviceKeys>): string {
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const idLength = body[20]!;
  const serverPublic = body.subarray(21, 21 + idLength);
  const record = body.subarray(21 + idLength);
  expect(idLength).toBe(65);
  expect(record.length).toBeLessThanOrEqual(recordSize);
  const shared = device.ecdh.computeSecret(serverPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), device.ecdh.getPublicKey(), serverPublic]);
  const ikm = Buffer.from(hkdfSync('sha256', shared, device.auth, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const plain = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  // The last record ends with the delimiter 0x02, then zero padding.
  let end = plain.length - 1;
  while (end >= 0 && plain[end] === 0) end -= 1;
  expect(plain[end]).toBe(2);
  return plain.subarray(0, end).toString('utf8');
}

/** Checks the VAPID JWT (RFC 8292) against the server's public key; answers its claims. */
function vapidClaims(authorization: string, publicKey: string) {
  const match = /^vapid t=([^,]+), k=(.+)$/.exec(authorization);
  expect(match).not.toBeNull();
  const [, jwt, k] = match!;
  expect(k).toBe(publicKey);
  const [header, payload, signature] = jwt!.split('.');
  const raw = Buffer.from(publicKey, 'base64url');
  const key = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: raw.subarray(1, 33).toString('base64url'),
      y: raw.subarray(33).toString('base64url'),
    },
    format: 'jwk',
  });
  const ok = verify(
    'sha256',
    Buffer.from(`${header}.${payload}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature!, 'base64url'),
  );
  expect(ok).toBe(true);
  return JSON.parse(Buffer.from(payload!, 'base64url').toString()) as { aud: string; exp: number; sub: string };
}

describe('Web Push notifications', () => {
  const clock = manualClock(new Date('2026-12-03T03:00:00Z'));
  let t: TestApp;
  let push: Awaited<ReturnType<typeof startPushService>>;
  let worker: Awaited<ReturnType<typeof startTestWorker>>;
  let categoryId: string;

  beforeAll(async () => {
    push = await startPushService();
    t = await buildTestApp({ clock });
    await seedDemo(t.app.db);
    categoryId = (await makeCategory(t.app.db)).id;
    worker = await startTestWorker(t, { mailer: captureMailer(t.app.db), publicUrl: 'https://bantu.example' });
  });
  afterAll(async () => {
    await worker.stop();
    await t.close();
    await push.stop();
  });

  async function subscribe(headers: Record<string, string>, path: string, device = deviceKeys(), label = 'Phone') {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/push/subscriptions',
      headers,
      payload: { endpoint: `${push.url}${path}`, keys: device.json, label },
    });
    expect(response.statusCode).toBe(201);
    return { device, item: response.json<{ id: string; service: string; label: string }>() };
  }

  async function newTicket(title: string) {
    const requester = await loginAs(t.app, 'user');
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/tickets',
      headers: requester.headers,
      payload: { title, description: 'x', categoryId },
    });
    expect(response.statusCode).toBe(201);
    return response.json<{ ticketNumber: string }>();
  }

  it('delivers an encrypted, VAPID-signed push that the device decrypts, once per notification', async () => {
    const staff = await loginAs(t.app, 'it_staff');
    const { device, item } = await subscribe(staff.headers, '/device/one', undefined, 'Chrome on Android');
    expect(item).toMatchObject({ label: 'Chrome on Android', service: new URL(push.url).host });
    const { publicKey } = (await t.app.inject({ url: '/api/push/key', headers: staff.headers })).json<{
      publicKey: string;
    }>();

    const ticket = await newTicket('Printer lantai 3 macet');
    await settled(t.app.db);

    const mine = push.received.filter((r) => r.path === '/device/one');
    expect(mine).toHaveLength(1);
    const [request] = mine;
    expect(request!.headers['content-encoding']).toBe('aes128gcm');
    expect(Number(request!.headers.ttl)).toBeGreaterThan(0);
    const claims = vapidClaims(String(request!.headers.authorization), publicKey);
    expect(claims.aud).toBe(push.url);
    expect(claims.sub).toBe('https://bantu.example');

    const payload = JSON.parse(decryptPush(request!.body, device)) as { title: string; body: string; url: string };
    expect(payload).toMatchObject({
      body: 'Printer lantai 3 macet',
      url: `/tickets/${ticket.ticketNumber}`,
    });
    expect(payload.title).toContain(`[${ticket.ticketNumber}]`);

    const deliveries = await t.app.db
      .selectFrom('notification_deliveries')
      .select(['channel', 'status', 'attempts'])
      .where('user_id', '=', staff.user.id)
      .orderBy('channel')
      .execute();
    expect(deliveries).toEqual([
      { channel: 'email', status: 'sent', attempts: 1 },
      { channel: 'push', status: 'sent', attempts: 1 },
    ]);
    const listed = (await t.app.inject({ url: '/api/push/subscriptions', headers: staff.headers })).json<{
      items: { id: string; lastUsedAt: string | null }[];
    }>();
    expect(listed.items).toEqual([expect.objectContaining({ id: item.id, lastUsedAt: clock.now().toISOString() })]);
  });

  it('removes a subscription the push service answers 410 for, and keeps the live one', async () => {
    const staff = await loginAs(t.app, 'it_staff');
    const live = await subscribe(staff.headers, '/device/live');
    const gone = await subscribe(staff.headers, '/gone/old-phone');
    await newTicket('Monitor berkedip');
    await settled(t.app.db);

    expect(push.received.filter((r) => r.path === '/gone/old-phone')).toHaveLength(1);
    const live1 = push.received.filter((r) => r.path === '/device/live');
    expect(live1).toHaveLength(1);
    expect(JSON.parse(decryptPush(live1[0]!.body, live.device))).toMatchObject({ body: 'Monitor berkedip' });
    const listed = (await t.app.inject({ url: '/api/push/subscriptions', headers: staff.headers })).json<{
      items: { id: string }[];
    }>();
    expect(listed.items.map((i) => i.id)).toEqual([live.item.id]);
    expect(
      await t.app.db.selectFrom('push_subscriptions').select('id').where('id', '=', gone.item.id).execute(),
    ).toEqual([]);
  });

  it('ends the delivery as failed (no retry) when the only device has expired', async () => {
    const staff = await loginAs(t.app, 'it_staff');
    await subscribe(staff.headers, '/gone/only-device');
    await newTicket('Keyboard rusak');
    await settled(t.app.db);
    const row = await t.app.db
      .selectFrom('notification_deliveries')
      .select(['status', 'last_error', 'attempts'])
      .where('user_id', '=', staff.user.id)
      .where('channel', '=', 'push')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row.last_error).toContain('expired');
  });

  it('follows the push switch of the preferences, and sends nothing to users without a device', async () => {
    const off = await loginAs(t.app, 'it_staff');
    await subscribe(off.headers, '/device/muted');
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/notifications/preferences',
      headers: off.headers,
      payload: {
        events: [{ kind: 'ticket_created', channels: { in_app: true, email: true, whatsapp: false, push: false } }],
      },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json<{ events: { kind: string; channels: { push: boolean } }[] }>().events[0]).toMatchObject({
      kind: 'ticket_created',
      channels: { push: false },
    });
    const noDevice = await loginAs(t.app, 'it_staff');
    await newTicket('Proyektor mati');
    await settled(t.app.db);
    expect(push.received.filter((r) => r.path === '/device/muted')).toHaveLength(0);
    const channels = await t.app.db
      .selectFrom('notification_deliveries')
      .select('channel')
      .where('user_id', 'in', [off.user.id, noDevice.user.id])
      .execute();
    expect(channels.map((c) => c.channel).sort()).toEqual(['email', 'email']);
  });

  it('lets users revoke only their own devices, and refuses bad subscriptions with a 400', async () => {
    const owner = await loginAs(t.app, 'user');
    const other = await loginAs(t.app, 'user');
    const { item } = await subscribe(owner.headers, '/device/owned');
    const foreign = await t.app.inject({
      method: 'DELETE',
      url: `/api/push/subscriptions/${item.id}`,
      headers: other.headers,
    });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.headers['content-type']).toContain('application/problem+json');
    expect(
      await t.app.db.selectFrom('push_subscriptions').select('id').where('id', '=', item.id).execute(),
    ).toHaveLength(1);

    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/push/subscriptions',
      headers: owner.headers,
      payload: { endpoint: 'javascript:alert(1)', keys: { p256dh: 'x', auth: 'y' } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/push/subscriptions' });
    expect(anonymous.statusCode).toBe(401);

    const revoked = await t.app.inject({
      method: 'DELETE',
      url: `/api/push/subscriptions/${item.id}`,
      headers: owner.headers,
    });
    expect(revoked.statusCode).toBe(204);
    const listed = (await t.app.inject({ url: '/api/push/subscriptions', headers: owner.headers })).json<{
      items: unknown[];
    }>();
    expect(listed.items).toEqual([]);
  });
});
