// Does creating a ticket wait for mail? `npm run bench:notify -- [--tickets 80] [--delay 1000]`
// Starts the built server (embedded PGlite, API and worker in one process, as by default) twice,
// side by side: one with SMTP_URL at a local SMTP server that answers every step of a mail
// (connection, MAIL FROM, RCPT TO, DATA) only after --delay ms, one at a server that answers at
// once. --connections clients create --tickets tickets on each through POST /api/tickets,
// alternating request by request (both see the same machine); prints p50/p99 of that route for
// both, and how many mails arrived (each exactly once).
// Needs the built server: npm run build.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SMTPServer } from 'smtp-server';
import { freePort } from '../apps/server/test/ports';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const serverMain = path.join(root, 'apps/server/dist/main.js');

export interface NotifyBenchOptions {
  /** Tickets created (and measured) per run, after `warmup` unmeasured ones. */
  tickets: number;
  warmup: number;
  connections: number;
  /** Delay of the slow SMTP server before each answer, in ms. */
  delayMs: number;
  /** How long to wait for the last mail of a run. */
  drainTimeoutMs: number;
  log: (line: string) => void;
}

export const DEFAULT_NOTIFY_OPTIONS: NotifyBenchOptions = {
  tickets: 80,
  warmup: 10,
  connections: 4,
  delayMs: 1000,
  drainTimeoutMs: 300_000,
  log: (line) => console.log(line),
};

export interface RunResult {
  smtp: 'fast' | 'slow';
  delayMs: number;
  tickets: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
  /** Deliveries the server made for the measured and warm-up tickets. */
  deliveries: number;
  /** Mails the SMTP server accepted (distinct Message-IDs) and how many came twice. */
  mails: number;
  duplicates: number;
  /** From the first measured request to the last mail accepted. */
  drainMs: number;
}

/** A real SMTP server that answers each step after `delayMs` and counts mails by Message-ID. */
async function startSmtp(delayMs: number) {
  const seen = new Map<string, number>();
  let lastAt = 0;
  const later = (callback: () => void) => (delayMs > 0 ? setTimeout(callback, delayMs) : callback());
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onConnect: (_session, callback) => later(() => callback()),
    onMailFrom: (_address, _session, callback) => later(() => callback()),
    onRcptTo: (_address, _session, callback) => later(() => callback()),
    onData(stream, _session, callback) {
      let head = '';
      stream.on('data', (chunk: Buffer) => {
        if (head.length < 8192) head += chunk.toString('utf8');
      });
      stream.on('end', () => {
        const id = /^Message-ID:\s*(\S+)/im.exec(head)?.[1] ?? `unknown-${seen.size}`;
        later(() => {
          seen.set(id, (seen.get(id) ?? 0) + 1);
          lastAt = performance.now();
          callback();
        });
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as net.AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}/?ignoreTLS=true`,
    mails: () => seen.size,
    duplicates: () => [...seen.values()].reduce((n, c) => n + c - 1, 0),
    lastAt: () => lastAt,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
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
  smtpKind: 'fast' | 'slow';
  delayMs: number;
  base: string;
  admin: string;
  user: string;
  categoryId: string;
  smtp: Awaited<ReturnType<typeof startSmtp>>;
  stop(): Promise<void>;
}

/** The built server with its own data directory and SMTP server. */
async function startInstance(smtpKind: 'fast' | 'slow', delayMs: number): Promise<Instance> {
  const smtp = await startSmtp(delayMs);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bantu-notify-'));
  const port = await freePort();
  const server = spawn(process.execPath, [serverMain], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: path.join(work, 'data'),
      SMTP_URL: smtp.url,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => server.once('exit', resolve));
  const stop = async () => {
    server.kill('SIGTERM');
    await exited;
    await smtp.stop();
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
      if (i > 900) throw new Error('the server did not start within 90 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    const login = async (email: string) =>
      (await api<{ accessToken: string }>(base, 'POST', '/api/auth/login', null, { email, password: 'demo1234' }))
        .accessToken;
    const admin = await login('admin@demo.local');
    const user = await login('user@demo.local');
    const categories = await api<{ items: { id: string }[] }>(base, 'GET', '/api/categories', user);
    return { smtpKind, delayMs, base, admin, user, categoryId: categories.items[0]!.id, smtp, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Creates `count` tickets on each instance with `connections` clients, alternating between the
 * instances request by request so both see the same machine (other load included).
 */
async function createTickets(instances: Instance[], count: number, connections: number) {
  const durations = instances.map(() => [] as number[]);
  let next = 0;
  const total = count * instances.length;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < total) {
        const i = next++;
        const k = i % instances.length;
        const target = instances[k]!;
        const started = performance.now();
        await api(target.base, 'POST', '/api/tickets', target.user, {
          title: `Printer lantai ${i % 9} macet`,
          description: 'Kertas tersangkut, lampu oranye berkedip.',
          categoryId: target.categoryId,
        });
        durations[k]!.push(performance.now() - started);
      }
    }),
  );
  return durations;
}

/** Waits until the instance has no pending delivery and its SMTP server got every sent mail. */
async function drain(instance: Instance, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  const count = async (status: string) => {
    let total = 0;
    let cursor: string | null = null;
    do {
      const query: string = `/api/admin/deliveries?status=${status}&limit=100${cursor ? `&cursor=${cursor}` : ''}`;
      const page: { items: unknown[]; nextCursor: string | null } = await api(
        instance.base,
        'GET',
        query,
        instance.admin,
      );
      total += page.items.length;
      cursor = page.nextCursor;
    } while (cursor);
    return total;
  };
  for (;;) {
    const [pending, sent, failed] = [await count('pending'), await count('sent'), await count('failed')];
    const deliveries = pending + sent + failed;
    if (deliveries > 0 && pending === 0 && instance.smtp.mails() >= sent) return deliveries;
    if (Date.now() > deadline) throw new Error(`${instance.smtpKind}: mails still pending after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function runNotifyBench(overrides: Partial<NotifyBenchOptions> = {}) {
  const options = { ...DEFAULT_NOTIFY_OPTIONS, ...overrides };
  if (!fs.existsSync(serverMain)) throw new Error(`${serverMain} is missing: run npm run build first`);
  const instances = await Promise.all([startInstance('fast', 0), startInstance('slow', options.delayMs)]);
  try {
    await createTickets(instances, options.warmup, options.connections);
    const started = performance.now();
    const durations = await createTickets(instances, options.tickets, options.connections);
    const results = await Promise.all(
      instances.map(async (instance, k): Promise<RunResult> => {
        const deliveries = await drain(instance, options.drainTimeoutMs);
        const sorted = [...durations[k]!].sort((a, b) => a - b);
        return {
          smtp: instance.smtpKind,
          delayMs: instance.delayMs,
          tickets: options.tickets,
          p50: percentile(sorted, 0.5),
          p99: percentile(sorted, 0.99),
          max: sorted.at(-1) ?? 0,
          mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
          deliveries,
          mails: instance.smtp.mails(),
          duplicates: instance.smtp.duplicates(),
          drainMs: instance.smtp.lastAt() - started,
        };
      }),
    );
    for (const r of results) options.log(formatRun(r));
    return { fast: results[0]!, slow: results[1]! };
  } finally {
    await Promise.all(instances.map((i) => i.stop()));
  }
}

const ms = (n: number) => n.toFixed(1);
export function formatRun(r: RunResult): string {
  return (
    `${r.smtp} SMTP (${r.delayMs} ms per answer): POST /api/tickets x${r.tickets} p50 ${ms(r.p50)} ms, ` +
    `p99 ${ms(r.p99)} ms, max ${ms(r.max)} ms, mean ${ms(r.mean)} ms | ${r.mails}/${r.deliveries} mails arrived, ` +
    `${r.duplicates} twice, last ${(r.drainMs / 1000).toFixed(1)} s after the first measured request`
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      tickets: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      delay: { type: 'string' },
    },
  });
  const num = (v: string | undefined, fallback: number) => (v === undefined ? fallback : Number(v));
  runNotifyBench({
    tickets: num(values.tickets, DEFAULT_NOTIFY_OPTIONS.tickets),
    warmup: num(values.warmup, DEFAULT_NOTIFY_OPTIONS.warmup),
    connections: num(values.connections, DEFAULT_NOTIFY_OPTIONS.connections),
    delayMs: num(values.delay, DEFAULT_NOTIFY_OPTIONS.delayMs),
  }).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
