// Ticket-list CSV export through the API with the server's memory watched:
// `npm run bench:exports -- [--rows 100000] [--format csv|xlsx] [--pg postgres://postgres@127.0.0.1:5432/postgres]
//   [--keep | --database bantu_bench_exports_<hex>]` (--keep keeps the seeded database; --database reuses it).
// Runs the built server (apps/server/dist) on a fresh PostgreSQL database filled with `rows`
// tickets. Baseline, same run: the same rows read by one plain SELECT over `tickets` through pg.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { freePort } from '../apps/server/test/ports';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** VmRSS of a process, in MiB. */
async function rss(pid: number) {
  const status = await fsp.readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

/** Samples VmRSS every 20 ms until stopped; answers the highest value seen (MiB). */
function sampleRss(pid: number) {
  let max = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      max = Math.max(max, await rss(pid));
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return async () => {
    running = false;
    await loop;
    return max;
  };
}

async function login(base: string, email: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'demo1234' }),
  });
  if (!res.ok) throw new Error(`login ${email}: ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

export async function runExportBench(options: {
  rows: number;
  format: 'csv' | 'xlsx';
  serverUrl: string;
  /** Extra node flags for the server process (e.g. --max-semi-space-size=4). */
  nodeArgs?: string[];
  /** A database kept by an earlier run with `keep` (its tickets are reused, not seeded again). */
  database?: string;
  /** Keep the database afterwards (its name is printed) for runs with `database`. */
  keep?: boolean;
  log?: (line: string) => void;
}) {
  const log = options.log ?? console.log;
  const name = options.database ?? `bantu_bench_exports_${randomBytes(4).toString('hex')}`;
  if (!/^bantu_bench_exports_[0-9a-f]+$/.test(name)) throw new Error(`not a bench database: ${name}`);
  const admin = new pg.Client({ connectionString: options.serverUrl });
  await admin.connect();
  if (!options.database) await admin.query(`create database ${name}`);
  const dbUrl = new URL(options.serverUrl);
  dbUrl.pathname = `/${name}`;
  const port = await freePort();
  const server = spawn(process.execPath, [...(options.nodeArgs ?? []), path.join(root, 'apps/server/dist/main.js')], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: dbUrl.toString(),
      APP_SECRET: randomBytes(32).toString('hex'),
      DEMO: 'true',
      // The API process only: the worker's jobs (auto-close of the seeded resolved tickets...) would be measured too.
      ROLE: 'api',
      LOG_LEVEL: 'warn',
      EXPORT_INLINE_MAX_ROWS: String(options.rows * 2 + 10_000),
      DATA_DIR: path.join(root, 'data-bench-exports'),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const db = new pg.Client({ connectionString: dbUrl.toString() });
  try {
    for (let i = 0; i < 600; i++) {
      try {
        if ((await fetch(`${base}/readyz`)).ok) break;
      } catch {
        // starting
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    await db.connect();
    // The demo organisation brings tickets of its own: they are exported too.
    const existing = Number((await db.query<{ n: number }>('select count(*)::int as n from tickets')).rows[0]!.n);
    const benchRows = Number(
      (await db.query<{ n: number }>(`select count(*)::int as n from tickets where ticket_number like 'BENCH-%'`))
        .rows[0]!.n,
    );
    if (options.database && benchRows !== options.rows)
      throw new Error(`${name} holds ${benchRows} bench tickets, not ${options.rows}`);
    const expected = options.database ? existing : options.rows + existing;
    const seedStart = performance.now();
    if (!options.database) {
      // A year of tickets from the demo people, categories and priorities, spread over their states.
      await db.query(
        `insert into tickets (ticket_number, user_id, category_id, priority_id, priority_level, title, description,
                            status, assigned_to, created_at, updated_at, resolved_at, closed_at)
       select 'BENCH-' || lpad(g::text, 7, '0'),
              (select id from users where email = 'user@demo.local'),
              (select id from categories order by name offset (g % 3) limit 1),
              p.id, p.level,
              'Printer lantai ' || (g % 9) || ' tidak bisa mencetak, "kertas macet", =cek',
              'bench', s.status,
              case when s.status = 'OPEN' then null else (select id from users where email = 'staff@demo.local') end,
              c.at, c.at,
              case when s.status in ('RESOLVED', 'CLOSED') then c.at + interval '3 hours' end,
              case when s.status = 'CLOSED' then c.at + interval '1 day' end
       from generate_series(1, $1::int) g
       cross join lateral (select timestamptz '2025-12-01 00:00Z' + (g::float / $1 * 365) * interval '1 day' as at) c
       cross join lateral (select (array['OPEN','IN_PROGRESS','ON_HOLD','RESOLVED','CLOSED'])[1 + g % 5]::ticket_status as status) s
       cross join lateral (select id, level from priorities order by level offset (g % 4) limit 1) p`,
        [options.rows],
      );
      await db.query('analyze tickets');
    }
    const seedMs = performance.now() - seedStart;

    // Baseline: the same rows and columns by one plain query, all fetched.
    const baseStart = performance.now();
    const plain = await db.query(
      `select t.ticket_number, t.title, t.status, p.name, c.name, r.name, a.name, t.sla_deadline,
              t.created_at, t.resolved_at, t.closed_at
       from tickets t join priorities p on p.id = t.priority_id join categories c on c.id = t.category_id
       join users r on r.id = t.user_id left join users a on a.id = t.assigned_to
       order by t.created_at desc, t.id desc`,
    );
    const baseMs = performance.now() - baseStart;

    const token = await login(base, 'manager@demo.local');
    // Warm-up (JIT, the pool's connections, prepared plans): one export of a fifth of the rows.
    const warm = await fetch(`${base}/api/tickets/export?format=${options.format}&status=OPEN`, {
      headers: { authorization: `Bearer ${token}` },
    });
    await warm.arrayBuffer();
    await new Promise((r) => setTimeout(r, 1000));
    const before = await rss(server.pid!);
    const stop = sampleRss(server.pid!);
    const start = performance.now();
    const res = await fetch(`${base}/api/tickets/export?format=${options.format}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (res.status !== 200) throw new Error(`export: ${res.status} ${await res.text()}`);
    let bytes = 0;
    let newlines = 0;
    let firstByteMs = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      if (bytes === 0) firstByteMs = performance.now() - start;
      bytes += chunk.length;
      if (options.format === 'csv') for (const b of chunk) if (b === 10) newlines += 1;
    }
    const ms = performance.now() - start;
    const peak = await stop();
    const rows = Number(res.headers.get('x-export-rows'));
    // Every quoted title holds no line break, so lines = header + rows.
    if (options.format === 'csv' && newlines !== rows + 1) throw new Error(`CSV has ${newlines - 1} rows, not ${rows}`);
    if (rows !== expected || plain.rowCount !== expected)
      throw new Error(`expected ${expected} rows, exported ${rows}, plain ${plain.rowCount}`);

    const result = {
      rows,
      format: options.format,
      seedMs,
      baseMs,
      ms,
      firstByteMs,
      mb: bytes / 1024 / 1024,
      rowsPerSecond: rows / (ms / 1000),
      baselineRowsPerSecond: rows / (baseMs / 1000),
      rssBefore: before,
      rssGrowth: peak - before,
    };
    log(
      `${rows} tickets (seeded in ${(seedMs / 1000).toFixed(1)} s), ${options.format.toUpperCase()} export by a manager`,
    );
    log('| step | time | rows/s | note |');
    log('|---|---|---|---|');
    log(
      `| plain SELECT of the same rows and columns (baseline, pg, all in memory) | ${baseMs.toFixed(0)} ms | ${result.baselineRowsPerSecond.toFixed(0)} | |`,
    );
    log(
      `| GET /api/tickets/export?format=${options.format} | ${ms.toFixed(0)} ms (first byte ${firstByteMs.toFixed(0)} ms) | ${result.rowsPerSecond.toFixed(0)} | ${result.mb.toFixed(1)} MiB |`,
    );
    log(
      `server RSS: ${before.toFixed(0)} MiB before, peak growth ${result.rssGrowth.toFixed(1)} MiB during the export (budget 64 MiB)`,
    );
    return result;
  } finally {
    await db.end().catch(() => undefined);
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    if (options.keep) log(`kept database ${name} (reuse it with --database ${name})`);
    else await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '100000' },
      format: { type: 'string', default: 'csv' },
      pg: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
      'node-arg': { type: 'string', multiple: true, default: [] },
      database: { type: 'string' },
      keep: { type: 'boolean', default: false },
    },
  });
  const result = await runExportBench({
    rows: Number(values.rows),
    format: values.format === 'xlsx' ? 'xlsx' : 'csv',
    serverUrl: values.pg,
    nodeArgs: values['node-arg'],
    database: values.database,
    keep: values.keep || values.database !== undefined,
  });
  const pass = result.format !== 'csv' || (result.rowsPerSecond >= 50_000 && result.rssGrowth < 64);
  console.log(pass ? 'PASS' : 'FAIL: target is >= 50,000 rows/s and < 64 MiB RSS growth');
  process.exitCode = pass ? 0 : 1;
}
