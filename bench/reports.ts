/**
 * Reports benchmark (issue 12): every dashboard API call for a 30-day and a 365-day range, paced
 * at 10 requests/s, through the real app (auth, validation, serialisation: `app.inject`), next to
 * the same headline figures from a plain aggregate over `tickets` paced the same way, in the same
 * run. Seeds a throwaway PostgreSQL database with bench/seed.ts, gives the tickets the history
 * and stored SLA outcomes the services would have written, then rebuilds report_stats with the
 * CLI's rebuild.
 *
 *   npm run bench:reports -- [--tickets 100000] [--requests 40] [--keep] [--reuse DB]
 *                            [--seed-only] [--rebuild]
 *                            [--database-url postgres://postgres@127.0.0.1:5432/postgres]
 *                            [--redis-url redis://127.0.0.1:6379/11]
 *
 * Each dashboard call is measured computed (`Cache-Control: no-cache`: the figures are computed
 * on every request, the target) and then cached (hits of the Redis figures cache).
 *
 * `--seed-only` seeds and prepares a kept database and stops (no rebuild, no calls), so a large
 * seed can be reused; `--reuse DB --rebuild` migrates the reused database to the latest schema and
 * rebuilds report_stats before measuring.
 *
 * Figures and method: docs/performance.md, section "Reports".
 */
import crypto from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { buildApp } from '../apps/server/src/app';
import { loadConfig } from '../apps/server/src/config';
import { migrateToLatest, openDatabase } from '../apps/server/src/db/database';
import { DEMO_PASSWORD, seedDemo } from '../apps/server/src/modules/demo/demo.seed';
import { rebuildReportStats } from '../apps/server/src/modules/reports/reports.stats';
import { redisFiguresCache, type FiguresCache } from '../apps/server/src/infra/cache/figures-cache';
import { seed } from './seed';

const { values } = parseArgs({
  options: {
    tickets: { type: 'string', default: '100000' },
    requests: { type: 'string', default: '40' },
    'redis-url': { type: 'string', default: 'redis://127.0.0.1:6379/11' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'string' },
    'seed-only': { type: 'boolean', default: false },
    rebuild: { type: 'boolean', default: false },
    'database-url': { type: 'string' },
  },
});
const adminUrl =
  values['database-url'] ?? process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const tickets = Number(values.tickets);
const requests = Number(values.requests);
const log = (line: string) => console.log(line);

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
};

/** Open-loop pacing: one call every 100 ms whatever the previous one took; latencies of each. */
async function paced(n: number, call: () => Promise<unknown>): Promise<number[]> {
  const latencies: number[] = [];
  const started = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < n; i++) {
    const wait = started + i * 100 - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inflight.push(
      (async () => {
        const t0 = performance.now();
        await call();
        latencies.push(performance.now() - t0);
      })(),
    );
  }
  await Promise.all(inflight);
  return latencies;
}

/** History and stored outcomes the services would have written for the seeded tickets. */
async function prepare(client: pg.Client) {
  const steps: [string, string][] = [
    [
      'divisions, SLA outcomes and clock minutes (one UPDATE)',
      `UPDATE tickets SET
         requester_division = (SELECT u.division FROM users u WHERE u.id = tickets.user_id),
         sla_resolution_met = CASE WHEN resolved_at IS NOT NULL AND sla_deadline IS NOT NULL THEN resolved_at <= sla_deadline END,
         sla_first_response_met = CASE WHEN first_response_at IS NOT NULL AND first_response_due_at IS NOT NULL
                                       THEN first_response_at <= first_response_due_at END,
         resolution_minutes = CASE WHEN resolved_at IS NOT NULL THEN extract(epoch FROM resolved_at - created_at) / 60 END,
         resolution_business = CASE WHEN resolved_at IS NOT NULL THEN false END,
         first_response_minutes = CASE WHEN first_response_at IS NOT NULL THEN extract(epoch FROM first_response_at - created_at) / 60 END,
         first_response_business = CASE WHEN first_response_at IS NOT NULL THEN false END`,
    ],
    [
      'assignment events',
      `INSERT INTO ticket_events (ticket_id, actor_id, type, field, data, created_at)
       SELECT id, assigned_to, 'assigned', 'assignee', jsonb_build_object('to', assigned_to),
              coalesce(first_response_at, created_at)
         FROM tickets WHERE assigned_to IS NOT NULL`,
    ],
    [
      'resolution events (4 % rejected once first)',
      `INSERT INTO ticket_events (ticket_id, actor_id, type, field, from_value, to_value, created_at)
       SELECT id, assigned_to, 'status_changed', 'status', x.from_value, x.to_value, x.at
         FROM tickets t
         CROSS JOIN LATERAL (VALUES
           ('IN_PROGRESS', 'RESOLVED', t.resolved_at - (t.resolved_at - t.created_at) / 2, abs(hashtext(t.id::text)) % 25 = 0),
           ('RESOLVED', 'IN_PROGRESS', t.resolved_at - (t.resolved_at - t.created_at) / 3, abs(hashtext(t.id::text)) % 25 = 0),
           ('IN_PROGRESS', 'RESOLVED', t.resolved_at, true)
         ) AS x(from_value, to_value, at, keep)
        WHERE t.resolved_at IS NOT NULL AND x.keep`,
    ],
  ];
  for (const [label, statement] of steps) {
    const t0 = performance.now();
    const res = await client.query(statement);
    log(`  ${label}: ${res.rowCount} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
}

/** The headline figures straight from tickets (what report_stats replaces), in the same shape. */
function plainAggregate(client: pg.Pool, from: Date, to: Date) {
  return client.query(
    `SELECT
       count(*) FILTER (WHERE created_at >= $1 AND created_at < $2)::int AS created,
       count(*) FILTER (WHERE resolved_at >= $1 AND resolved_at < $2)::int AS resolved,
       count(*) FILTER (WHERE closed_at >= $1 AND closed_at < $2)::int AS closed,
       count(*) FILTER (WHERE created_at < $2 AND NOT (status IN ('RESOLVED', 'CLOSED') AND coalesce(resolved_at, closed_at) < $2))::int AS backlog,
       count(*) FILTER (WHERE resolved_at >= $1 AND resolved_at < $2 AND sla_resolution_met)::int AS res_met,
       count(*) FILTER (WHERE resolved_at >= $1 AND resolved_at < $2 AND NOT sla_resolution_met)::int AS res_missed,
       count(*) FILTER (WHERE first_response_at >= $1 AND first_response_at < $2 AND sla_first_response_met)::int AS fr_met,
       avg(resolution_minutes) FILTER (WHERE resolved_at >= $1 AND resolved_at < $2) AS res_avg,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY resolution_minutes) FILTER (WHERE resolved_at >= $1 AND resolved_at < $2) AS res_median,
       count(rating) FILTER (WHERE closed_at >= $1 AND closed_at < $2)::int AS csat_count,
       avg(rating) FILTER (WHERE closed_at >= $1 AND closed_at < $2) AS csat_avg
     FROM tickets`,
    [from, to],
  );
}

async function main() {
  const name = values.reuse ?? `bantu_bench_reports_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  if (!values.reuse) await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  log(`database ${name}`);
  const handle = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 10 });
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  const pool = new pg.Pool({ connectionString: url.toString(), max: 10 });
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  let figuresCache: FiguresCache | undefined;
  try {
    let rebuildSeconds: number | null = null;
    if (!values.reuse) {
      await migrateToLatest(handle.db);
      await seedDemo(handle.db);
      log(`seeding ${tickets.toLocaleString('en')} tickets`);
      await seed(client, { tickets, log: (l) => log(`  ${l}`) });
      await prepare(client);
      if (values['seed-only']) {
        await client.query(`VACUUM ANALYZE tickets, ticket_events`);
        log(`seeded and kept: reuse with --reuse ${name} --rebuild`);
        return;
      }
    } else if (values.rebuild) {
      await migrateToLatest(handle.db);
    }
    if (!values.reuse || values.rebuild) {
      const t0 = performance.now();
      const rebuilt = await rebuildReportStats(handle.db);
      rebuildSeconds = (performance.now() - t0) / 1000;
      log(`rebuild-report-stats: ${rebuilt.tickets} tickets -> ${rebuilt.rows} rows in ${rebuildSeconds.toFixed(1)} s`);
      await client.query(`VACUUM ANALYZE tickets, ticket_events, report_stats, report_histograms, report_open`);
    }
    const { rows: sizes } = await client.query<{ tickets: number; stats: number; size: string }>(
      `SELECT (SELECT count(*) FROM tickets)::int AS tickets, (SELECT count(*) FROM report_stats)::int AS stats,
              pg_size_pretty(pg_total_relation_size('report_stats')) AS size`,
    );
    log(`${sizes[0]!.tickets} tickets, report_stats ${sizes[0]!.stats} rows (${sizes[0]!.size})`);

    const config = loadConfig({
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      DATABASE_URL: url.toString(),
      APP_SECRET: crypto.randomBytes(32).toString('hex'),
      DATA_DIR: os.tmpdir(),
      DEMO: 'false',
    });
    // The figures cache as in the cluster shape (Redis), under a prefix of this run's own. The
    // computed figures are measured with `Cache-Control: no-cache` (computed on every request);
    // the cached ones without it, after one request that stored them.
    figuresCache = redisFiguresCache(values['redis-url'], {
      ttlSeconds: 600,
      prefix: `bantu-bench:${crypto.randomUUID()}:`,
    });
    app = await buildApp(config, { database: handle, logger: false, webDist: null, figuresCache });
    await app.ready();
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'manager@demo.local', password: DEMO_PASSWORD },
    });
    if (login.statusCode !== 200) throw new Error(`login: ${login.body}`);
    const headers = { authorization: `Bearer ${login.json<{ accessToken: string }>().accessToken}` };

    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const ranges = [
      { label: '30 days', from: day(-29), to: day(0) },
      { label: '365 days', from: day(-364), to: day(0) },
    ];
    const calls = ['summary', 'trends', 'staff', 'categories', 'priorities', 'divisions'];
    const rows: string[] = [];
    const results: Record<string, unknown> = {};
    for (const range of ranges) {
      const granularity = range.label === '30 days' ? 'day' : 'week';
      for (const call of calls) {
        const target = `/api/reports/${call}?from=${range.from}&to=${range.to}&granularity=${granularity}`;
        const computed = { ...headers, 'cache-control': 'no-cache' };
        const warm = await app.inject({ method: 'GET', url: target, headers: computed });
        if (warm.statusCode !== 200) throw new Error(`${target}: ${warm.statusCode} ${warm.body}`);
        const lat = await paced(requests, () => app!.inject({ method: 'GET', url: target, headers: computed }));
        const served: string[] = [];
        const hit = await paced(requests, async () => {
          const res = await app!.inject({ method: 'GET', url: target, headers });
          served.push(String(res.headers['x-bantu-cache']));
        });
        const hits = served.filter((r) => r === 'hit').length;
        rows.push(
          `| ${range.label} | ${call} | ${requests} | ${quantile(lat, 0.5).toFixed(1)} | ${quantile(lat, 0.99).toFixed(1)} | ` +
            `${quantile(hit, 0.5).toFixed(1)} | ${quantile(hit, 0.99).toFixed(1)} | ${hits}/${served.length} |`,
        );
        log(rows.at(-1)!);
        if (call === 'summary') results[range.label] = warm.json<{ current: unknown }>().current;
      }
      // The same headline figures from a plain aggregate over tickets.
      const from = new Date(`${range.from}T00:00:00+07:00`);
      const to = new Date(new Date(`${range.to}T00:00:00+07:00`).getTime() + 86_400_000);
      const plain = await plainAggregate(pool, from, to);
      const lat = await paced(Math.min(requests, 20), () => plainAggregate(pool, from, to));
      rows.push(
        `| ${range.label} | plain aggregate over tickets (summary figures) | ${lat.length} | ${quantile(lat, 0.5).toFixed(1)} | ${quantile(lat, 0.99).toFixed(1)} |`,
      );
      log(rows.at(-1)!);
      const api = results[range.label] as {
        created: number;
        resolved: number;
        closed: number;
        backlog: number;
        resolutionSla: { met: number; missed: number };
        csat: { count: number };
      };
      const p = plain.rows[0] as Record<string, number>;
      const same =
        api.created === p.created &&
        api.resolved === p.resolved &&
        api.closed === p.closed &&
        api.backlog === p.backlog &&
        api.resolutionSla.met === p.res_met &&
        api.resolutionSla.missed === p.res_missed &&
        api.csat.count === p.csat_count;
      log(
        `  ${range.label}: API created ${api.created} resolved ${api.resolved} closed ${api.closed} backlog ${api.backlog}; ` +
          `plain ${p.created} / ${p.resolved} / ${p.closed} / ${p.backlog}: ${same ? 'same figures' : 'DIFFERENT'}`,
      );
    }
    log('');
    log(
      `Reports, ${sizes[0]!.tickets.toLocaleString('en')} tickets, report_stats ${sizes[0]!.stats.toLocaleString('en')} rows; ` +
        `rebuild ${rebuildSeconds?.toFixed(1) ?? '-'} s; load ${os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(' / ')}`,
    );
    log(
      '| range | call | requests (10/s) | computed median ms | computed p99 ms | cached median ms | cached p99 ms | hits |',
    );
    log('|---|---|---|---|---|---|---|---|');
    for (const r of rows) log(r);
  } finally {
    await app?.close();
    await figuresCache?.close();
    await client.end();
    await pool.end();
    await handle.close();
    if (!values.keep && !values.reuse && !values['seed-only']) await admin.query(`DROP DATABASE ${name}`);
    await admin.end();
  }
}

await main();
