import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loginAs } from '@test/app';
import { createTestDatabase } from '@test/database';
import { makeCategory, makePriority, makeTicket } from '@test/factories';
import { multipart } from '@test/multipart';
import { buildApp } from '@/app';
import { loadConfig } from '@/config';
import type { DatabaseHandle } from '@/db/database';
import { fsStorage } from '@/infra/storage/fs-storage';
import { isSecretName, redactUrl } from './logging';

describe('redactUrl', () => {
  it('replaces the value of every secret query parameter and keeps the rest', () => {
    expect(redactUrl('/api/realtime?token=abc.def.ghi')).toBe('/api/realtime?token=[redacted]');
    expect(redactUrl('/api/attachments/1?t=xyz&download=1')).toBe('/api/attachments/1?t=[redacted]&download=1');
    expect(redactUrl('/cb?code=c0de&state=s7&iss=http%3A%2F%2Fidp')).toBe(
      '/cb?code=[redacted]&state=[redacted]&iss=http%3A%2F%2Fidp',
    );
    expect(redactUrl('/hook?hub.verify_token=v&hub.challenge=42')).toBe(
      '/hook?hub.verify_token=[redacted]&hub.challenge=42',
    );
    expect(redactUrl('/x?api_key=1&X-Amz-Signature=2&access%5Ftoken=3&q=printer')).toBe(
      '/x?api_key=[redacted]&X-Amz-Signature=[redacted]&access%5Ftoken=[redacted]&q=printer',
    );
    expect(redactUrl('/api/tickets?status=OPEN&cursor=abc')).toBe('/api/tickets?status=OPEN&cursor=abc');
    expect(redactUrl('/plain')).toBe('/plain');
  });

  it('treats short names as secrets only in URLs, so an error code stays readable', () => {
    expect(isSecretName('code')).toBe(true);
    expect(isSecretName('code', false)).toBe(false);
    expect(isSecretName('authorization', false)).toBe(true);
    expect(isSecretName('Cookie', false)).toBe(true);
  });
});

/** The app as main.ts builds it, logging through a real pino destination (a file) at info level. */
describe('request and error logs', () => {
  let app: FastifyInstance;
  let database: DatabaseHandle;
  let dir: string;
  let logFile: string;
  let destination: pino.DestinationStream & { flushSync(): void; end(): void };
  let base: string;

  const logText = () => {
    destination.flushSync();
    return fs.readFileSync(logFile, 'utf8');
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bantu-log-'));
    logFile = path.join(dir, 'server.log');
    destination = pino.destination({ dest: logFile, sync: true });
    database = await createTestDatabase();
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'info', DATA_DIR: dir });
    app = await buildApp(
      { ...config, database: { kind: 'pglite', dataDir: null } },
      { database, logStream: destination, webDist: null, storage: fsStorage(path.join(dir, 'files')) },
    );
    // Stands in for a library whose errors carry the outgoing request (HTTP clients do).
    app.get('/boom', { config: { access: 'public' } }, (request) => {
      throw Object.assign(new Error(`upstream refused ${request.url}`), {
        config: { headers: { ...request.headers } },
        response: { headers: { 'set-cookie': 'sid=server-cookie-secret' } },
      });
    });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
    await database.close();
    destination.end();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('logs the realtime connection and a signed download with their paths but without the tokens', async () => {
    const staff = await loginAs(app, 'it_staff');
    const ws = new WebSocket(`${base.replace('http', 'ws')}/api/realtime?token=${staff.accessToken}`);
    await new Promise<void>((resolve, reject) => {
      ws.once('message', () => resolve());
      ws.once('error', reject);
    });
    ws.close();

    const ticket = await makeTicket(app.db, {
      userId: staff.user.id,
      categoryId: (await makeCategory(app.db)).id,
      priorityId: (await makePriority(app.db)).id,
    });
    const body = multipart([{ name: 'notes.txt', content: Buffer.from('hello'), type: 'text/plain' }]);
    const uploaded = await fetch(`${base}/api/tickets/${ticket.id}/attachments`, {
      method: 'POST',
      headers: { ...staff.headers, ...body.headers },
      body: body.payload,
    });
    expect(uploaded.status).toBe(201);
    const { items } = (await uploaded.json()) as { items: { id: string; downloadUrl: string }[] };
    const downloadUrl = items[0]!.downloadUrl;
    const downloadToken = new URL(downloadUrl, base).searchParams.get('t')!;
    expect(downloadToken.length).toBeGreaterThan(20);
    const download = await fetch(`${base}${downloadUrl}`);
    expect(download.status).toBe(200);
    expect(await download.text()).toBe('hello');

    const log = logText();
    expect(log).toContain('"url":"/api/realtime?token=[redacted]"');
    expect(log).toContain(`"url":"/api/attachments/${items[0]!.id}?t=[redacted]"`);
    for (const secret of [staff.accessToken, downloadToken, staff.accessToken.split('.')[2]!]) {
      expect(log).not.toContain(secret);
    }
  });

  it('logs a failed request without its Authorization header, cookies or signed link', async () => {
    const res = await fetch(`${base}/boom?t=link-token-secret&page=2`, {
      headers: { authorization: 'Bearer header-token-secret', cookie: 'bantu_refresh=cookie-secret' },
    });
    expect(res.status).toBe(500);
    const log = logText();
    const failure = log.split('\n').find((line) => line.includes('"unexpected error"'));
    expect(failure).toBeDefined();
    expect(failure).toContain('upstream refused /boom?t=[redacted]&page=2');
    expect(failure).toContain('"authorization":"[redacted]"');
    for (const secret of ['header-token-secret', 'cookie-secret', 'link-token-secret', 'server-cookie-secret']) {
      expect(log).not.toContain(secret);
    }
  });
});
