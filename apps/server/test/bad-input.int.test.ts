import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '@/db/database';
import { buildTestApp, loginAs, type TestApp } from './app';
import { makeCategory, makePriority, makeTicket, makeUser } from './factories';
import { multipart } from './multipart';

/**
 * Bad input never gets a 5xx and never changes anything (issue 10, point 1). Walks every
 * operation of the OpenAPI document with generated values for each path parameter, query
 * parameter and body property: plausible ones (so requests get past the schema) mixed with
 * hostile ones (NUL, lone surrogates, wrong types, cursors of the right length with the wrong
 * types, huge numbers, deep nesting, broken multipart). Signed in as admin and as IT staff, so
 * requests get past authorisation. Every answer must be < 500, and a 4xx must not have written
 * a single row to any table (a trigger on every table logs each write, see writeLog).
 *
 * Seeded and bounded: the same requests on every run (change SEED to explore).
 */
const SEED = 20_261_203;
const RUNS: Record<'admin' | 'it_staff', number> = { admin: 12, it_staff: 4 };

interface JsonSchema {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  const?: unknown;
}

interface Operation {
  method: string;
  path: string;
  parameters: { in: 'path' | 'query'; name: string; required?: boolean; schema: JsonSchema }[];
  body?: JsonSchema;
  multipart: boolean;
}

interface BadRequest {
  url: string;
  payload?: string | Buffer;
  headers: Record<string, string>;
}

/** Request as the caller would send it; lone surrogates cannot be percent-encoded, so they go as CESU-8 bytes. */
function encodePart(value: string): string {
  let out = '';
  for (const ch of value) {
    try {
      out += encodeURIComponent(ch);
    } catch {
      out += ch.charCodeAt(0) < 0xdc00 ? '%ED%A0%80' : '%ED%B0%80';
    }
  }
  return out;
}

const asText = (v: unknown): string => (typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v));
const cursorOf = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

// --- hostile values -------------------------------------------------------------------------

const nastyStrings = fc.constantFrom(
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\udc00\ud800',
  '',
  ' ',
  "'; drop table users; --",
  '../../etc/passwd',
  '%00',
  '\u202e\u200b',
  'a'.repeat(5000),
  '9'.repeat(400),
  '-1',
  '1e309',
  'NaN',
  'null',
  'infinity',
  '0000-00-00',
  '2026-02-30T00:00:00Z',
  '-271821-04-20T00:00:00.000Z',
  '+275760-09-13T00:00:00.000Z',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '\r\n\t',
  'Printer 😀',
  '__proto__',
);
/** Strings of arbitrary UTF-16 code units, lone surrogates and NUL included. */
const codeUnitStrings = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
  maxLength: 12,
});
const nastyNumbers = fc.constantFrom(-1, 0, 0.5, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1e308, -1e308, 1e-300);
const deep = (depth: number) => {
  let v: unknown = 'x';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
};
/** Cursors: garbage, and right-length arrays whose positions have the wrong types. */
const nastyCursors = fc.oneof(
  codeUnitStrings,
  // Mostly well-formed positions in the wrong places: [uuid, timestamp] for [timestamp, uuid]...
  {
    weight: 4,
    arbitrary: fc
      .array(
        fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(new Date().toISOString(), randomUUID(), 'infinity', 3, 'Budi') },
          nastyStrings,
          nastyNumbers,
          fc.constantFrom(null, true, {}, []),
        ),
        { minLength: 1, maxLength: 3 },
      )
      .map(cursorOf),
  },
  fc.constantFrom(cursorOf({}), cursorOf('x'), cursorOf(null), '!!!', cursorOf([[], []])),
);
/** Text PostgreSQL cannot store: a NUL or a lone surrogate somewhere in ordinary text. */
const unstorable = fc
  .tuple(
    fc.string({ maxLength: 8 }),
    fc.constantFrom('\u0000', '\ud800', '\udfff', '\udc00\ud800'),
    fc.string({ maxLength: 8 }),
  )
  .map(([a, bad, b]) => `${a}${bad}${b}`);
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: nastyStrings },
  { weight: 3, arbitrary: unstorable },
  { weight: 2, arbitrary: codeUnitStrings },
  { weight: 2, arbitrary: nastyNumbers },
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom([], {}, [1, 'a'], { a: '\u0000' }, ['\ud800'], deep(40)),
  fc.object({ maxDepth: 2, maxKeys: 3 }),
);

// --- plausible values from the schema -------------------------------------------------------

function plausible(schema: JsonSchema, ids: string[]): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => plausible(s, ids)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      if (schema.format === 'uuid') return fc.constantFrom(...ids);
      if (schema.format === 'date-time')
        return fc
          .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
          .map((d) => d.toISOString());
      if (schema.format === 'email') return fc.constantFrom('a@test.local', 'someone@example.com');
      return fc.oneof(
        fc.constantFrom('Printer rusak sejak pagi', 'Asia/Jakarta', '08:00', '2026-12-25', '#e03131', 'TKT'),
        fc.string({
          minLength: schema.minLength ?? 0,
          maxLength: Math.max(schema.minLength ?? 0, Math.min(schema.maxLength ?? 40, 40)),
        }),
      );
    case 'integer':
    case 'number': {
      const min = Math.max(schema.minimum ?? -5, -1e9);
      const max = Math.min(schema.maximum ?? min + 1000, 1e9);
      return type === 'integer'
        ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
        : fc.double({ min, max, noNaN: true });
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(plausible(schema.items ?? {}, ids), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, 3)),
      });
    case 'object':
      return objectOf(schema, ids);
    default:
      return hostile;
  }
}

/** Each required property plausible; each optional one plausible or left out. */
function objectOf(schema: JsonSchema, ids: string[]): fc.Arbitrary<Record<string, unknown>> {
  const entries = Object.entries(schema.properties ?? {});
  if (entries.length === 0) return fc.dictionary(fc.string({ maxLength: 5 }), hostile, { maxKeys: 2 });
  const required = new Set(schema.required ?? []);
  return fc
    .tuple(
      ...entries.map(([name, s]) => {
        const value = plausible(s, ids).map((v) => [name, v] as const);
        return required.has(name) ? value : fc.option(value, { nil: null });
      }),
    )
    .map((pairs) => Object.fromEntries(pairs.filter((p): p is readonly [string, unknown] => p !== null)));
}

/** A hostile value for one parameter; cursors also get right-length arrays of the wrong types. */
function hostileParameter(name: string): fc.Arbitrary<unknown> {
  return name === 'cursor' ? fc.oneof({ weight: 3, arbitrary: nastyCursors }, hostile) : hostile;
}

/** Whole bodies that are wrong as a whole: not an object, not JSON, too deep, another type. */
const brokenBodies: fc.Arbitrary<{ payload?: string; type?: string }> = fc.oneof(
  { weight: 3, arbitrary: hostile.map((v) => ({ payload: JSON.stringify(v) ?? 'null' })) },
  fc.constantFrom(
    { payload: '{"a":' },
    { payload: '' },
    { payload: `${'{"a":['.repeat(3000)}1${']}'.repeat(3000)}` },
    { payload: `${'['.repeat(20_000)}${']'.repeat(20_000)}` },
    { payload: '{"x":"\\u0000"}' },
    { payload: '{"name":"\\ud800"}' },
    { payload: 'name=x', type: 'application/x-www-form-urlencoded' },
    { payload: '<x/>', type: 'text/xml' },
  ),
);

function multipartBody(): fc.Arbitrary<{ payload?: Buffer; type?: string }> {
  const file = fc.record({
    name: fc.oneof(fc.constantFrom('a.txt', 'foto.png', '', 'a\u0000b.txt', '../../x'), codeUnitStrings),
    content: fc.oneof(
      fc.constantFrom(Buffer.from('hello'), Buffer.from('\x89PNG\r\n\x1a\n broken'), Buffer.from('%PDF-1.4 x')),
      fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
    ),
    type: fc.constantFrom('text/plain', 'image/png', 'application/pdf'),
  });
  return fc
    .record({
      files: fc.array(file, { maxLength: 2 }),
      description: fc.option(fc.oneof(nastyStrings, codeUnitStrings), { nil: undefined }),
      commentId: fc.option(fc.oneof(fc.constant(randomUUID()), nastyStrings), { nil: undefined }),
      damage: fc.constantFrom('none', 'no-boundary', 'wrong-boundary', 'truncate', 'garbage'),
      cut: fc.nat(),
    })
    .map(({ files, description, commentId, damage, cut }) => {
      const fields: Record<string, string> = {};
      if (description !== undefined) fields.description = description;
      if (commentId !== undefined) fields.commentId = commentId;
      const body = multipart(files, fields);
      const type = body.headers['content-type'];
      switch (damage) {
        case 'none':
          return { payload: body.payload, type };
        case 'no-boundary':
          return { payload: body.payload, type: 'multipart/form-data' };
        case 'wrong-boundary':
          return { payload: body.payload, type: 'multipart/form-data; boundary=not-the-boundary' };
        case 'truncate':
          return { payload: body.payload.subarray(0, cut % Math.max(1, body.payload.length)), type };
        default:
          return { payload: Buffer.from(randomUUID().repeat(3)), type };
      }
    });
}

/**
 * One request for an operation. Mostly every value is plausible except one target (a parameter,
 * a body property, or the body as a whole), so the hostile value gets past the schema of the
 * others and reaches the code behind it; sometimes all plausible, sometimes everything hostile.
 */
function requestOf(op: Operation, ids: string[], token: string): fc.Arbitrary<BadRequest> {
  const bodyProps = op.body && !op.multipart ? Object.keys(op.body.properties ?? {}) : [];
  // Cursors and searches are aimed at more often: they reach the database in every list.
  const aimed = (name: string) => (name === 'cursor' || name === 'q' ? 4 : 1);
  const targets = [
    ...op.parameters.flatMap((p) => Array<string>(aimed(p.name)).fill(`param:${p.name}`)),
    ...bodyProps.map((k) => `body:${k}`),
  ];
  if (op.body || op.multipart) targets.push('body');
  const ALL_PLAUSIBLE = 'all-plausible';
  const CHAOS = 'chaos';
  const target = fc.oneof(
    { weight: 6, arbitrary: targets.length ? fc.constantFrom(...targets) : fc.constant(CHAOS) },
    { weight: 2, arbitrary: fc.constant(ALL_PLAUSIBLE) },
    { weight: 2, arbitrary: fc.constant(CHAOS) },
  );
  const params = fc.tuple(
    ...op.parameters.map((p) =>
      fc.record({
        good: p.required ? plausible(p.schema, ids) : fc.option(plausible(p.schema, ids), { nil: undefined }),
        bad: hostileParameter(p.name),
      }),
    ),
  );
  const goodBody: fc.Arbitrary<unknown> = op.body && !op.multipart ? plausible(op.body, ids) : fc.constant(undefined);
  const badProps = fc.tuple(...bodyProps.map(() => hostile));
  const wholeBody: fc.Arbitrary<{ payload?: string | Buffer; type?: string }> = op.multipart
    ? multipartBody()
    : brokenBodies;
  return fc.tuple(target, params, goodBody, badProps, wholeBody).map(([aim, values, good, bad, whole]) => {
    let path = op.path;
    const query: string[] = [];
    for (const [i, p] of op.parameters.entries()) {
      const hostileHere = aim === CHAOS || aim === `param:${p.name}`;
      const value = hostileHere ? values[i]!.bad : values[i]!.good;
      if (p.in === 'path') path = path.replace(`{${p.name}}`, encodePart(asText(value)));
      else if (value !== undefined) {
        const list = Array.isArray(value) && value.length > 0 ? value : [value];
        for (const item of list) query.push(`${encodePart(p.name)}=${encodePart(asText(item))}`);
      }
    }
    let body: { payload?: string | Buffer; type?: string } = {};
    if (op.multipart) {
      body = whole;
    } else if (op.body) {
      if (aim === 'body' || (aim === CHAOS && bad.length === 0)) body = whole;
      else {
        const object: Record<string, unknown> =
          typeof good === 'object' && good !== null && !Array.isArray(good) ? { ...good } : {};
        for (const [i, key] of bodyProps.entries()) {
          if (aim === CHAOS || aim === `body:${key}`) object[key] = bad[i];
        }
        body = { payload: JSON.stringify(object) };
      }
    }
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body.payload !== undefined) headers['content-type'] = body.type ?? 'application/json';
    return { url: query.length ? `${path}?${query.join('&')}` : path, payload: body.payload, headers };
  });
}

function operationsOf(doc: {
  paths: Record<
    string,
    Record<
      string,
      {
        summary?: string;
        parameters?: Operation['parameters'];
        requestBody?: { content: Record<string, { schema: JsonSchema }> };
      }
    >
  >;
}): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      ops.push({
        method: method.toUpperCase(),
        path,
        parameters: op.parameters ?? [],
        body: op.requestBody?.content['application/json']?.schema,
        multipart: method === 'post' && /multipart/i.test(op.summary ?? ''),
      });
    }
  }
  return ops;
}

// --- database writes -----------------------------------------------------------------------

/**
 * Records every row written to any table: a trigger on each table of the schema appends the
 * table's name to a log in a schema of its own, inside the writing transaction (so a write that
 * rolled back leaves nothing). `take()` empties the log and says which tables were written since
 * the last call. Far cheaper than checksumming every table after every request, and stricter:
 * it sees any insert, update or delete, even one that wrote back the same values.
 */
async function writeLog(db: DB) {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db);
  await sql`create schema bantu_test`.execute(db);
  await sql`create table bantu_test.writes (tbl text not null)`.execute(db);
  await sql`create function bantu_test.log_write() returns trigger language plpgsql as $$
    begin insert into bantu_test.writes values (tg_table_name); return null; end $$`.execute(db);
  // One statement: on PGlite each DDL statement costs a round of catalog work.
  await sql`do $$ declare t text; begin
    for t in select table_name from information_schema.tables
             where table_schema = 'public' and table_type = 'BASE TABLE' loop
      execute format('create trigger bantu_test_rows after insert or update or delete on public.%I
        for each row execute function bantu_test.log_write()', t);
      execute format('create trigger bantu_test_truncate after truncate on public.%I
        for each statement execute function bantu_test.log_write()', t);
    end loop; end $$`.execute(db);
  return {
    tables: tables.rows.map((r) => r.name),
    async take(): Promise<string[]> {
      const rows = await sql<{ tbl: string }>`delete from bantu_test.writes returning tbl`.execute(db);
      return [...new Set(rows.rows.map((r) => r.tbl))].sort();
    },
  };
}

// --- the walk -------------------------------------------------------------------------------

describe('bad input: every route from the OpenAPI document, generated values', () => {
  let t: TestApp;
  let app: FastifyInstance;
  let operations: Operation[];
  const tokens = {} as Record<'admin' | 'it_staff', string>;
  let ids: string[];
  const seen = { requests: 0, byClass: {} as Record<string, number>, injectMs: 0, checkMs: 0, writing2xx: 0 };
  let writes: Awaited<ReturnType<typeof writeLog>>;

  beforeAll(async () => {
    const started = performance.now();
    t = await buildTestApp();
    const built = performance.now();
    app = t.app;
    for (const role of ['admin', 'it_staff'] as const) tokens[role] = (await loginAs(app, role)).accessToken;
    const requester = await makeUser(app.db, { role: 'user' });
    const category = await makeCategory(app.db);
    const priority = await makePriority(app.db);
    const ticket = await makeTicket(app.db, { userId: requester.id, categoryId: category.id, priorityId: priority.id });
    ids = [ticket.id, category.id, priority.id, requester.id, randomUUID(), '00000000-0000-0000-0000-000000000000'];
    const doc = await app.inject({ method: 'GET', url: '/docs/json' });
    operations = operationsOf(doc.json());
    const seeded = performance.now();
    writes = await writeLog(app.db);
    console.log(
      `bad-input setup: app ${Math.round(built - started)} ms, data ${Math.round(seeded - built)} ms, triggers ${Math.round(performance.now() - seeded)} ms`,
    );
    expect(writes.tables).toEqual(expect.arrayContaining(['tickets', 'users', 'categories', 'ticket_attachments']));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('sees a committed write, and nothing of a rolled-back one', async () => {
    await writes.take();
    await app.db.updateTable('categories').set({ description: 'x' }).where('id', '=', ids[1]!).execute();
    expect(await writes.take()).toEqual(['categories']);
    await app.db
      .transaction()
      .execute(async (trx) => {
        await trx.updateTable('tickets').set({ title: 'rolled back' }).execute();
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await writes.take()).toEqual([]);
  });

  it('finds every registered route in the OpenAPI document', () => {
    const documented = new Set(operations.map((o) => `${o.method} ${o.path.replace(/\{(\w+)\}/g, ':$1')}`));
    const registered = app.routeAccess.map((r) => `${r.method} ${r.url}`);
    expect(registered.length).toBeGreaterThan(60);
    expect(registered.filter((r) => !documented.has(r))).toEqual([]);
    expect(operations.some((o) => o.multipart)).toBe(true);
  });

  for (const role of ['admin', 'it_staff'] as const) {
    it(`answers < 500 and changes nothing on 4xx, as ${role}`, async () => {
      await writes.take();
      const failures: string[] = [];
      for (const [index, op] of operations.entries()) {
        const already = failures.length;
        await fc
          .assert(
            fc.asyncProperty(requestOf(op, ids, tokens[role]), async (req) => {
              const started = performance.now();
              const res = await app.inject({
                method: op.method as 'GET',
                url: req.url,
                headers: req.headers,
                payload: req.payload,
              });
              seen.requests++;
              const cls = `${Math.floor(res.statusCode / 100)}xx`;
              seen.byClass[cls] = (seen.byClass[cls] ?? 0) + 1;
              const injected = performance.now();
              const written = await writes.take();
              seen.injectMs += injected - started;
              seen.checkMs += performance.now() - injected;
              const label = `${op.method} ${req.url.slice(0, 300)} -> ${res.statusCode} ${res.body.slice(0, 300)}`;
              if (res.statusCode >= 500) failures.push(label);
              else if (res.statusCode >= 400) {
                // The audit log records refused attempts too (a failed sign-in): nothing else may change.
                const changed = written.filter((table) => table !== 'audit_events');
                if (changed.length) failures.push(`${label} wrote to ${changed.join(', ')}`);
              } else if (written.length) seen.writing2xx++;
              return failures.length === already;
            }),
            { seed: SEED + index, numRuns: RUNS[role], endOnFailure: true },
          )
          .catch(() => undefined); // the failures list says what went wrong, in full
      }
      expect(failures).toEqual([]);
    }, 120_000);
  }

  it('made requests of every kind', () => {
    console.log(
      `bad-input walk: ${seen.requests} requests ${JSON.stringify(seen.byClass)}, inject ${Math.round(seen.injectMs)} ms, write checks ${Math.round(seen.checkMs)} ms`,
    );
    // 2xx proves plausible values get through the schemas; 4xx that hostile ones are refused.
    expect(seen.byClass['2xx']).toBeGreaterThan(50);
    expect(seen.byClass['4xx']).toBeGreaterThan(300);
    expect(seen.byClass['5xx']).toBeUndefined();
    expect(seen.writing2xx).toBeGreaterThan(2); // the write log saw the successful writes
  });
});
