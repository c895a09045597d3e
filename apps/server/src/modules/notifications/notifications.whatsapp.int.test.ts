import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs, type TestApp } from '@test/app';
import { makeCategory, makePriorities, manualClock } from '@test/factories';
import { settled, startTestWorker } from '@test/worker';
import { captureMailer } from '@/infra/mail/mailer';
import { whatsAppClient } from '@/infra/whatsapp/whatsapp';

interface Captured {
  path: string;
  authorization: string | undefined;
  body: {
    to: string;
    type: string;
    template: { name: string; language: { code: string }; components: { parameters: { text: string }[] }[] };
  };
}

/** Stands in for the WhatsApp Cloud API (external SaaS): records requests, refuses numbers ending in 999. */
async function startCloudApi() {
  const requests: Captured[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      const body = JSON.parse(raw) as Captured['body'];
      requests.push({ path: req.url ?? '', authorization: req.headers.authorization, body });
      res.setHeader('content-type', 'application/json');
      if (body.to.endsWith('999')) {
        res.statusCode = 400;
        res.end(JSON.stringify({ error: { message: 'Message undeliverable', code: 131026 } }));
        return;
      }
      res.end(JSON.stringify({ messaging_product: 'whatsapp', messages: [{ id: `wamid.${requests.length}` }] }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v21.0`,
    requests,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('WhatsApp notifications', () => {
  const clock = manualClock(new Date('2026-11-25T03:00:00Z'));
  const APP_SECRET = 'wa-app-secret';
  let t: TestApp;
  let api: Awaited<ReturnType<typeof startCloudApi>>;
  let worker: Awaited<ReturnType<typeof startTestWorker>>;
  let categoryId: string;

  beforeAll(async () => {
    api = await startCloudApi();
    t = await buildTestApp({
      clock,
      env: {
        WHATSAPP_TOKEN: 'test-token',
        WHATSAPP_PHONE_NUMBER_ID: '1234567',
        WHATSAPP_APP_SECRET: APP_SECRET,
        WHATSAPP_VERIFY_TOKEN: 'verify-me',
        WHATSAPP_API_URL: api.url,
      },
    });
    await makePriorities(t.app.db);
    categoryId = (await makeCategory(t.app.db)).id;
    worker = await startTestWorker(t, {
      mailer: captureMailer(t.app.db),
      publicUrl: 'https://bantu.example',
      whatsapp: whatsAppClient({ apiUrl: api.url, token: 'test-token', phoneNumberId: '1234567' }),
    });
  });
  afterAll(async () => {
    await worker.stop();
    await t.close();
    await api.stop();
  });

  const drain = () => settled(t.app.db);

  it('sends the approved template with its parameters to opted-in staff with a number (besides e-mail), e-mail to the rest', async () => {
    const staff = await loginAs(t.app, 'it_staff');
    await t.app.inject({
      method: 'PATCH',
      url: '/api/auth/me',
      headers: staff.headers,
      payload: { phone: '+62 812 0000 1111', whatsappOptIn: true },
    });
    const noOptIn = await loginAs(t.app, 'it_staff');
    await t.app.inject({
      method: 'PATCH',
      url: '/api/auth/me',
      headers: noOptIn.headers,
      payload: { phone: '+62 812 0000 2222' },
    });
    const requester = await loginAs(t.app, 'user');
    const ticket = (
      await t.app.inject({
        method: 'POST',
        url: '/api/tickets',
        headers: requester.headers,
        payload: { title: 'Wifi lantai 5 mati', description: 'x', categoryId },
      })
    ).json();
    await drain();

    expect(api.requests).toHaveLength(1);
    const [request] = api.requests;
    expect(request!.path).toBe('/v21.0/1234567/messages');
    expect(request!.authorization).toBe('Bearer test-token');
    expect(request!.body).toMatchObject({
      to: '6281200001111',
      type: 'template',
      template: { name: 'bantu_ticket_created', language: { code: 'id' } },
    });
    expect(request!.body.template.components[0]!.parameters.map((p) => p.text)).toEqual([
      ticket.ticketNumber,
      'Wifi lantai 5 mati',
      requester.user.name,
      `https://bantu.example/tickets/${ticket.ticketNumber}`,
    ]);
    const deliveries = await t.app.db
      .selectFrom('notification_deliveries')
      .select(['user_id', 'channel', 'status', 'provider_id'])
      .execute();
    // Each channel the user has on (by default e-mail and WhatsApp) gets its own delivery.
    expect(deliveries.find((d) => d.user_id === staff.user.id && d.channel === 'whatsapp')).toMatchObject({
      status: 'sent',
      provider_id: 'wamid.1',
    });
    expect(deliveries.find((d) => d.user_id === staff.user.id && d.channel === 'email')).toMatchObject({
      status: 'sent',
    });
    expect(deliveries.filter((d) => d.user_id === noOptIn.user.id)).toEqual([
      expect.objectContaining({ channel: 'email', status: 'sent' }),
    ]);
  });

  it('falls back to e-mail when WhatsApp refuses for good, and says so', async () => {
    const staff = await loginAs(t.app, 'it_staff');
    await t.app.inject({
      method: 'PATCH',
      url: '/api/auth/me',
      headers: staff.headers,
      payload: { phone: '+62 812 0000 9999', whatsappOptIn: true },
    });
    // WhatsApp only for new tickets: the e-mail comes only as the fallback.
    await t.app.inject({
      method: 'PUT',
      url: '/api/notifications/preferences',
      headers: staff.headers,
      payload: { events: [{ kind: 'ticket_created', channels: { in_app: true, email: false, whatsapp: true } }] },
    });
    const requester = await loginAs(t.app, 'user');
    await t.app.inject({
      method: 'POST',
      url: '/api/tickets',
      headers: requester.headers,
      payload: { title: 'Nomor tidak aktif', description: 'x', categoryId },
    });
    await drain();
    const mine = await t.app.db
      .selectFrom('notification_deliveries')
      .selectAll()
      .where('user_id', '=', staff.user.id)
      .orderBy('created_at')
      .execute();
    expect(mine.map((d) => [d.channel, d.status])).toEqual([
      ['whatsapp', 'failed'],
      ['email', 'sent'],
    ]);
    expect(mine[0]!.last_error).toContain('fell back to e-mail');
    const mail = await t.app.db
      .selectFrom('captured_mails')
      .select('to_address')
      .where('to_address', '=', staff.user.email)
      .execute();
    expect(mail).toHaveLength(1);
  });

  it('accepts delivery statuses only with a valid signature', async () => {
    const body = JSON.stringify({
      entry: [{ changes: [{ value: { statuses: [{ id: 'wamid.1', status: 'delivered' }] } }] }],
    });
    const sign = (secret: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    const post = (signature: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/webhooks/whatsapp',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
        payload: body,
      });
    expect((await post(sign('wrong-secret'))).statusCode).toBe(401);
    expect((await post('sha256=00')).statusCode).toBe(401);
    const ok = await post(sign(APP_SECRET));
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ updated: 1 });
    const row = await t.app.db
      .selectFrom('notification_deliveries')
      .select('provider_status')
      .where('provider_id', '=', 'wamid.1')
      .executeTakeFirstOrThrow();
    expect(row.provider_status).toBe('delivered');
    const challenge = await t.app.inject({
      method: 'GET',
      url: '/api/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=42',
    });
    expect(challenge.body).toBe('42');
    const wrong = await t.app.inject({
      method: 'GET',
      url: '/api/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=42',
    });
    expect(wrong.statusCode).toBe(401);
  });
});
