/**
 * SLA monitor benchmark (issue 6): one monitor pass over a large ticket table, with nothing due
 * and with N tickets due, on PostgreSQL. Seeds a throwaway database with bench/seed.ts (about 5 %
 * of the tickets stay active: 1,000,000 tickets -> ~50,000 open), gives every open ticket its
 * clock log and a next check in the future, then times `runSlaMonitor` in this process.
 *
 *   npm run bench:sla -- [--tickets 1000000] [--due 1000] [--passes 50] [--business-hours] [--keep]
 *                        [--database-url postgres://postgres@127.0.0.1:5432/postgres]
 *
 * The database URL may also come from BENCH_DATABASE_URL; it must allow CREATE DATABASE.
 * Figures and method: docs/performance.md, section "SLA monitor".
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { migrateToLatest, openDatabase } from '../apps/server/src/db/database';
import { seedDemo } from '../apps/server/src/modules/demo/demo.seed';
import { runSlaMonitor } from '../apps/server/src/modules/sla/sla.monitor';
import { seed } from './seed';

export interface SlaBenchOptions {
  tickets: number;
  /** Tickets made due for the "due" pass (all three default levels fire for each). */
  due: number;
  /** Repetitions of the "nothing due" pass. */
  passes: number;
  /** Rounds of the "due" pass (state reset between rounds). */
  rounds: number;
  /** Count business hours (Mon-Fri 08-12, 13-17 Asia/Jakarta) instead of the default 24x7. */
  businessHours: boolean;
  keep: boolean;
  /** Measure a database kept earlier (--keep) instead of seeding a new one; it is kept again. */
  reuseDatabase: string | null;
  adminUrl: string;
  log: (line: string) => void;
}

/**
 * A timed pass: wall-clock time, and the CPU time it cost this process plus the PostgreSQL
 * backends of the bench database (from /proc, 10 ms ticks): on a machine shared with other work
 * the wall time includes waiting for a core, the CPU time does not.
 */
export interface Pass {
  ms: number;
  cpuMs: number | null;
  checked: number;
  fired: number;
}

export interface SlaBenchReport {
  database: string;
  tickets: number;
  open: number;
  due: number;
  businessHours: boolean;
  seedSeconds: number;
  idle: { passes: number; medianMs: number; p95Ms: number; maxMs: number; cpuMsPerPass: number };
  /** Due tickets each firing one level (the two before it already fired): the steady state. */
  oneLevelPasses: Pass[];
  /** Due tickets each firing all three default levels at once: the worst case. */
  duePasses: Pass[];
  loadAverage: number[];
  idlePlan: string;
}

export const DEFAULT_SLA_OPTIONS: SlaBenchOptions = {
  tickets: 1_000_000,
  due: 1000,
  passes: 50,
  rounds: 3,
  businessHours: false,
  keep: false,
  reuseDatabase: null,
  adminUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
  log: (line) => console.log(line),
};

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};

export async function runSlaBench(partial: Partial<SlaBenchOptions> = {}): Promise<SlaBenchReport> {
  const given = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined));
  const o: SlaBenchOptions = { ...DEFAULT_SLA_OPTIONS, ...given };
  const name = o.reuseDatabase ?? `bantu_bench_sla_${crypto.randomBytes(4).toString('hex')}`;
  if (o.reuseDatabase) o.keep = true;
  else {
    const admin = new pg.Client({ connectionString: o.adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
  }
  const url = new URL(o.adminUrl);
  url.pathname = `/${name}`;
  o.log(`database ${name}`);

  const handle = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 4 });
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const started = performance.now();
    if (!o.reuseDatabase) await prepare(handle, client, o);
    const seedSeconds = (performance.now() - started) / 1000;
    const { rows: counts } = await client.query<{ open: number; total: number }>(
      `SELECT count(*) FILTER (WHERE status IN ('OPEN', 'IN_PROGRESS', 'ON_HOLD'))::int AS open, count(*)::int AS total
         FROM tickets`,
    );
    const open = counts[0]!.open;
    const { rows: calendar } = await client.query<{ always_open: boolean }>(`SELECT always_open FROM sla_calendar`);
    const businessHours = calendar[0]?.always_open === false;
    const total = counts[0]!.total;
    o.log(`${total} tickets, ${open} open, in ${seedSeconds.toFixed(1)} s`);

    const clock = { now: () => new Date() };
    const ticks = fs.existsSync('/proc/self/stat') ? 100 : 0; // USER_HZ on Linux
    const backendCpuMs = async (): Promise<number | null> => {
      if (!ticks) return null;
      const { rows } = await client.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database()`,
      );
      let total = 0;
      for (const { pid } of rows) {
        try {
          const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
          total += ((Number(fields[11]) + Number(fields[12])) * 1000) / ticks; // utime + stime
        } catch {
          return null; // PostgreSQL runs elsewhere: no CPU figure
        }
      }
      return total;
    };
    const measure = async (label: string | null): Promise<Pass> => {
      const pgBefore = await backendCpuMs();
      const nodeBefore = process.cpuUsage();
      const t0 = performance.now();
      const result = await runSlaMonitor(handle.db, clock);
      const ms = performance.now() - t0;
      const node = process.cpuUsage(nodeBefore);
      const pgAfter = await backendCpuMs();
      const cpuMs =
        pgBefore === null || pgAfter === null ? null : pgAfter - pgBefore + (node.user + node.system) / 1000;
      if (label)
        o.log(
          `${label}: ${ms.toFixed(1)} ms (cpu ${cpuMs?.toFixed(0) ?? '?'} ms), ${result.checked} checked, ${result.fired} fired`,
        );
      return { ms, cpuMs, ...result };
    };
    // Warm-up (JIT, plan cache, connections), then the measured idle passes.
    for (let i = 0; i < 5; i++) await runSlaMonitor(handle.db, clock);
    const idle: number[] = [];
    const idleCpu: number[] = [];
    for (let i = 0; i < o.passes; i++) {
      const pass = await measure(null);
      idle.push(pass.ms);
      if (pass.cpuMs !== null) idleCpu.push(pass.cpuMs);
      if (pass.checked !== 0) throw new Error(`idle pass checked ${pass.checked} tickets`);
    }
    const { rows: plan } = await client.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT id FROM tickets
        WHERE sla_next_check_at <= now() AND sla_next_check_at IS NOT NULL
          AND status IN ('OPEN', 'IN_PROGRESS', 'ON_HOLD')
        ORDER BY sla_next_check_at LIMIT 500 FOR UPDATE SKIP LOCKED`,
    );

    // The most recently breached open tickets (at least 2 h past the deadline, so the at-risk,
    // breach and escalation levels all fire): the heaviest realistic pass.
    const { rows: chosen } = await client.query<{ id: string }>(
      `SELECT id FROM tickets WHERE status IN ('OPEN', 'IN_PROGRESS') AND sla_deadline < now() - interval '3 hours'
        ORDER BY created_at DESC LIMIT $1`,
      [o.due],
    );
    const ids = chosen.map((r) => r.id);
    const reset = async (alreadyFired: 'none' | 'first-two') => {
      await client.query(`DELETE FROM sla_escalations_fired WHERE ticket_id = ANY($1::uuid[])`, [ids]);
      await client.query(
        `DELETE FROM sla_clock_events WHERE ticket_id = ANY($1::uuid[]) AND kind IN ('warning', 'breached', 'escalated')`,
        [ids],
      );
      await client.query(`DELETE FROM outbox_events WHERE ticket_id = ANY($1::uuid[])`, [ids]);
      await client.query(`DELETE FROM ticket_events WHERE ticket_id = ANY($1::uuid[]) AND type = 'sla_escalated'`, [
        ids,
      ]);
      if (alreadyFired === 'first-two') {
        await client.query(
          `INSERT INTO sla_escalations_fired (ticket_id, level_id, fired_at)
           SELECT t, l.id, now() - interval '1 hour' FROM unnest($1::uuid[]) t
             CROSS JOIN sla_escalation_levels l WHERE l.action IN ('warning', 'breach')`,
          [ids],
        );
      }
      await client.query(
        `UPDATE tickets SET sla_next_check_at = now() - interval '1 minute' WHERE id = ANY($1::uuid[])`,
        [ids],
      );
      await client.query(`VACUUM ANALYZE tickets, sla_escalations_fired, sla_clock_events, outbox_events`);
    };
    const timed = (label: string) => measure(label);
    const oneLevelPasses: SlaBenchReport['oneLevelPasses'] = [];
    const duePasses: SlaBenchReport['duePasses'] = [];
    for (let round = 0; round < o.rounds; round++) {
      await reset('first-two');
      oneLevelPasses.push(await timed(`due pass, one level each, ${round + 1}`));
      await reset('none');
      duePasses.push(await timed(`due pass, three levels each, ${round + 1}`));
    }
    return {
      database: name,
      tickets: total,
      open,
      due: ids.length,
      businessHours,
      seedSeconds,
      idle: {
        passes: idle.length,
        medianMs: quantile(idle, 0.5),
        p95Ms: quantile(idle, 0.95),
        maxMs: Math.max(...idle),
        cpuMsPerPass: idleCpu.length ? idleCpu.reduce((x, y) => x + y, 0) / idleCpu.length : NaN,
      },
      oneLevelPasses,
      duePasses,
      loadAverage: os.loadavg(),
      idlePlan: plan.map((r) => r['QUERY PLAN']).join('\n'),
    };
  } finally {
    await client.end();
    await handle.close();
    if (!o.keep) {
      const cleanup = new pg.Client({ connectionString: o.adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    } else {
      o.log(`kept ${url.toString()}`);
    }
  }
}

/** Fresh database: schema, demo organisation, bulk tickets, and each open ticket's clock log. */
async function prepare(handle: Awaited<ReturnType<typeof openDatabase>>, client: pg.Client, o: SlaBenchOptions) {
  await migrateToLatest(handle.db);
  await seedDemo(handle.db);
  await seed(client, { tickets: o.tickets, log: o.log });

  // Every open ticket gets its clock log (as the ticket service writes it) and a next check
  // in the future, spread over a day: the steady state between two passes.
  await client.query(`
    INSERT INTO sla_clock_events (ticket_id, kind, at, data)
    SELECT t.id, 'started', t.created_at, jsonb_build_object('reason', 'created', 'priority', p.name,
        'resolutionMinutes', r.duration_hours * 60, 'firstResponseMinutes', r.first_response_hours * 60,
        'businessHours', r.business_hours)
      FROM tickets t JOIN sla_rules r ON r.priority_id = t.priority_id AND r.is_active
      JOIN priorities p ON p.id = t.priority_id
     WHERE t.status IN ('OPEN', 'IN_PROGRESS', 'ON_HOLD')`);
  await client.query(`
    INSERT INTO sla_clock_events (ticket_id, kind, at, data)
    SELECT id, 'paused', on_hold_since, '{"reason": "on_hold"}' FROM tickets WHERE status = 'ON_HOLD'`);
  await client.query(`
    UPDATE tickets SET sla_next_check_at = now() + interval '1 minute' + random() * interval '1 day'
     WHERE status IN ('OPEN', 'IN_PROGRESS')`);
  if (o.businessHours) await client.query(`UPDATE sla_calendar SET always_open = false`);
  await client.query(`VACUUM ANALYZE tickets, sla_clock_events`);
}

export function formatSlaReport(r: SlaBenchReport): string {
  const dueMs = r.duePasses.map((p) => p.ms);
  const oneMs = r.oneLevelPasses.map((p) => p.ms);
  const cpu = (passes: Pass[]) => {
    const values = passes.map((p) => p.cpuMs).filter((v): v is number => v !== null);
    return values.length ? quantile(values, 0.5).toFixed(0) : 'n/a';
  };
  return [
    `SLA monitor, ${r.tickets.toLocaleString('en')} tickets, ${r.open.toLocaleString('en')} open, ${r.businessHours ? 'business hours' : '24x7'}; load average at the end ${r.loadAverage.map((l) => l.toFixed(1)).join(' / ')} (${os.cpus().length} CPUs)`,
    '',
    '| pass | runs | median ms | p95 ms | max ms | CPU ms per pass (median) | target |',
    '|---|---|---|---|---|---|---|',
    `| nothing due | ${r.idle.passes} | ${r.idle.medianMs.toFixed(2)} | ${r.idle.p95Ms.toFixed(2)} | ${r.idle.maxMs.toFixed(2)} | ${r.idle.cpuMsPerPass.toFixed(1)} (mean) | < 20 ms |`,
    `| ${r.due} due, one level each (${r.oneLevelPasses[0]?.fired ?? 0} fired) | ${oneMs.length} | ${quantile(oneMs, 0.5).toFixed(1)} | - | ${Math.max(...oneMs).toFixed(1)} | ${cpu(r.oneLevelPasses)} | < 500 ms |`,
    `| ${r.due} due, three levels each (${r.duePasses[0]?.fired ?? 0} fired) | ${dueMs.length} | ${quantile(dueMs, 0.5).toFixed(1)} | - | ${Math.max(...dueMs).toFixed(1)} | ${cpu(r.duePasses)} | < 500 ms |`,
    '',
    'Plan of the due query with nothing due:',
    '```',
    r.idlePlan,
    '```',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      tickets: { type: 'string' },
      due: { type: 'string' },
      passes: { type: 'string' },
      rounds: { type: 'string' },
      'business-hours': { type: 'boolean' },
      keep: { type: 'boolean' },
      'reuse-database': { type: 'string' },
      'database-url': { type: 'string' },
    },
  });
  const report = await runSlaBench({
    tickets: values.tickets ? Number(values.tickets) : undefined,
    due: values.due ? Number(values.due) : undefined,
    passes: values.passes ? Number(values.passes) : undefined,
    rounds: values.rounds ? Number(values.rounds) : undefined,
    businessHours: values['business-hours'] ?? false,
    keep: values.keep ?? false,
    reuseDatabase: values['reuse-database'] ?? null,
    adminUrl: values['database-url'] ?? process.env.BENCH_DATABASE_URL ?? DEFAULT_SLA_OPTIONS.adminUrl,
  });
  console.log(formatSlaReport(report));
}
