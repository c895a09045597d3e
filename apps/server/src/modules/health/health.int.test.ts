import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '@test/app';

describe('health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('answers liveness', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  it('is ready once migrations are current', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ready', checks: { database: { ok: true }, migrations: { ok: true } } });
  });

  it('serves the OpenAPI document generated from the shared schemas', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ openapi: string; paths: Record<string, Record<string, { requestBody?: unknown }>> }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/users', '/api/sla-rules']));
    expect(JSON.stringify(doc.paths['/api/users']?.post?.requestBody)).toContain('email');
  });

  it('answers unknown API paths with a problem, not HTML', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/nope', headers: { 'x-request-id': 'abc-123' } });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'NOT_FOUND', status: 404, requestId: 'abc-123' });
  });
});

describe('when the database is gone', () => {
  it('answers 500 without internals, logs the error with the request id, and reports not ready', async () => {
    const logLines: string[] = [];
    const t = await buildTestApp({ env: { LOG_LEVEL: 'info' }, logLines });
    await t.database.close();
    try {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: { authorization: 'Bearer x.y.z', 'x-request-id': 'req-db-gone' },
      });
      // An invalid token is refused before the database is needed.
      expect(res.statusCode).toBe(401);

      const login = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'x-request-id': 'req-db-gone-2' },
        payload: { email: 'a@b.c', password: 'whatever1' },
      });
      expect(login.statusCode).toBe(500);
      const body = login.json();
      expect(body).toMatchObject({ code: 'INTERNAL', status: 500, requestId: 'req-db-gone-2' });
      expect(JSON.stringify(body)).not.toMatch(/pglite|closed|stack|at \w+ \(/i);
      const logged = logLines.map((l) => JSON.parse(l) as { reqId?: string; level: number; err?: unknown });
      expect(logged.some((l) => l.reqId === 'req-db-gone-2' && l.level >= 50 && l.err)).toBe(true);

      const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json().status).toBe('not_ready');
    } finally {
      await t.app.close();
    }
  });

  it('never writes passwords or tokens to the log', async () => {
    const logLines: string[] = [];
    const t = await buildTestApp({ env: { LOG_LEVEL: 'trace' }, logLines });
    try {
      await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'x@y.z', password: 'sup3r-secret-pw' },
      });
      await t.app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: { authorization: 'Bearer secret-token-value', cookie: 'bantu_refresh=cookie-secret' },
      });
      const all = logLines.join('\n');
      expect(all.length).toBeGreaterThan(0);
      expect(all).not.toContain('sup3r-secret-pw');
      expect(all).not.toContain('secret-token-value');
      expect(all).not.toContain('cookie-secret');
    } finally {
      await t.close();
    }
  });
});
