import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SLA_OPTIONS, formatSlaReport, runSlaBench } from './sla-monitor';

/**
 * The SLA monitor bench end to end at a tiny size (fresh database, seed, clock logs, idle and due
 * passes, clean-up). It checks the harness and that the passes did their work, not speed (speed is
 * judged by `npm run bench:sla`). Skipped when PostgreSQL is unreachable.
 */
const adminUrl = process.env.BENCH_DATABASE_URL ?? DEFAULT_SLA_OPTIONS.adminUrl;

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

describe('SLA monitor bench', () => {
  it.skipIf(!hasPostgres)(
    'seeds, times idle and due passes, fires every level of the due tickets, and cleans up',
    async () => {
      const report = await runSlaBench({
        tickets: 4000,
        due: 40,
        passes: 5,
        rounds: 2,
        adminUrl,
        log: () => undefined,
      });
      console.log(formatSlaReport(report));
      expect(report.open).toBeGreaterThan(0);
      expect(report.due).toBe(40);
      expect(report.idle.passes).toBe(5);
      for (const pass of report.duePasses) expect(pass).toMatchObject({ checked: 40, fired: 120 });
      for (const pass of report.oneLevelPasses) expect(pass).toMatchObject({ checked: 40, fired: 40 });
      expect(report.idlePlan).toContain('tickets_sla_next_check_idx');

      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      const { rows } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [report.database]);
      await admin.end();
      expect(rows).toHaveLength(0);
    },
  );
});
