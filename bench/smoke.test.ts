import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, formatReport, runBench } from './run';

/**
 * The harness end to end at a tiny size: fresh database, built server, seed, every scenario
 * through the API and both baselines. It checks that the harness works, not how fast anything is
 * (speed is judged by `npm run bench`, never by a timed test). Needs PostgreSQL with a role that
 * may CREATE DATABASE (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
 * and the built server (npm run build -w @bantu/server).
 */
const adminUrl = DEFAULT_OPTIONS.adminUrl;

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const hasPostgres = await reachable(adminUrl);

describe('bench harness', () => {
  it.skipIf(!hasPostgres)('seeds, loads every scenario through the API and both baselines, and cleans up', async () => {
    const lines: string[] = [];
    const report = await runBench({
      tickets: 2000,
      duration: 2,
      warmup: 0.5,
      connections: 5,
      resultsDir: null,
      log: (line) => lines.push(line),
    });
    console.log(formatReport(report));

    expect(report.seed.tickets).toBe(2000);
    expect(report.seed.comments).toBe(6000);
    expect(report.scenarios.map((s) => s.name)).toEqual([
      'queue',
      'queue-priority',
      'my-tickets',
      'ticket',
      'search',
      'counts',
      'create',
    ]);
    for (const scenario of report.scenarios) {
      for (const [via, run] of Object.entries({ api: scenario.api, fastify: scenario.fastify, pg: scenario.pg })) {
        const where = `${scenario.name} via ${via}: ${run.detail}`;
        expect(run.requests, where).toBeGreaterThan(0);
        expect(run.errors, where).toBe(0);
        expect(Number.isFinite(run.p99), where).toBe(true);
        expect(run.p99, where).toBeGreaterThan(0);
      }
    }
    // List scenarios answered real pages, and the plans were captured.
    expect(report.scenarios.find((s) => s.name === 'queue')?.firstPage.all).toBe(25);
    expect(report.scenarios.find((s) => s.name === 'my-tickets')?.firstPage.all).toBe(25);
    expect(report.explain.every((e) => e.executionMs !== null)).toBe(true);

    // The bench database is gone.
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    const { rows } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [report.database]);
    await admin.end();
    expect(rows).toHaveLength(0);
  });
});
