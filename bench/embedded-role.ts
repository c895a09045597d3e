// Does the worker stretch requests in the embedded shape? `npm run bench:embedded -- [--rate 4]
// [--requests 150] [--warmup 20] [--idle 5]`
// Starts the built server twice on PGlite, each in its own temporary data directory: ROLE=all
// (API and worker in one process, sharing PGlite's one connection) and ROLE=api (no worker).
// After --idle seconds of quiet (the worker polls meanwhile), POST /api/tickets is sent to both
// at --rate requests a second each, paced (open loop: a request starts at its slot whether or
// not the previous one answered), interleaved so both see the same machine. Prints p50/p90/p99
// per role as a Markdown table and the ROLE=all / ROLE=api ratio.
// Needs the built server: npm run build -w @bantu/server.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort } from '../apps/server/test/ports';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const serverMain = path.join(root, 'apps/server/dist/main.js');

export interface EmbeddedBenchOptions {
  /** Requests a second sent to each instance. */
  rate: number;
  /** Measured requests per instance, after `warmup` unmeasured ones. */
  requests: number;
  warmup: number;
  /** Quiet seconds before measuring (the worker's idle polling runs meanwhile). */
  idleSeconds: number;
  /** Extra environment for both servers (e.g. to compare settings). */
  env: Record<string, string>;
  log: (line: string) => void;
}

export const DEFAULT_EMBEDDED_OPTIONS: EmbeddedBenchOptions = {
  rate: 4,
  requests: 150,
  warmup: 20,
  idleSeconds: 5,
  env: {},
  log: (line) => console.log(line),
};

type Role = 'all' | 'api';

export interface RoleResult {
  role: Role;
  requests: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

async function api<T>(base: string, method: string, url: string, token: string | null, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const percentile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;

interface Instance {
  role: Role;
  base: string;
  user: string;
  categoryId: string;
  stop(): Promise<void>;
}

/** The built server on PGlite in a fresh data directory, demo data seeded. */
async function startInstance(role: Role, env: Record<string, string>): Promise<Instance> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `bantu-embedded-${role}-`));
  const port = await freePort();
  const server = spawn(process.execPath, [serverMain], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: path.join(work, 'data'),
      ROLE: role,
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => server.once('exit', resolve));
  const stop = async () => {
    server.kill('SIGTERM');
    await exited;
    fs.rmSync(work, { recursive: true, force: true });
  };
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/readyz`)).ok) break;
      } catch {
        // starting
      }
      if (i > 900) throw new Error(`ROLE=${role}: the server did not start within 90 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const { accessToken } = await api<{ accessToken: string }>(base, 'POST', '/api/auth/login', null, {
      email: 'user@demo.local',
      password: 'demo1234',
    });
    const categories = await api<{ items: { id: string }[] }>(base, 'GET', '/api/categories', accessToken);
    return { role, base, user: accessToken, categoryId: categories.items[0]!.id, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Sends `count` creates to each instance at `rate` a second each, paced: slot i of instance k
 * starts at i / rate + k / (rate * instances) seconds, never waiting for earlier answers.
 * Latency is measured from the slot, so a request queued behind a slow one counts its wait.
 */
async function pacedCreates(instances: Instance[], count: number, rate: number): Promise<number[][]> {
  const durations = instances.map(() => [] as number[]);
  const start = performance.now() + 50;
  const intervalMs = 1000 / rate;
  const sends: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    for (const [k, target] of instances.entries()) {
      const at = start + i * intervalMs + (k * intervalMs) / instances.length;
      const wait = at - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      sends.push(
        api(target.base, 'POST', '/api/tickets', target.user, {
          title: `Printer lantai ${i % 9} macet`,
          description: 'Kertas tersangkut, lampu oranye berkedip.',
          categoryId: target.categoryId,
        }).then(() => {
          durations[k]!.push(performance.now() - at);
        }),
      );
    }
  }
  await Promise.all(sends);
  return durations;
}

export async function runEmbeddedBench(overrides: Partial<EmbeddedBenchOptions> = {}) {
  const options = { ...DEFAULT_EMBEDDED_OPTIONS, ...overrides };
  if (!fs.existsSync(serverMain)) throw new Error(`${serverMain} is missing: run npm run build -w @bantu/server`);
  // One after the other: two PGlite instances starting (migrations, demo seed) at once is slow.
  const instances: Instance[] = [];
  try {
    for (const role of ['all', 'api'] as const) instances.push(await startInstance(role, options.env));
    await new Promise((r) => setTimeout(r, options.idleSeconds * 1000));
    await pacedCreates(instances, options.warmup, options.rate);
    const durations = await pacedCreates(instances, options.requests, options.rate);
    const results = instances.map((instance, k): RoleResult => {
      const sorted = [...durations[k]!].sort((a, b) => a - b);
      return {
        role: instance.role,
        requests: sorted.length,
        p50: percentile(sorted, 0.5),
        p90: percentile(sorted, 0.9),
        p99: percentile(sorted, 0.99),
        max: sorted.at(-1) ?? 0,
        mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
      };
    });
    const [all, apiOnly] = results as [RoleResult, RoleResult];
    for (const line of formatTable(results, options)) options.log(line);
    return { all, api: apiOnly, ratio: { p50: all.p50 / apiOnly.p50, p90: all.p90 / apiOnly.p90 } };
  } finally {
    await Promise.all(instances.map((i) => i.stop()));
  }
}

const ms = (n: number) => n.toFixed(0);
export function formatTable(results: RoleResult[], options: Pick<EmbeddedBenchOptions, 'rate'>): string[] {
  const [all, apiOnly] = results as [RoleResult, RoleResult];
  return [
    `POST /api/tickets on PGlite, ${options.rate} requests/s per instance, paced (ms from the request's slot):`,
    '',
    '| ROLE | requests | p50 | p90 | p99 | max | mean |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map(
      (r) =>
        `| ${r.role} | ${r.requests} | ${ms(r.p50)} | ${ms(r.p90)} | ${ms(r.p99)} | ${ms(r.max)} | ${ms(r.mean)} |`,
    ),
    '',
    `ROLE=all / ROLE=api: p50 x${(all.p50 / apiOnly.p50).toFixed(2)}, p90 x${(all.p90 / apiOnly.p90).toFixed(2)}, ` +
      `p99 x${(all.p99 / apiOnly.p99).toFixed(2)}`,
  ];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      rate: { type: 'string' },
      requests: { type: 'string' },
      warmup: { type: 'string' },
      idle: { type: 'string' },
    },
  });
  const num = (v: string | undefined, fallback: number) => (v === undefined ? fallback : Number(v));
  runEmbeddedBench({
    rate: num(values.rate, DEFAULT_EMBEDDED_OPTIONS.rate),
    requests: num(values.requests, DEFAULT_EMBEDDED_OPTIONS.requests),
    warmup: num(values.warmup, DEFAULT_EMBEDDED_OPTIONS.warmup),
    idleSeconds: num(values.idle, DEFAULT_EMBEDDED_OPTIONS.idleSeconds),
  }).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
