import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { testDatabaseUrl } from '@/config';
import { openDatabase } from '@/db/database';
import { JobSender } from '@/infra/queue/job-queue';
import {
  freePort,
  ownedByPostgres,
  postgresBinDir,
  startGatedSmtp,
  startPrimaryAndReplica,
  startProcess,
  stopProcess,
  until,
  type PgServer,
  type Proc,
} from './cluster';
import { multipart } from './multipart';
import { startS3 } from './s3';

/**
 * The spec's deployment diagram on this machine, without Docker (issue 15): Debian's nginx with
 * deploy/nginx.conf in front of two built API processes (ROLE=api) and a worker (ROLE=worker),
 * a PostgreSQL primary with a streaming replica made by pg_basebackup (reports read the
 * replica), Redis for fan-out and limits, an S3-protocol server (s3rver) for files and an SMTP
 * server. The machine's own PostgreSQL allows no replication connections (pg_hba.conf), so the
 * test initdb's its own primary and replica under a temporary directory, as the postgres user.
 *
 * Under a bounded mixed load one API process is killed with SIGKILL and started again; then the
 * worker is killed with SIGKILL while deliveries are on the wire. Runs when the suite runs on
 * PostgreSQL (TEST_DATABASE_URL) and the PostgreSQL server binaries are installed.
 */
const ROOT = path.resolve(import.meta.dirname, '../../..');
const SERVER_MAIN = path.join(ROOT, 'apps/server/dist/main.js');
const NGINX = '/usr/sbin/nginx';
const REDIS_URL = 'redis://127.0.0.1:6379/9';
const BIN = postgresBinDir();
const PASSWORD = 'demo1234';
/** Deliveries a worker process sends at once (deliveryConcurrency's default, worker.ts). */
const SENDS_AT_ONCE = 4;

interface Op {
  kind: 'create' | 'comment' | 'upload' | 'list' | 'search';
  startedAt: number;
  endedAt: number;
  status: number;
  /** What a 2xx write created, to look for afterwards. */
  id?: string;
  sha256?: string;
}

/** On PostgreSQL without the tools the test needs it says why it is skipped. */
const missing = [!BIN && 'the PostgreSQL server binaries (postgresql)', !fs.existsSync(NGINX) && NGINX].filter(Boolean);
if (testDatabaseUrl() && missing.length > 0) console.warn(`cluster test skipped: ${missing.join(' and ')} missing`);

describe.skipIf(!testDatabaseUrl() || missing.length > 0)('the cluster (nginx, 2 API, worker, replica)', () => {
  const cleanups: (() => unknown)[] = [];
  let dir: string;
  let primary: PgServer;
  let replica: PgServer;
  let smtp: Awaited<ReturnType<typeof startGatedSmtp>>;
  const ports: Record<'api1' | 'api2' | 'nginx', number> = { api1: 0, api2: 0, nginx: 0 };
  const procs: Record<'api1' | 'api2' | 'worker', Proc | null> = { api1: null, api2: null, worker: null };
  let env: (role: 'api' | 'worker', port: number, name: string) => NodeJS.ProcessEnv;
  let base: string;
  const q = <R extends Record<string, unknown>>(text: string, values?: unknown[]) =>
    primary.query<R>('bantu', text, values);
  const outputs = () =>
    Object.values(procs)
      .map((p) => p?.output() ?? '')
      .join('\n');

  const start = async (name: 'api1' | 'api2' | 'worker') => {
    const role = name === 'worker' ? 'worker' : 'api';
    const port = name === 'worker' ? 0 : ports[name];
    const began = Date.now();
    const proc = startProcess(name, process.execPath, [SERVER_MAIN], env(role, port, name), ROOT);
    procs[name] = proc;
    try {
      if (role === 'api') {
        await until(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok, `${name} ready`, 90_000, 100);
      } else {
        await until(() => proc.output().includes('Bantu worker is running'), 'worker running', 90_000, 100);
      }
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${proc.output()}`, { cause: error });
    }
    console.log(`${name} started in ${Date.now() - began} ms`);
    return proc;
  };

  beforeAll(async () => {
    if (!fs.existsSync(SERVER_MAIN)) throw new Error(`${SERVER_MAIN} is missing: run npm run build`);
    const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    await redis.quit();

    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bantu-cluster-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const pgRoot = path.join(dir, 'pg');
    fs.mkdirSync(pgRoot);
    ownedByPostgres(dir, pgRoot);
    ({ primary, replica } = await startPrimaryAndReplica(BIN!, pgRoot));
    cleanups.push(
      () => primary.stop(),
      () => replica.stop(),
    );
    await primary.query('postgres', 'CREATE DATABASE bantu');
    // Reports are proven to run on the replica by its statement statistics.
    await primary.query('bantu', 'CREATE EXTENSION pg_stat_statements');

    const s3 = await startS3();
    cleanups.push(() => s3.stop());
    smtp = await startGatedSmtp();
    cleanups.push(() => smtp.stop());

    ports.api1 = await freePort();
    ports.api2 = await freePort();
    ports.nginx = await freePort();
    base = `http://127.0.0.1:${ports.nginx}`;
    const secret = randomBytes(32).toString('hex');
    env = (role, port, name) => ({
      PATH: process.env.PATH,
      HOME: process.env.HOME ?? os.tmpdir(),
      NODE_ENV: 'production',
      ROLE: role,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: path.join(dir, name),
      DATABASE_URL: primary.url('bantu'),
      DATABASE_READ_URL: replica.url('bantu'),
      DATABASE_POOL_SIZE: '5',
      APP_SECRET: secret,
      DEMO: 'true',
      REDIS_URL,
      STORAGE: 's3',
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: 'bantu-cluster',
      S3_ACCESS_KEY: 'S3RVER',
      S3_SECRET_KEY: 'S3RVER',
      S3_CREATE_BUCKET: 'true',
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Bantu <helpdesk@cluster.test>',
      PUBLIC_URL: base,
      TRUST_PROXY: 'true',
      // The worker's start line is an info line; the API processes would log every request.
      LOG_LEVEL: role === 'worker' ? 'info' : 'warn',
      LOG_FORMAT: 'json',
      SEARCH_LIMIT_PER_MINUTE: '1000000',
    });
    cleanups.push(async () => {
      for (const p of Object.values(procs)) if (p) await stopProcess(p, 'SIGKILL');
    });
    // The first process migrates and seeds; the others start on a ready schema.
    await start('api1');
    await Promise.all([start('api2'), start('worker')]);

    const nginxDir = path.join(dir, 'nginx');
    fs.mkdirSync(nginxDir);
    const conf = fs
      .readFileSync(path.join(ROOT, 'deploy/nginx.conf'), 'utf8')
      .replace('include mime.types;', 'include /etc/nginx/mime.types;')
      .replace('server api1:3000', `server 127.0.0.1:${ports.api1}`)
      .replace('server api2:3000', `server 127.0.0.1:${ports.api2}`)
      .replace('listen 80;', `listen 127.0.0.1:${ports.nginx};`);
    expect(conf).not.toMatch(/api[12]:3000|listen 80;/);
    fs.writeFileSync(path.join(nginxDir, 'nginx.conf'), conf);
    const nginx = startProcess(
      'nginx',
      NGINX,
      [
        '-p',
        nginxDir,
        '-c',
        path.join(nginxDir, 'nginx.conf'),
        '-g',
        `daemon off; pid ${nginxDir}/nginx.pid; error_log ${nginxDir}/error.log;`,
      ],
      { PATH: process.env.PATH },
      nginxDir,
    );
    cleanups.push(() => stopProcess(nginx, 'SIGQUIT'));
    await until(async () => (await fetch(`${base}/healthz`)).ok, 'nginx answering', 20_000);
  }, 180_000);

  afterEach((ctx) => {
    if (ctx.task.result?.state === 'fail') console.error(outputs());
  });

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        console.error('cluster cleanup:', error);
      }
    }
  }, 60_000);

  const login = async (email: string) => {
    const res = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const body = (await res.json()) as { accessToken: string; user: { id: string } };
    return { token: body.accessToken, id: body.user.id, auth: { authorization: `Bearer ${body.accessToken}` } };
  };

  const firstCategory = async (auth: Record<string, string>) => {
    const body: unknown = await (await fetch(`${base}/api/categories`, { headers: auth })).json();
    const list = (Array.isArray(body) ? body : (body as { items: unknown[] }).items) as { id: string }[];
    return list[0]!.id;
  };

  /** Every outbox event handled and no delivery pending (the worker has caught up). */
  const settled = (timeoutMs = 60_000) =>
    until(
      async () => {
        const [row] = await q<{ n: number }>(
          `select (select count(*) from outbox_events where processed_at is null)
                + (select count(*) from notification_deliveries where status = 'pending') as n`,
        );
        return Number(row!.n) === 0;
      },
      'no pending outbox event or delivery',
      timeoutMs,
      100,
    );

  /** Each e-mail delivery reached the SMTP server exactly once (its Message-ID is the delivery id). */
  const expectEveryMailOnce = async () => {
    const deliveries = await q<{ id: string; status: string; email: string }>(
      `select d.id, d.status, u.email from notification_deliveries d join users u on u.id = d.user_id
        where d.channel = 'email'`,
    );
    expect(deliveries.length).toBeGreaterThan(0);
    expect(deliveries.filter((d) => d.status !== 'sent')).toEqual([]);
    const received = new Map<string, number>();
    for (const mail of smtp.accepted) {
      const id = /^<?([0-9a-f-]{36})@bantu>?$/.exec(mail.messageId ?? '')?.[1] ?? `other ${mail.messageId}`;
      received.set(id, (received.get(id) ?? 0) + 1);
    }
    const twice = [...received].filter(([, n]) => n > 1);
    expect(twice, 'mails received more than once').toEqual([]);
    const missing = deliveries.filter((d) => !received.has(d.id));
    expect(missing, 'deliveries never received').toEqual([]);
    const unknown = [...received.keys()].filter((id) => !deliveries.some((d) => d.id === id));
    expect(unknown, 'mails without a delivery').toEqual([]);
    // And each recipient got one mail per notification (no event dispatched twice).
    const dup = await q(`select outbox_id, user_id, count(*) from notifications group by 1, 2 having count(*) > 1`);
    expect(dup).toEqual([]);
    return deliveries.length;
  };

  it('loses no acknowledged write, shows no 5xx beyond the requests in flight, and keeps live updates when an API process is killed', async () => {
    const user = await login('user@demo.local');
    const staff = await login('staff@demo.local');
    const categoryId = await firstCategory(user.auth);

    // Tickets whose SLA ran out long ago: created now, their clocks moved back 30 days, due for
    // the monitor (which the worker runs once a minute, and which the test also sends as jobs).
    const overdue: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${base}/api/tickets`, {
        method: 'POST',
        headers: { ...user.auth, 'content-type': 'application/json' },
        body: JSON.stringify({ title: `Server mati ${i}`, description: 'Sudah lama tidak ditangani', categoryId }),
      });
      expect(res.status).toBe(201);
      overdue.push(((await res.json()) as { id: string }).id);
    }
    await q(`update sla_clock_events set at = at - interval '30 days' where ticket_id = any($1)`, [overdue]);
    await q(`update tickets set sla_next_check_at = now() where id = any($1)`, [overdue]);

    // Live updates: two staff sockets on api2, the process that stays up.
    const live: { ticketId: string; topic: string }[][] = [[], []];
    const sockets = live.map((got) => {
      const socket = new WebSocket(`ws://127.0.0.1:${ports.api2}/api/realtime?token=${staff.token}`);
      socket.on('message', (raw: Buffer) => {
        const m = JSON.parse(raw.toString()) as { type: string; ticketId: string; topic: string };
        if (m.type === 'ticket') got.push({ ticketId: m.ticketId, topic: m.topic });
      });
      return socket;
    });
    const closes: number[] = [];
    await Promise.all(
      sockets.map(
        (s) =>
          new Promise<void>((resolve, reject) => {
            s.once('open', () => resolve());
            s.once('error', reject);
            s.once('close', (code) => closes.push(code));
          }),
      ),
    );
    cleanups.push(() => sockets.forEach((s) => s.terminate()));

    // ---- the load: 6 clients in a loop of create, list, comment, search, upload.
    const ops: Op[] = [];
    const tickets: string[] = [];
    let restartedAt = Number.POSITIVE_INFINITY;
    /** Ticket-route requests the restarted api1 served (its own /metrics), polled after the restart. */
    let servedByApi1 = 0;
    const api1TicketRequests = async () => {
      const metrics = await (await fetch(`http://127.0.0.1:${ports.api1}/metrics`)).text();
      const lines = metrics.matchAll(
        /^bantu_http_request_duration_seconds_count\{[^}]*route="\/api\/tickets[^}]*\} (\d+)/gm,
      );
      return [...lines].reduce((n, m) => n + Number(m[1]), 0);
    };
    let killAt = Number.POSITIVE_INFINITY;
    let exitedAt = Number.POSITIVE_INFINITY;
    const kinds: Op['kind'][] = ['create', 'list', 'comment', 'search', 'upload'];
    const runOp = async (kind: Op['kind'], n: number): Promise<Op> => {
      const startedAt = Date.now();
      const target = tickets[n % Math.max(1, tickets.length)];
      let res: Response;
      let sha256: string | undefined;
      switch (kind) {
        case 'create':
          res = await fetch(`${base}/api/tickets`, {
            method: 'POST',
            headers: { ...user.auth, 'content-type': 'application/json' },
            body: JSON.stringify({
              title: `Printer lantai ${n}`,
              description: `Macet lagi, percobaan ${n}`,
              categoryId,
            }),
          });
          break;
        case 'comment':
          res = await fetch(`${base}/api/tickets/${target}/comments`, {
            method: 'POST',
            headers: { ...staff.auth, 'content-type': 'application/json' },
            body: JSON.stringify({ comment: `Sedang dicek, langkah ${n}` }),
          });
          break;
        case 'upload': {
          const content = Buffer.from(randomBytes(2048 + (n % 7) * 500).toString('hex'));
          sha256 = createHash('sha256').update(content).digest('hex');
          const body = multipart([{ name: `log-${n}.txt`, content, type: 'text/plain' }]);
          res = await fetch(`${base}/api/tickets/${target}/attachments`, {
            method: 'POST',
            headers: { ...user.auth, ...body.headers },
            body: body.payload,
          });
          break;
        }
        case 'list':
          res = await fetch(`${base}/api/tickets?limit=20`, { headers: staff.auth });
          break;
        case 'search':
          res = await fetch(`${base}/api/tickets?q=printer&limit=20`, { headers: staff.auth });
          break;
      }
      const text = await res.text();
      const op: Op = { kind, startedAt, endedAt: Date.now(), status: res.status, sha256 };
      if (res.status >= 500) console.log(`${kind} ${res.status}: ${text.slice(0, 200)}`);
      if (res.ok && kind === 'create') op.id = (JSON.parse(text) as { id: string }).id;
      if (res.ok && kind === 'comment') op.id = (JSON.parse(text) as { id: string }).id;
      if (res.ok && kind === 'upload') op.id = (JSON.parse(text) as { items: { id: string }[] }).items[0]!.id;
      if (op.id && kind === 'create') tickets.push(op.id);
      return op;
    };
    const client = async (c: number) => {
      for (let i = 0; ; i++) {
        const n = c * 10_000 + i;
        // Bounded: until the restarted process has served 30 requests of the load (nginx sends
        // it requests again once its fail_timeout is over), and 100 s at most.
        if (servedByApi1 >= 30 || Date.now() - loadStarted > 100_000) return;
        const kind = tickets.length === 0 ? 'create' : kinds[(i + c) % kinds.length]!;
        const startedAt = Date.now();
        ops.push(
          await runOp(kind, n).catch((error: unknown): Op => {
            // The connection to nginx broke: the client saw no answer at all (status 0).
            console.error(error);
            return { kind, startedAt, endedAt: Date.now(), status: 0 };
          }),
        );
      }
    };
    // Meanwhile, the SLA monitor is asked to run several times at once (as extra cron slots would).
    const monitorRuns = async () => {
      const jobs = new JobSender();
      const database = await openDatabase({ kind: 'postgres', url: primary.url('bantu'), poolSize: 2 });
      try {
        for (let i = 0; i < 3; i++) await jobs.send(database.db, 'sla-monitor', {});
      } finally {
        await database.close();
      }
    };
    const loadStarted = Date.now();
    const load = Promise.all([0, 1, 2, 3, 4, 5].map(client));
    await monitorRuns();
    await until(() => ops.length >= 60, 'first 60 operations', 60_000);

    // ---- SIGKILL one API process mid-load, then start it again on the same port.
    killAt = Date.now();
    procs.api1!.child.kill('SIGKILL');
    await procs.api1!.exited;
    exitedAt = Date.now();
    const opsAtKill = ops.length;
    await start('api1');
    restartedAt = Date.now();
    await until(
      async () => (servedByApi1 = await api1TicketRequests()) >= 30,
      'api1 serving the load again',
      60_000,
      200,
    );
    await load;
    const loadMs = Date.now() - loadStarted;

    // ---- what the clients saw.
    const byStatus = new Map<number, number>();
    for (const o of ops) byStatus.set(o.status, (byStatus.get(o.status) ?? 0) + 1);
    const failed = ops.filter((o) => o.status >= 500 || o.status === 0);
    const inFlight = (o: Op) => o.startedAt <= exitedAt && o.endedAt >= killAt;
    const inFlightCount = ops.filter(inFlight).length;
    console.log(
      `cluster load: ${ops.length} requests in ${loadMs} ms (${opsAtKill} before the kill, ${ops.filter((o) => o.startedAt > restartedAt).length} after the restart); ` +
        `statuses ${JSON.stringify(Object.fromEntries(byStatus))}; ${inFlightCount} in flight at the kill, ${failed.length} failed ` +
        `(${failed.map((o) => `${o.kind} ${o.status}`).join(', ') || 'none'}); api1 back after ${restartedAt - exitedAt} ms`,
    );
    expect(
      failed.filter((o) => !inFlight(o)),
      'failures outside the kill',
    ).toEqual([]);
    // nginx retried the idempotent requests caught by the kill: only writes may have failed.
    expect(failed.filter((o) => o.kind === 'list' || o.kind === 'search')).toEqual([]);
    expect(ops.filter((o) => o.status !== 0 && o.status < 500 && (o.status < 200 || o.status >= 300))).toEqual([]);
    expect(ops.filter((o) => o.startedAt > restartedAt).length).toBeGreaterThan(0);
    // The restarted process is back in nginx's rotation: it served ticket routes itself.
    expect(await api1TicketRequests()).toBeGreaterThanOrEqual(30);

    // ---- every acknowledged write is in the database (and every uploaded file in S3).
    const acked = (kind: Op['kind']) => ops.filter((o) => o.kind === kind && o.id);
    const [counts] = await q<{ tickets: number; comments: number; attachments: number }>(
      `select (select count(*) from tickets where id = any($1)) as tickets,
              (select count(*) from ticket_comments where id = any($2)) as comments,
              (select count(*) from ticket_attachments where id = any($3)) as attachments`,
      [acked('create').map((o) => o.id), acked('comment').map((o) => o.id), acked('upload').map((o) => o.id)],
    );
    console.log(
      `acknowledged: ${acked('create').length} tickets, ${acked('comment').length} comments, ${acked('upload').length} uploads; in the database: ${JSON.stringify(counts)}`,
    );
    expect(counts).toEqual({
      tickets: acked('create').length,
      comments: acked('comment').length,
      attachments: acked('upload').length,
    });
    expect(acked('create').length).toBeGreaterThan(10);
    for (const o of acked('upload')) {
      const file = await fetch(`${base}/api/attachments/${o.id}`, { headers: user.auth });
      expect(file.status).toBe(200);
      expect(
        createHash('sha256')
          .update(Buffer.from(await file.arrayBuffer()))
          .digest('hex'),
      ).toBe(o.sha256);
    }

    // ---- notifications and SLA firings, each exactly once.
    await settled();
    const fired = await q<{ ticket_id: string; level_id: string }>(
      `select ticket_id, level_id from sla_escalations_fired where ticket_id = any($1)`,
      [overdue],
    );
    expect(new Set(fired.map((f) => f.ticket_id)).size).toBe(overdue.length);
    const slaEvents = await q<{ ticket_id: string; level: string }>(
      `select ticket_id, payload->>'levelId' as level from outbox_events where topic like 'sla.%' and ticket_id = any($1)`,
      [overdue],
    );
    expect(slaEvents.length).toBe(fired.length);
    expect(new Set(slaEvents.map((e) => `${e.ticket_id} ${e.level}`)).size).toBe(fired.length);
    const mails = await expectEveryMailOnce();
    console.log(`sla: ${fired.length} levels fired on ${overdue.length} tickets; ${mails} e-mails, each received once`);

    // ---- the sockets on api2 stayed open and heard of every ticket created, before and after the kill.
    await until(
      () => live.every((got) => acked('create').every((o) => got.some((m) => m.ticketId === o.id))),
      'a live update for every created ticket',
      20_000,
    );
    expect(closes).toEqual([]);
    const afterKill = acked('create').filter((o) => o.startedAt > exitedAt);
    expect(afterKill.length).toBeGreaterThan(0);
    for (const got of live) expect(afterKill.every((o) => got.some((m) => m.ticketId === o.id))).toBe(true);
  }, 200_000);

  it('sends every delivery exactly once when the worker is killed with mails on the wire', async () => {
    const user = await login('user2@demo.local');
    const staff = await login('staff2@demo.local');
    const activeJobs = async () =>
      Number(
        (
          await q<{ n: number }>(
            `select count(*) as n from pgboss.job where name = 'notification-delivery' and state = 'active'`,
          )
        )[0]!.n,
      );
    const sentCount = async () =>
      Number((await q<{ n: number }>(`select count(*) as n from notification_deliveries where status = 'sent'`))[0]!.n);
    // A batch: a staff comment on each of 12 tickets of one requester, one mail each (at least).
    const batch: string[] = [];
    const categoryId = await firstCategory(user.auth);
    for (let i = 0; i < 12; i++) {
      const res = await fetch(`${base}/api/tickets`, {
        method: 'POST',
        headers: { ...user.auth, 'content-type': 'application/json' },
        body: JSON.stringify({ title: `Jaringan putus ${i}`, description: 'Tidak bisa VPN', categoryId }),
      });
      expect(res.status).toBe(201);
      batch.push(((await res.json()) as { id: string }).id);
    }
    await settled();
    const before = smtp.accepted.length;
    const sentBefore = await sentCount();
    const mailDeliveries = async () =>
      Number(
        (await q<{ n: number }>(`select count(*) as n from notification_deliveries where channel = 'email'`))[0]!.n,
      );
    const deliveriesBefore = await mailDeliveries();
    // Accept 5 of the batch's mails, then hold every further one unanswered.
    smtp.holdAfter(5);
    for (const id of batch) {
      const res = await fetch(`${base}/api/tickets/${id}/comments`, {
        method: 'POST',
        headers: { ...staff.auth, 'content-type': 'application/json' },
        body: JSON.stringify({ comment: 'Mohon restart router' }),
      });
      expect(res.status).toBe(201);
    }
    // Mid-batch: every delivery of the batch written, 5 sent and recorded, as many on the wire
    // (waiting for the SMTP server's answer) as the worker sends at once, the rest queued.
    await until(
      async () =>
        smtp.accepted.length === before + 5 &&
        (await sentCount()) === sentBefore + 5 &&
        Number((await q<{ n: number }>(`select count(*) as n from outbox_events where processed_at is null`))[0]!.n) ===
          0 &&
        smtp.held.length === SENDS_AT_ONCE &&
        (await activeJobs()) === SENDS_AT_ONCE,
      'five mails sent and the next ones on the wire',
      30_000,
    ).catch(async (error: unknown) => {
      const state = { accepted: smtp.accepted.length - before, held: smtp.held.length, active: await activeJobs() };
      const sent = (await sentCount()) - sentBefore;
      throw new Error(`${(error as Error).message}: ${JSON.stringify({ ...state, sent })}`, { cause: error });
    });
    const onTheWire = smtp.held.length;
    const pending = Number(
      (await q<{ n: number }>(`select count(*) as n from notification_deliveries where status = 'pending'`))[0]!.n,
    );
    procs.worker!.child.kill('SIGKILL');
    await procs.worker!.exited;
    await until(() => smtp.heldSessionsClosed(), 'the dead worker’s SMTP sessions closed', 10_000);
    // Mails whose sender died before the 250 were never accepted.
    expect(smtp.release()).toBe(0);
    // The dead worker's jobs stay active until their lease (5 min) runs out and pg-boss's
    // maintenance retries them 30-60 s later. The test does not wait that long: it makes the row
    // change pg-boss's expiry makes (active -> retry), due now.
    await q(
      `update pgboss.job set state = 'retry', start_after = now()
        where name = 'notification-delivery' and state = 'active'`,
    );
    await start('worker');
    await settled();
    console.log(
      `worker kill: 5 mails sent, ${pending} pending at the kill (${onTheWire} of them on the wire); ${smtp.accepted.length - before} accepted in all`,
    );
    // Each mail delivery of the batch (some written only after the restart) arrived once.
    expect(smtp.accepted.length - before).toBe((await mailDeliveries()) - deliveriesBefore);
    expect(smtp.accepted.length - before).toBeGreaterThan(5 + onTheWire);
    await expectEveryMailOnce();
  }, 120_000);

  it('serves reports and exports from the replica', async () => {
    const manager = await login('manager@demo.local');
    const [recovery] = await replica.query<{ standby: boolean }>('bantu', 'select pg_is_in_recovery() as standby');
    expect(recovery!.standby).toBe(true);
    const streaming = await primary.query<{ state: string }>('postgres', 'select state from pg_stat_replication');
    expect(streaming.map((r) => r.state)).toEqual(['streaming']);
    await Promise.all([primary, replica].map((s) => s.query('bantu', 'select pg_stat_statements_reset()')));
    const today = new Date().toISOString().slice(0, 10);
    const res = await fetch(`${base}/api/reports/summary?from=2026-01-01&to=${today}`, {
      headers: { ...manager.auth, 'cache-control': 'no-cache' }, // computed, not a cached answer
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const reportQueries = `select queryid::text as id, calls::int as calls, query from pg_stat_statements
      where query ilike '%report_stats%' and dbid = (select oid from pg_database where datname = 'bantu')`;
    const onReplica = await replica.query<{ id: string; calls: number; query: string }>('bantu', reportQueries);
    const onPrimary = await primary.query<{ id: string; calls: number }>('bantu', reportQueries);
    console.log(
      `report: ${onReplica.reduce((n, r) => n + r.calls, 0)} report_stats statements on the replica, ${onPrimary.length} on the primary`,
    );
    expect(onReplica.length).toBeGreaterThan(0);
    expect(onPrimary.filter((p) => onReplica.some((r) => r.id === p.id))).toEqual([]);

    // A ticket export reads its rows on the replica too (DATABASE_READ_URL).
    await Promise.all([primary, replica].map((s) => s.query('bantu', 'select pg_stat_statements_reset()')));
    const csv = await fetch(`${base}/api/tickets/export?format=csv`, { headers: manager.auth });
    expect(csv.status, await csv.clone().text()).toBe(200);
    expect(Number(csv.headers.get('x-export-rows'))).toBeGreaterThan(100);
    const ticketQueries = `select queryid::text as id, calls::int as calls from pg_stat_statements
        where query ilike '%from "tickets"%' and dbid = (select oid from pg_database where datname = 'bantu')`;
    const exportOnReplica = await replica.query<{ id: string; calls: number }>('bantu', ticketQueries);
    const exportOnPrimary = await primary.query<{ id: string; calls: number }>('bantu', ticketQueries);
    console.log(
      `export: ${exportOnReplica.reduce((n, r) => n + r.calls, 0)} tickets statements on the replica, ` +
        `${exportOnPrimary.filter((p) => exportOnReplica.some((r) => r.id === p.id)).length} of them on the primary`,
    );
    expect(exportOnReplica.length).toBeGreaterThan(0);
    expect(exportOnPrimary.filter((p) => exportOnReplica.some((r) => r.id === p.id))).toEqual([]);
  });
});
