/**
 * Benchmark harness: seeds a throwaway PostgreSQL database, starts the built server against it,
 * loads the main ticket routes with autocannon and compares each with two baselines measured in
 * the same run: the same SQL through a bare Fastify route, and through `pg` directly.
 *
 *   npm run bench -- [--tickets N] [--duration S] [--connections C] [--warmup S] [--rate R] [--keep]
 *                    [--only queue,search,...] [--reuse-database bantu_bench_xxxx]
 *                    [--server-node-args="--cpu-prof --cpu-prof-dir=/tmp/prof"] [--server-role all|api]
 *                    [--database-url postgres://postgres@127.0.0.1:5432/postgres]
 *
 * The database URL may also come from BENCH_DATABASE_URL; it must allow CREATE DATABASE.
 *
 * docs/performance.md explains the method and holds the figures.
 */
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startCpu, type CpuUse } from './cpu';
import { httpLoad, pacedHttpLoad, pgLoad, type HttpLoad, type LoadResult } from './load';
import { buildScenarios, toSearchTsQuery, type BenchContext, type Scenario, type ScenarioName } from './scenarios';
import { describeData, seed, type SeedReport } from './seed';
import { freePort } from '../apps/server/test/ports';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SERVER_MAIN = path.join(ROOT, 'apps/server/dist/main.js');
const BASELINE_SERVER = path.join(ROOT, 'bench/baseline-server.ts');
const DEMO_PASSWORD = 'demo1234';

export interface BenchOptions {
  tickets: number;
  /** Seconds of measured load per scenario and per target (API, bare Fastify, pg). */
  duration: number;
  connections: number;
  /** Unmeasured load before each measured run (JIT, caches), in seconds. */
  warmup: number;
  /** Keep the bench database instead of dropping it (for EXPLAIN by hand). */
  keep: boolean;
  /** Also measure every scenario at this fixed rate (req/s over all connections); null for none. */
  rate: number | null;
  /** Measure only these scenarios (all when null). */
  only: ScenarioName[] | null;
  /** Run against this existing bench database (kept by --keep) instead of seeding a new one; it is kept. */
  reuseDatabase: string | null;
  /** Extra Node flags for the server child, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` (profiling). */
  serverNodeArgs: string[];
  /**
   * The server's ROLE: `all` (the default shape: API and worker in one process, so a create's
   * notifications are dispatched and sent while the load runs) or `api` (no worker: what the
   * API alone costs, as in the scale-out shape where workers run elsewhere).
   */
  serverRole: 'all' | 'api';
  /** The server's DATABASE_POOL_SIZE; the baselines' pools get the same size. */
  poolSize: number;
  /** A PostgreSQL superuser connection; the bench database is created next to it. */
  adminUrl: string;
  /** Where the JSON report goes; null for none. */
  resultsDir: string | null;
  log: (line: string) => void;
}

export const DEFAULT_OPTIONS: BenchOptions = {
  tickets: 100_000,
  duration: 10,
  connections: 20,
  warmup: 2,
  keep: false,
  rate: null,
  only: null,
  reuseDatabase: null,
  serverNodeArgs: [],
  serverRole: 'all',
  poolSize: 20,
  adminUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  resultsDir: path.join(ROOT, 'test-results/bench'),
  log: (line) => console.log(line),
};

interface Memory {
  rssMb: number;
  hwmMb: number;
}

/** A measured run and the CPU it took, per process group. */
export interface Run extends LoadResult {
  cpu: CpuUse;
}

/** One scenario through the API and both baselines, under the same load. */
export interface RunSet {
  api: Run;
  fastify: Run;
  pg: Run;
}

export interface ScenarioResult extends RunSet {
  name: string;
  label: string;
  targetP99Ms: number | null;
  /** The same three runs at a fixed request rate (--rate), if asked for. */
  paced: (RunSet & { rate: number }) | null;
  /** Server process memory (VmRSS, VmHWM) around the measured closed-loop API run. */
  memory: { before: Memory | null; after: Memory | null };
  /** Items on the first page (lists) per request variant, from a check before the load. */
  firstPage: Record<string, number | null>;
  /** Did pg_stat_activity show the server running the baseline's SQL text? */
  sqlCheck: string;
}

export interface ExplainResult {
  label: string;
  executionMs: number | null;
  planningMs: number | null;
  plan: string[];
}

export interface BenchReport {
  startedAt: string;
  options: Omit<BenchOptions, 'log' | 'adminUrl' | 'resultsDir'>;
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; postgres: string; loadAverage: number[] };
  /** The commit the server was built from, "+ changes" when apps/server or contracts had uncommitted edits. */
  commit: string;
  database: string;
  seed: SeedReport;
  scenarios: ScenarioResult[];
  explain: ExplainResult[];
  searchTerms: { term: string; tickets: number; comments: number; numbers: number }[];
  baselineMemory: Memory | null;
  totalSeconds: number;
}

// ---------------------------------------------------------------- processes

function memoryOf(pid: number | undefined): Memory | null {
  if (!pid) return null;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/** Keeps the last lines a child printed, for error messages. */
function tail(child: ChildProcess, keep = 40): string[] {
  const lines: string[] = [];
  const add = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - keep));
  };
  child.stdout?.on('data', add);
  child.stderr?.on('data', add);
  return lines;
}

/** SIGTERM, then SIGKILL after 15 s: a child never outlives the bench. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

interface Child {
  url: string;
  pid: number | undefined;
  stop: () => Promise<void>;
}

async function startServer(
  databaseUrl: string,
  poolSize: number,
  nodeArgs: string[] = [],
  role: BenchOptions['serverRole'] = 'all',
): Promise<Child> {
  if (!fs.existsSync(SERVER_MAIN)) throw new Error(`${SERVER_MAIN} is missing: run npm run build -w @bantu/server`);
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bantu-bench-'));
  // A minimal environment: nothing from the caller's shell (REDIS_URL, NODE_ENV=test...) leaks in.
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME ?? os.tmpdir(),
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    APP_SECRET: crypto.randomBytes(32).toString('hex'),
    DEMO: 'true',
    ROLE: role,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DATABASE_POOL_SIZE: String(poolSize),
    DATA_DIR: dataDir,
    // Tokens outlive a long run (the default is 15 minutes).
    ACCESS_TOKEN_TTL_SECONDS: '86400',
    // The load comes from a few users: per-user budgets would measure 429s.
    SEARCH_LIMIT_PER_MINUTE: '1000000000',
    EXPORT_LIMIT_PER_MINUTE: '1000000000',
  };
  const child = spawn(process.execPath, [...nodeArgs, SERVER_MAIN], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = tail(child);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopChild(child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = performance.now() + 120_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const response = await fetch(`${url}/readyz`);
      if (response.ok) return { url, pid: child.pid, stop };
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  await stop();
  throw new Error(`the server did not become ready (exit code ${child.exitCode}):\n${output.join('\n')}`);
}

async function startBaselineServer(databaseUrl: string, poolSize: number, contextFile: string): Promise<Child> {
  const child = fork(BASELINE_SERVER, [], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: databaseUrl,
      POOL_SIZE: String(poolSize),
      BENCH_CONTEXT_FILE: contextFile,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const output = tail(child);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the baseline server did not start within 60 s')), 60_000);
    child.once('message', (message: { port?: number }) => {
      clearTimeout(timer);
      resolve(message.port ?? 0);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the baseline server exited with ${code}:\n${output.join('\n')}`));
    });
  });
  return { url: `http://127.0.0.1:${port}`, pid: child.pid, stop: () => stopChild(child) };
}

// ---------------------------------------------------------------- API helpers

async function login(url: string, email: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (!response.ok) throw new Error(`sign-in as ${email} failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/** One request before the load: it must succeed, and tells how many items a list answered. */
async function probe(url: string, token: string, scenario: Scenario, i: number): Promise<number | null> {
  const r = scenario.request(i);
  const response = await fetch(`${url}${r.path}`, {
    method: r.method,
    headers: { authorization: `Bearer ${token}`, ...(r.body ? { 'content-type': 'application/json' } : {}) },
    body: r.body,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${scenario.name}: ${r.method} ${r.path} answered ${response.status}: ${text}`);
  const body = JSON.parse(text) as { items?: unknown[] };
  return Array.isArray(body.items) ? body.items.length : null;
}

// ---------------------------------------------------------------- SQL drift check

const normalize = (sql: string) => sql.replace(/\s+/g, ' ').trim();

/** Collects the statement texts the server's connections run (pg_stat_activity), every 20 ms. */
function sampleStatements(client: pg.Client, database: string) {
  const seen = new Set<string>();
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await client.query<{ query: string }>(
        `SELECT query FROM pg_stat_activity
          WHERE datname = $1 AND pid <> pg_backend_pid() AND application_name NOT LIKE 'bantu-bench%' AND query <> ''`,
        [database],
      );
      for (const row of rows) seen.add(normalize(row.query));
      await sleep(20);
    }
  })();
  return async () => {
    running = false;
    await loop;
    return seen;
  };
}

/** pg_stat_activity cuts texts at track_activity_query_size (1 kB): then a prefix match is all we get. */
function compareStatements(expected: string[], seen: Set<string>): string {
  let exact = 0;
  let prefix = 0;
  for (const statement of expected.map(normalize)) {
    if (seen.has(statement)) exact++;
    else if ([...seen].some((s) => s.length >= 200 && statement.startsWith(s))) prefix++;
  }
  const missing = expected.length - exact - prefix;
  if (missing > 0) return `DIFFERENT (${missing}/${expected.length} not seen)`;
  return prefix > 0 ? 'same (first 1 kB)' : 'same';
}

// ---------------------------------------------------------------- the run

/** Registered clean-up steps of the current run; also run by the CLI on Ctrl-C. */
const cleanups: (() => Promise<void>)[] = [];

async function cleanUp(log: (line: string) => void) {
  while (cleanups.length) {
    const step = cleanups.pop()!;
    await step().catch((error: unknown) => log(`clean-up: ${error instanceof Error ? error.message : String(error)}`));
  }
}

export async function runBench(input: Partial<BenchOptions> = {}): Promise<BenchReport> {
  const options: BenchOptions = { ...DEFAULT_OPTIONS, ...input };
  const { log } = options;
  const started = performance.now();
  const clock = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;
  const database = options.reuseDatabase ?? `bantu_bench_${crypto.randomBytes(4).toString('hex')}`;
  const databaseUrl = Object.assign(new URL(options.adminUrl), { pathname: `/${database}` }).toString();

  warnIfStaleBuild(log);
  try {
    // 1. A fresh database.
    const admin = new pg.Client({ connectionString: options.adminUrl, application_name: 'bantu-bench' });
    await admin.connect();
    cleanups.push(() => admin.end());
    if (!options.reuseDatabase) await admin.query(`CREATE DATABASE ${database}`);
    else if (!(await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])).rowCount) {
      throw new Error(`--reuse-database: there is no database ${database}`);
    }
    cleanups.push(async () => {
      if (options.keep || options.reuseDatabase) log(`kept database ${database} (${databaseUrl})`);
      else await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    });
    log(`database ${database}${options.reuseDatabase ? ' (reused, not seeded)' : ''}`);
    if (options.reuseDatabase) {
      // Earlier create runs left outbox events (the pg baseline's creates are never dispatched)
      // and notification deliveries still queued when that server stopped: the server would send
      // them during the measurements (4,882 mails took most of a search run's CPU, 368 -> 108 req/s).
      const reused = new pg.Client({ connectionString: databaseUrl, application_name: 'bantu-bench' });
      await reused.connect();
      try {
        const done = await reused.query('UPDATE outbox_events SET processed_at = now() WHERE processed_at IS NULL');
        if (done.rowCount) log(`marked ${done.rowCount} pending outbox events of earlier runs processed`);
        const settled = await reused.query(
          "UPDATE notification_deliveries SET status = 'sent', sent_at = now() WHERE status = 'pending'",
        );
        await reused.query(
          "DELETE FROM pgboss.job WHERE name = 'notification-delivery' AND state IN ('created', 'retry')",
        );
        if (settled.rowCount) log(`marked ${settled.rowCount} queued notification deliveries of earlier runs sent`);
      } finally {
        await reused.end();
      }
    }

    // 2. The built server migrates the schema and seeds the demo organisation.
    const server = await startServer(databaseUrl, options.poolSize, options.serverNodeArgs, options.serverRole);
    cleanups.push(server.stop);
    log(`server pid ${server.pid} on ${server.url} (${clock()})`);

    // 3. Bulk data.
    const db = new pg.Client({ connectionString: databaseUrl, application_name: 'bantu-bench' });
    await db.connect();
    cleanups.push(() => db.end());
    if (!options.reuseDatabase) log(`seeding ${options.tickets.toLocaleString('en')} tickets`);
    const seedReport = options.reuseDatabase
      ? await describeData(db)
      : await seed(db, { tickets: options.tickets, log });
    log(
      `seeded in ${seedReport.seconds.total.toFixed(1)} s; tickets ${seedReport.sizes.tickets}, ` +
        `comments ${seedReport.sizes.ticketComments}, database ${seedReport.sizes.database}`,
    );

    // 4. Tokens and the ids/words the scenarios rotate over.
    const [staffToken, userToken] = [
      await login(server.url, 'staff@demo.local'),
      await login(server.url, 'user@demo.local'),
    ];
    const context = await collectContext(db);
    const contextFile = path.join(os.tmpdir(), `${database}-context.json`);
    fs.writeFileSync(contextFile, JSON.stringify(context));
    cleanups.push(async () => fs.rmSync(contextFile, { force: true }));

    const baselineServer = await startBaselineServer(databaseUrl, options.poolSize, contextFile);
    cleanups.push(baselineServer.stop);
    const pool = new pg.Pool({
      connectionString: databaseUrl,
      max: options.poolSize,
      application_name: 'bantu-bench-pg',
    });
    cleanups.push(() => pool.end());

    // Plans and word frequencies of the seeded data, before the create scenario adds tickets.
    const explain = await explainAll(db, buildScenarios(context));
    const searchTerms = await termSelectivity(db, context.searchTerms);
    log(`EXPLAIN done (${clock()})`);

    // 5 and 6. Each scenario: the API, then the bare Fastify route, then pg directly.
    const results: ScenarioResult[] = [];
    const sampler = new pg.Client({ connectionString: databaseUrl, application_name: 'bantu-bench-sampler' });
    await sampler.connect();
    cleanups.push(() => sampler.end());
    const loadFor = (
      seconds: number,
      url: string,
      token: string | null,
      request: Scenario['request'],
      rate: number | null,
    ) => {
      const load: HttpLoad = {
        url,
        connections: options.connections,
        seconds,
        headers: token ? { authorization: `Bearer ${token}` } : {},
        request,
      };
      return rate ? pacedHttpLoad({ ...load, rate }) : httpLoad(load);
    };
    // Backends of the server and of both baselines (not the seeding/EXPLAIN client, not the sampler).
    const postgresPids = async () =>
      (
        await db.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()
              AND application_name NOT IN ('bantu-bench', 'bantu-bench-sampler')`,
          [database],
        )
      ).rows.map((r) => r.pid);
    const measure = async (pid: number | undefined, run: () => Promise<LoadResult>): Promise<Run> => {
      const stop = await startCpu(pid, postgresPids);
      const result = await run();
      return { ...result, cpu: await stop() };
    };

    for (const scenario of buildScenarios(context).filter((s) => !options.only || options.only.includes(s.name))) {
      const token = scenario.as === 'staff' ? staffToken : userToken;
      const firstPage: Record<string, number | null> = {};
      if (scenario.name === 'search') {
        for (const [i, term] of context.searchTerms.entries())
          firstPage[term] = await probe(server.url, token, scenario, i);
      } else {
        firstPage.all = await probe(server.url, token, scenario, 0);
      }
      const bare: Scenario['request'] = (i) => ({ ...scenario.request(i), path: `/baseline/${scenario.name}/${i}` });
      const seen = new Set<string>();
      let memory: ScenarioResult['memory'] = { before: null, after: null };

      // The API, then the bare Fastify route, then pg directly; each after its own warm-up.
      const runSet = async (rate: number | null): Promise<RunSet> => {
        const { warmup, duration, connections } = options;
        if (warmup > 0) await loadFor(warmup, server.url, token, scenario.request, rate);
        const before = memoryOf(server.pid);
        const stopSampling = sampleStatements(sampler, database);
        const api = await measure(server.pid, () => loadFor(duration, server.url, token, scenario.request, rate));
        for (const statement of await stopSampling()) seen.add(statement);
        if (!rate) memory = { before, after: memoryOf(server.pid) };

        if (warmup > 0) await loadFor(warmup, baselineServer.url, null, bare, rate);
        const fastify = await measure(baselineServer.pid, () =>
          loadFor(duration, baselineServer.url, null, bare, rate),
        );

        if (warmup > 0) await pgLoad(pool, connections, warmup, scenario.baseline, rate ?? undefined);
        const direct = await measure(undefined, () =>
          pgLoad(pool, connections, duration, scenario.baseline, rate ?? undefined),
        );
        log(
          `${scenario.name}${rate ? ` at ${rate} req/s` : ''}: API ${fmt(api.rps, 0)} req/s p99 ${fmt(api.p99)} ms | ` +
            `fastify+pg p99 ${fmt(fastify.p99)} ms | pg p99 ${fmt(direct.p99)} ms | ` +
            `errors ${api.errors}/${fastify.errors}/${direct.errors} (${clock()})`,
        );
        return { api, fastify, pg: direct };
      };

      const closed = await runSet(null);
      const paced = options.rate ? { rate: options.rate, ...(await runSet(options.rate)) } : null;
      results.push({
        name: scenario.name,
        label: scenario.label,
        targetP99Ms: scenario.targetP99Ms,
        ...closed,
        paced,
        memory,
        firstPage,
        sqlCheck: compareStatements(scenario.statements, seen),
      });
    }

    const { rows: version } = await db.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);

    const report: BenchReport = {
      startedAt: new Date(Date.now() - (performance.now() - started)).toISOString(),
      options: {
        tickets: seedReport.tickets,
        duration: options.duration,
        connections: options.connections,
        warmup: options.warmup,
        keep: options.keep,
        rate: options.rate,
        only: options.only,
        reuseDatabase: options.reuseDatabase,
        serverNodeArgs: options.serverNodeArgs,
        serverRole: options.serverRole,
        poolSize: options.poolSize,
      },
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        memoryGb: Math.round(os.totalmem() / 1024 ** 3),
        node: process.version,
        postgres: version[0]?.v ?? 'unknown',
        loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
      },
      commit: gitCommit(),
      database,
      seed: seedReport,
      scenarios: results,
      explain,
      searchTerms,
      baselineMemory: memoryOf(baselineServer.pid),
      totalSeconds: (performance.now() - started) / 1000,
    };
    if (options.resultsDir) {
      fs.mkdirSync(options.resultsDir, { recursive: true });
      const file = path.join(
        options.resultsDir,
        `${report.startedAt.replace(/[:.]/g, '-')}-${seedReport.tickets}.json`,
      );
      fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
      log(`report: ${path.relative(ROOT, file)}`);
    }
    return report;
  } finally {
    await cleanUp(log);
  }
}

async function collectContext(db: pg.Client): Promise<BenchContext> {
  const one = async (sql: string) => (await db.query<{ v: string }>(sql)).rows[0]?.v ?? '';
  const staffId = await one(`SELECT id AS v FROM users WHERE email = 'staff@demo.local'`);
  const userId = await one(`SELECT id AS v FROM users WHERE email = 'user@demo.local'`);
  const categoryId = await one(`SELECT id AS v FROM categories WHERE is_active ORDER BY name LIMIT 1`);
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM tickets ORDER BY random() LIMIT 1000`);
  // A partial number as people type it: the newest ticket's number without prefix and last digit.
  const newest = await one(`SELECT ticket_number AS v FROM tickets ORDER BY created_at DESC LIMIT 1`);
  const partialNumber = newest.replace(/^[A-Z]+-/, '').slice(0, -1);
  return {
    staffId,
    userId,
    categoryId,
    ticketIds: rows.map((r) => r.id),
    // Frequent and rare words, Indonesian and English, one phrase, one partial ticket number.
    searchTerms: ['printer', 'jaringan', 'outlook', 'tidak bisa login', 'proyektor', partialNumber],
  };
}

async function explainAll(db: pg.Client, scenarios: Scenario[]): Promise<ExplainResult[]> {
  const results: ExplainResult[] = [];
  for (const scenario of scenarios) {
    for (const target of scenario.explain()) {
      const { rows } = await db.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, BUFFERS) ${target.text}`,
        target.values,
      );
      const plan = rows.map((r) => r['QUERY PLAN']);
      const ms = (label: string) => {
        const line = plan.find((l) => l.startsWith(label));
        return line ? Number(/([\d.]+) ms/.exec(line)?.[1]) : null;
      };
      results.push({ label: target.label, executionMs: ms('Execution Time'), planningMs: ms('Planning Time'), plan });
    }
  }
  return results;
}

async function termSelectivity(db: pg.Client, terms: string[]): Promise<BenchReport['searchTerms']> {
  const out: BenchReport['searchTerms'] = [];
  for (const term of terms) {
    // Numbers: substring matches (ILIKE), for scale; the number branches match from the start.
    const pattern = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const { rows } = await db.query<{ tickets: number; comments: number; numbers: number }>(
      `SELECT (SELECT count(*) FROM tickets WHERE search @@ to_tsquery('simple', $1))::int AS tickets,
              (SELECT count(*) FROM ticket_comments WHERE search @@ to_tsquery('simple', $1))::int AS comments,
              (SELECT count(*) FROM tickets WHERE ticket_number ILIKE $2)::int AS numbers`,
      [toSearchTsQuery(term) ?? term, pattern],
    );
    out.push({ term, ...rows[0]! });
  }
  return out;
}

function gitCommit(): string {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout?.trim() ?? '';
  const head = git('rev-parse', '--short', 'HEAD') || 'unknown';
  return git('status', '--porcelain', 'apps/server', 'packages/contracts') ? `${head} + changes` : head;
}

function warnIfStaleBuild(log: (line: string) => void) {
  if (!fs.existsSync(SERVER_MAIN)) return;
  const built = fs.statSync(SERVER_MAIN).mtimeMs;
  const newest = (dir: string): number =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .reduce(
        (max, e) =>
          Math.max(max, e.isDirectory() ? newest(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).mtimeMs),
        0,
      );
  const sources = ['apps/server/src', 'packages/contracts/src'].map((dir) => newest(path.join(ROOT, dir)));
  if (Math.max(...sources) > built) {
    log('warning: apps/server/dist is older than its sources; run npm run build -w @bantu/server');
  }
}

// ---------------------------------------------------------------- report

const fmt = (n: number | null | undefined, digits = 1) =>
  n == null || Number.isNaN(n)
    ? '—'
    : n.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function markdownTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

export function verdict(target: number | null, run: LoadResult): 'PASS' | 'FAIL' | '—' {
  if (target === null) return '—';
  return run.errors === 0 && run.p99 < target ? 'PASS' : 'FAIL';
}

/** The tables of a report, as Markdown (readable in a terminal, pasteable into the docs). */
export function formatReport(report: BenchReport): string {
  const ratio = (a: number, b: number) => (b > 0 ? `${fmt(a / b)}×` : '—');
  const latencyTable = (pick: (r: ScenarioResult) => RunSet | null) => {
    const rows: string[][] = [];
    for (const r of report.scenarios) {
      const set = pick(r);
      if (!set) continue;
      const { api, fastify, pg: direct } = set;
      const target = r.targetP99Ms === null ? '—' : `< ${r.targetP99Ms}`;
      const row = (via: string, run: Run, extra: string[]) => [
        via === 'API' ? r.label : '',
        via,
        fmt(run.rps, 0),
        fmt(run.p50),
        fmt(run.p99),
        String(run.errors),
        ...extra,
      ];
      rows.push(
        row('API', api, [
          ratio(api.rps, fastify.rps),
          ratio(api.p99, fastify.p99),
          ratio(api.p99, direct.p99),
          target,
          verdict(r.targetP99Ms, api),
        ]),
      );
      rows.push(row('fastify+pg', fastify, ['', '', '', '', '']));
      rows.push(row('pg', direct, ['', '', '', '', '']));
    }
    return markdownTable(
      [
        'scenario',
        'via',
        'req/s',
        'p50 ms',
        'p99 ms',
        'errors',
        'req/s ÷ fastify+pg',
        'p99 ÷ fastify+pg',
        'p99 ÷ pg',
        'target p99 ms',
        'verdict',
      ],
      rows,
    );
  };
  const main = latencyTable((r) => r);
  const pacedRate = report.scenarios.find((r) => r.paced)?.paced?.rate;
  const paced = pacedRate ? latencyTable((r) => r.paced) : null;
  const cpu = markdownTable(
    [
      'scenario',
      'via',
      'app',
      'PostgreSQL (bench db)',
      'PostgreSQL (other)',
      'load generator',
      'other processes',
      'machine busy',
    ],
    report.scenarios.flatMap((r) =>
      (['api', 'fastify', 'pg'] as const).map((via) => {
        const c = r[via].cpu;
        return [
          via === 'api' ? r.label : '',
          via === 'api' ? 'API' : via === 'fastify' ? 'fastify+pg' : 'pg',
          fmt(c.target, 2),
          fmt(c.postgres, 2),
          fmt(c.postgresOther, 2),
          fmt(c.loadGenerator, 2),
          fmt(Math.max(0, c.machine - (c.target ?? 0) - c.postgres - c.postgresOther - c.loadGenerator), 2),
          `${fmt(c.machine, 2)} of ${fmt(c.cores, 0)}`,
        ];
      }),
    ),
  );
  const memory = markdownTable(
    ['scenario', 'RSS before MB', 'RSS after MB', 'peak RSS (VmHWM) MB', 'SQL check', 'first page items'],
    report.scenarios.map((r) => [
      r.label,
      fmt(r.memory.before?.rssMb, 0),
      fmt(r.memory.after?.rssMb, 0),
      fmt(r.memory.after?.hwmMb, 0),
      r.sqlCheck,
      Object.entries(r.firstPage)
        .map(([k, v]) => (k === 'all' ? String(v ?? '—') : `${k}: ${v ?? '—'}`))
        .join(', '),
    ]),
  );
  const terms = markdownTable(
    ['search term', 'tickets matching (title/description)', 'comments matching', 'ticket numbers matching'],
    report.searchTerms.map((t) => [t.term, fmt(t.tickets, 0), fmt(t.comments, 0), fmt(t.numbers, 0)]),
  );
  const explain = report.explain
    .map((e) => {
      const top = e.plan
        .filter((l) => !/^\s*(Planning|Execution)/.test(l))
        .filter((l) => /^\s*(->\s+)?[A-Z][\w ]+( {2}\(| on | using )/.test(l) || /^\S/.test(l))
        .slice(0, 10)
        .map((l) => (l.length > 150 ? `${l.slice(0, 147)}...` : l));
      return `${e.label}: execution ${fmt(e.executionMs, 2)} ms, planning ${fmt(e.planningMs, 2)} ms\n${top.join('\n')}`;
    })
    .join('\n\n');
  const s = report.seed;
  const m = report.machine;
  return [
    `Bantu bench, ${report.startedAt}: ${s.tickets.toLocaleString('en')} tickets, ${report.options.connections} connections, ` +
      `${report.options.duration} s per run (+${report.options.warmup} s warm-up)`,
    `commit ${report.commit}; machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB, Node ${m.node}, PostgreSQL ${m.postgres}, load average ${m.loadAverage.join(' ')}`,
    `seed: ${s.tickets.toLocaleString('en')} tickets, ${s.comments.toLocaleString('en')} comments, ${s.users.toLocaleString('en')} users ` +
      `${s.seconds.total === 0 ? '(reused database, not seeded in this run)' : `in ${fmt(s.seconds.total)} s`} (rows ${fmt(s.seconds.rows)} s, indexes ${fmt(s.seconds.indexes)} s, vacuum analyze ${fmt(s.seconds.vacuum)} s); ` +
      `tickets ${s.sizes.tickets}, comments ${s.sizes.ticketComments}, database ${s.sizes.database}; ` +
      `status mix ${Object.entries(s.statusMix)
        .map(([k, v]) => `${k} ${v.toLocaleString('en')}`)
        .join(', ')}`,
    '',
    `Closed loop: ${report.options.connections} connections, each sending its next request as soon as the last one answered.`,
    '',
    main,
    ...(paced ? ['', `Paced: ${pacedRate} req/s over all ${report.options.connections} connections.`, '', paced] : []),
    '',
    'CPU during the closed-loop runs, in cores (1.00 = one core busy for the whole run):',
    '',
    cpu,
    '',
    memory,
    '',
    terms,
    '',
    'EXPLAIN (ANALYZE, BUFFERS), plan nodes:',
    '',
    explain,
  ].join('\n');
}

// ---------------------------------------------------------------- CLI

const SCENARIO_NAMES: ScenarioName[] = [
  'queue',
  'queue-priority',
  'my-tickets',
  'ticket',
  'search',
  'counts',
  'create',
];

function parseOnly(list: string): ScenarioName[] {
  const names = list.split(',').map((n) => n.trim());
  const unknown = names.filter((n) => !(SCENARIO_NAMES as string[]).includes(n));
  if (unknown.length)
    throw new Error(`--only: unknown scenario ${unknown.join(', ')} (known: ${SCENARIO_NAMES.join(', ')})`);
  return names as ScenarioName[];
}

async function main() {
  const { values } = parseArgs({
    options: {
      tickets: { type: 'string' },
      duration: { type: 'string' },
      connections: { type: 'string' },
      warmup: { type: 'string' },
      rate: { type: 'string' },
      keep: { type: 'boolean', default: false },
      'database-url': { type: 'string' },
      only: { type: 'string' },
      'reuse-database': { type: 'string' },
      'server-node-args': { type: 'string' },
      'server-role': { type: 'string', default: 'all' },
    },
  });
  const parseRole = (value: string): BenchOptions['serverRole'] => {
    if (value !== 'all' && value !== 'api') throw new Error('--server-role must be all or api');
    return value;
  };
  const number = (value: string | undefined, fallback: number, name: string) => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number`);
    return n;
  };
  const options: Partial<BenchOptions> = {
    tickets: Math.floor(number(values.tickets, DEFAULT_OPTIONS.tickets, 'tickets')),
    duration: number(values.duration, DEFAULT_OPTIONS.duration, 'duration'),
    connections: Math.max(1, Math.floor(number(values.connections, DEFAULT_OPTIONS.connections, 'connections'))),
    warmup: number(values.warmup, DEFAULT_OPTIONS.warmup, 'warmup'),
    keep: values.keep,
    rate: values.rate === undefined ? null : number(values.rate, 0, 'rate') || null,
    adminUrl: values['database-url'] ?? DEFAULT_OPTIONS.adminUrl,
    only: values.only ? parseOnly(values.only) : null,
    reuseDatabase: values['reuse-database'] ?? null,
    serverNodeArgs: values['server-node-args']?.split(/\s+/).filter(Boolean) ?? [],
    serverRole: parseRole(values['server-role']),
  };
  // Ctrl-C or kill: stop the children and drop the database before leaving.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: cleaning up`);
      void cleanUp((line) => console.error(line)).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }
  const report = await runBench(options);
  console.log(`\n${formatReport(report)}\n`);
  const sets = report.scenarios.flatMap((r) => [
    { name: r.name, set: r },
    ...(r.paced ? [{ name: `${r.name} (paced)`, set: r.paced }] : []),
  ]);
  const failed = sets.filter(({ set }) => set.api.errors + set.fastify.errors + set.pg.errors > 0);
  for (const { name, set } of failed) {
    console.error(`ERRORS in ${name}: API ${set.api.detail}; fastify+pg ${set.fastify.detail}; pg ${set.pg.detail}`);
  }
  if (failed.length) process.exit(1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
