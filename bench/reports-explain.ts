/**
 * The SQL statements of every dashboard call (summary, trends, staff, categories, priorities,
 * divisions; last 30 and 365 days, as bench/reports.ts asks them), each with its time inside the
 * call and, with `--explain`, its `EXPLAIN (ANALYZE, BUFFERS)` run alone. Read-only: it runs the
 * reports service's own SELECTs and EXPLAINs of them, nothing else, so it can look at a kept
 * bench database that others are measuring.
 *
 *   npm run bench:reports-explain -- --database bantu_bench_reports_xxxx [--explain] [--rounds 3]
 *                                    [--only staff] [--range 365]
 *
 * Figures: docs/performance.md, "Reports (issue 12)".
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../apps/server/src/db/types';
import { systemClock } from '../apps/server/src/infra/infra.plugin';
import { reportsService } from '../apps/server/src/modules/reports/reports.service';
import { settingsService } from '../apps/server/src/modules/settings/settings.service';

const { values } = parseArgs({
  options: {
    database: { type: 'string' },
    'database-url': { type: 'string' },
    explain: { type: 'boolean', default: false },
    rounds: { type: 'string', default: '3' },
    only: { type: 'string' },
    range: { type: 'string' },
  },
});
const adminUrl =
  values['database-url'] ?? process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
if (!values.database) throw new Error('--database <name of a bench database> is required');
const url = new URL(adminUrl);
url.pathname = `/${values.database}`;

interface Logged {
  sql: string;
  parameters: readonly unknown[];
  ms: number;
}
let captured: Logged[] | undefined;

const pool = new pg.Pool({ connectionString: url.toString(), max: 10 });
const db = new Kysely<Database>({
  dialect: new PostgresDialect({ pool }),
  log(event) {
    if (event.level === 'query' && captured)
      captured.push({ sql: event.query.sql, parameters: event.query.parameters, ms: event.queryDurationMillis });
  },
});
const service = reportsService(db, systemClock, { settings: settingsService(db) });

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const ranges = [
  { label: '30 days', days: 30, from: day(-29), to: day(0), granularity: 'day' as const },
  { label: '365 days', days: 365, from: day(-364), to: day(0), granularity: 'week' as const },
].filter((r) => !values.range || String(r.days) === values.range);
const calls = ['summary', 'trends', 'staff', 'categories', 'priorities', 'divisions'] as const;

/** A statement's text on one line, shortened: the measure lists are long and the same in every statement. */
const shorten = (text: string) =>
  text
    .replace(/\s+/g, ' ')
    .replace(/(coalesce\(sum\("s"\."\w+"\), 0\)::float8( as "\w+")?, ){3,}/g, '<sums…>, ')
    .slice(0, 400);

async function explain(statement: Logged): Promise<string[]> {
  const res = await pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`, statement.parameters as unknown[]);
  const lines = res.rows.map((r: Record<string, string>) => r['QUERY PLAN']!);
  // The plan's shape, buffers and timings; the output lists are long and say nothing new.
  return lines.filter((l) => !/^\s*Output:/.test(l)).slice(0, 40);
}

async function main() {
  const rounds = Number(values.rounds);
  console.log(
    `database ${values.database}; load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')}`,
  );
  for (const range of ranges) {
    for (const call of calls) {
      if (values.only && values.only !== call) continue;
      const q = { from: range.from, to: range.to, granularity: range.granularity };
      await service[call](q); // warm: settings, plans, caches
      const totals: number[] = [];
      let statements: Logged[] = [];
      for (let i = 0; i < rounds; i++) {
        captured = [];
        const t0 = performance.now();
        await service[call](q);
        totals.push(performance.now() - t0);
        statements = captured;
        captured = undefined;
      }
      console.log(
        `\n## ${range.label} ${call}: ${statements.length} statements, call ${totals.map((t) => t.toFixed(1)).join(' / ')} ms (load ${os.loadavg()[0]!.toFixed(1)})`,
      );
      for (const [i, s] of statements.entries()) {
        console.log(`${i + 1}. ${s.ms.toFixed(1)} ms  ${shorten(s.sql)}  ${JSON.stringify(s.parameters)}`);
        if (values.explain) for (const line of await explain(s)) console.log(`     ${line}`);
      }
    }
  }
}

try {
  await main();
} finally {
  await db.destroy();
}
