import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs, type TestApp } from './app';
import { makeCategory, makePriority, makeTicket } from './factories';
import { multipart } from './multipart';

/**
 * One regression test per kind of bad input that answered 500 before issue 10 (the generated
 * walk over every route is bad-input.int.test.ts): cursors of the right length with the wrong
 * types, NUL and lone surrogates, malformed multipart bodies, signed tokens whose subject is
 * not a UUID.
 */
const cursorOf = (v: unknown[]) => Buffer.from(JSON.stringify(v)).toString('base64url');
const NOW = '2026-12-01T08:00:00.000Z';
const ID = '3f0c5d2e-8a1b-4c7d-9e6f-0a1b2c3d4e5f';

let t: TestApp;
let app: FastifyInstance;
let admin: Record<string, string>;
let staff: Record<string, string>;
let adminId: string;
let ticketId: string;

beforeAll(async () => {
  t = await buildTestApp();
  app = t.app;
  const a = await loginAs(app, 'admin');
  admin = a.headers;
  adminId = a.user.id;
  staff = (await loginAs(app, 'it_staff')).headers;
  const category = await makeCategory(app.db);
  const priorities = [await makePriority(app.db), await makePriority(app.db)];
  for (let i = 0; i < 3; i++) {
    const ticket = await makeTicket(app.db, {
      userId: adminId,
      categoryId: category.id,
      priorityId: priorities[i % 2]!.id,
      createdAt: new Date(Date.parse(NOW) - i * 60_000),
      slaDeadline: i === 0 ? null : new Date(Date.parse(NOW) + i * 3_600_000),
    });
    ticketId ??= ticket.id;
  }
  // Whole seconds apart: cursors carry milliseconds, so rows within one millisecond of each
  // other are a separate (known) limitation of keyset paging, not what this file tests.
  await app.db
    .insertInto('captured_mails')
    .values(
      [1, 2].map((i) => ({
        message_id: `<m${i}@test>`,
        to_address: 'a@test.local',
        subject: `S${i}`,
        text_body: 't',
        html_body: 'h',
        created_at: new Date(Date.parse(NOW) - i * 1000),
      })),
    )
    .execute();
});
afterAll(async () => {
  await t?.close();
});

const get = (url: string, headers = admin) => app.inject({ method: 'GET', url, headers });

describe('cursors of the right length but the wrong types are a 400 on every paginated list', () => {
  // Each list with the kinds of its cursor positions, as the repositories decode them.
  const lists: { url: string; kinds: ('uuid' | 'timestamp' | 'deadline' | 'integer' | 'text')[] }[] = [
    { url: '/api/tickets?sort=newest', kinds: ['timestamp', 'uuid'] },
    { url: '/api/tickets?sort=updated', kinds: ['timestamp', 'uuid'] },
    { url: '/api/tickets?sort=priority', kinds: ['integer', 'timestamp', 'uuid'] },
    { url: '/api/tickets?sort=sla', kinds: ['deadline', 'uuid'] },
    { url: '/api/users?', kinds: ['text', 'uuid'] },
    { url: '/api/notifications?', kinds: ['timestamp', 'uuid'] },
    { url: '/api/sla/tickets?state=at_risk', kinds: ['timestamp', 'uuid'] },
    { url: '/api/sla/tickets?state=breached', kinds: ['timestamp', 'uuid'] },
    { url: '/api/admin/deliveries?', kinds: ['timestamp', 'uuid'] },
    { url: '/api/admin/mails?', kinds: ['timestamp', 'uuid'] },
  ];
  const good = { uuid: ID, timestamp: NOW, deadline: 'infinity', integer: 3, text: 'Budi' } as const;
  const wrong = {
    uuid: ['x', 5, 'a\u0000', `${ID}0`, null],
    timestamp: ['x', 5, '2026-13-45T00:00:00Z', '-271821-04-20T00:00:00.000Z', '+275760-09-13T00:00:00.000Z', true],
    deadline: ['x', 5, 'Infinity', '2026-02-30T00:00:00Z'],
    integer: ['x', 1.5, 2 ** 40, '3', null],
    text: [5, 'a\u0000b', '\ud800', {}],
  } as const;

  for (const list of lists) {
    it(`${list.url} (${list.kinds.join(', ')})`, async () => {
      const ok = await get(`${list.url}&cursor=${cursorOf(list.kinds.map((k) => good[k]))}`);
      expect(ok.statusCode, ok.body).toBe(200);
      for (const [position, kind] of list.kinds.entries()) {
        for (const bad of wrong[kind]) {
          const values: unknown[] = list.kinds.map((k) => good[k]);
          values[position] = bad;
          const res = await get(`${list.url}&cursor=${cursorOf(values)}`);
          expect(res.statusCode, `${JSON.stringify(values)} ${res.body}`).toBe(400);
          expect(res.json()).toMatchObject({
            code: 'VALIDATION_FAILED',
            errors: [{ field: 'querystring.cursor' }],
          });
        }
      }
      // Wrong length stays a 400 too.
      const short = await get(`${list.url}&cursor=${cursorOf(list.kinds.slice(1).map((k) => good[k]))}`);
      expect(short.statusCode).toBe(400);
    });
  }

  it('the cursors the lists hand out still page through every row (tickets in each sort, users, mails)', async () => {
    const walk = async (url: string) => {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await get(`${url}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.statusCode, res.body).toBe(200);
        const page = res.json<{ items: { id: string }[]; nextCursor: string | null }>();
        ids.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
      } while (cursor && ids.length < 20);
      return ids;
    };
    for (const sort of ['newest', 'updated', 'priority', 'sla']) {
      const ids = await walk(`/api/tickets?sort=${sort}`);
      expect(new Set(ids).size, sort).toBe(3);
    }
    expect(new Set(await walk('/api/users?')).size).toBe(2);
    expect(new Set(await walk('/api/admin/mails?')).size).toBe(2);
  });
});

describe('NUL and lone surrogates are refused with a 400 naming the field, and nothing is stored', () => {
  const expectRefused = (res: { statusCode: number; body: string; json: () => unknown }, field: string) => {
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field }] });
  };
  const countCategories = async () =>
    Number(
      (
        await app.db
          .selectFrom('categories')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('in a JSON body (a zod text field, and a plain z.string() such as the login e-mail)', async () => {
    const before = await countCategories();
    expectRefused(
      await app.inject({
        method: 'POST',
        url: '/api/categories',
        headers: admin,
        payload: { name: 'Printer', description: 'a\u0000b' },
      }),
      'body.description',
    );
    expectRefused(
      await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'a\u0000@test.local', password: 'x' },
      }),
      'body.email',
    );
    // Nested: the field path goes down to the string.
    expectRefused(
      await app.inject({
        method: 'PUT',
        url: '/api/notifications/preferences',
        headers: admin,
        payload: { timeZone: 'Asia/Jakarta\u0000' },
      }),
      'body.timeZone',
    );
    expect(await countCategories()).toBe(before);
  });

  it('in a search q', async () => {
    expectRefused(await get('/api/tickets?q=printer%00rusak'), 'querystring.q');
    expectRefused(await get('/api/users?q=bu%00di'), 'querystring.q');
    expectRefused(await get('/api/users/lookup?q=%00', staff), 'querystring.q');
  });

  it('in a path parameter', async () => {
    expectRefused(await get('/api/tickets/TKT%00-1'), 'params.idOrNumber');
    expectRefused(await get('/api/users/%00'), 'params.id');
  });

  it('a lone UTF-16 surrogate in any JSON string; a real pair (emoji) is fine', async () => {
    const before = await countCategories();
    for (const [description, field] of [
      ['"a\\ud800b"', 'body.description'],
      ['"\\udc00"', 'body.description'],
    ] as const) {
      expectRefused(
        await app.inject({
          method: 'POST',
          url: '/api/categories',
          headers: { ...admin, 'content-type': 'application/json' },
          payload: `{"name":"Jaringan","description":${description}}`,
        }),
        field,
      );
    }
    const comments = await app.db.selectFrom('ticket_comments').select('id').execute();
    expectRefused(
      await app.inject({
        method: 'POST',
        url: `/api/tickets/${ticketId}/comments`,
        headers: { ...staff, 'content-type': 'application/json' },
        payload: '{"comment":"sudah dicek \\ud83d","isInternal":true}',
      }),
      'body.comment',
    );
    expect(await app.db.selectFrom('ticket_comments').select('id').execute()).toHaveLength(comments.length);
    expect(await countCategories()).toBe(before);
    const emoji = await app.inject({
      method: 'POST',
      url: '/api/categories',
      headers: admin,
      payload: { name: 'Jaringan 📶', description: 'Wi-Fi 😀' },
    });
    expect(emoji.statusCode, emoji.body).toBe(201);
    expect(emoji.json()).toMatchObject({ name: 'Jaringan 📶', description: 'Wi-Fi 😀' });
  });
});

describe('malformed multipart uploads are a 400', () => {
  const upload = (payload: string | Buffer, contentType: string) =>
    app.inject({
      method: 'POST',
      url: `/api/tickets/${ticketId}/attachments`,
      headers: { ...staff, 'content-type': contentType },
      payload,
    });
  const file = multipart([{ name: 'catatan.txt', content: Buffer.from('printer rusak lagi'), type: 'text/plain' }], {
    description: 'log',
  });
  const boundary = file.headers['content-type'].split('boundary=')[1]!;
  const text = file.payload.toString('latin1');
  const variants: [string, string | Buffer, string][] = [
    ['no boundary', file.payload, 'multipart/form-data'],
    ['the wrong boundary', file.payload, 'multipart/form-data; boundary=not-the-one'],
    ['cut off inside the file', text.slice(0, text.indexOf('printer rusak') + 7), file.headers['content-type']],
    ['cut off inside a field', text.slice(0, text.indexOf('log') + 1), file.headers['content-type']],
    ['cut off inside part headers', `--${boundary}\r\nContent-Disposition: form-da`, file.headers['content-type']],
    ['without the closing boundary', text.slice(0, text.lastIndexOf(`--${boundary}--`)), file.headers['content-type']],
  ];

  it.each(variants)('%s', async (_label, payload, contentType) => {
    const before = await app.db.selectFrom('ticket_attachments').select('id').execute();
    const res = await upload(payload, contentType);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await app.db.selectFrom('ticket_attachments').select('id').execute()).toHaveLength(before.length);
  });

  it('a well-formed body is still stored', async () => {
    const res = await upload(file.payload, file.headers['content-type']);
    expect(res.statusCode, res.body).toBe(201);
  });
});

describe('a validly signed token whose subject is not a UUID is a 401', () => {
  it('as a bearer token', async () => {
    for (const sub of ['not-a-uuid', '42', `${adminId}x`]) {
      const token = await app.tokens.sign(sub);
      const res = await get('/api/auth/me', { authorization: `Bearer ${token}` });
      expect(res.statusCode, `${sub} ${res.body}`).toBe(401);
      expect(res.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
  });

  it('as a signed download link (?t=)', async () => {
    const id = randomUUID();
    const token = await app.downloadTokens.sign('not-a-uuid', id);
    for (const url of [`/api/attachments/${id}?t=${token}`, `/api/attachments/${id}/thumbnail?t=${token}`]) {
      const res = await get(url, {});
      expect(res.statusCode, res.body).toBe(401);
    }
  });

  it('as the realtime ?token= (the socket is closed as unauthenticated)', async () => {
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const token = await app.tokens.sign('not-a-uuid');
    const socket = new WebSocket(`${base.replace('http', 'ws')}/api/realtime?token=${token}`);
    const code = await new Promise<number>((resolve) => socket.on('close', (c) => resolve(c)));
    expect(code).toBe(4401);
  });
});
