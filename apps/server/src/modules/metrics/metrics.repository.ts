import { sql } from 'kysely';
import type { DB } from '@/db/database';
import { countAtRiskBreached } from '@/modules/sla/sla.repository';

/**
 * Figures read from the database at scrape time. They are the cluster's, not this process's:
 * workers serve no HTTP, so a counter kept in a worker's memory would never be scraped, and any
 * API process answers with the same totals. Each query is bounded by an index or a small table.
 */

/** pg-boss jobs per queue and state (created, retry, active, failed...), and the oldest waiting one. */
export async function jobQueueFigures(db: DB) {
  const rows = await sql<{ name: string; state: string; jobs: number; oldest: Date | null }>`
    select name, state::text as state, count(*)::int as jobs,
           min(created_on) filter (where state in ('created', 'retry')) as oldest
      from pgboss.job
     where state in ('created', 'retry', 'active', 'failed')
     group by name, state`.execute(db);
  return rows.rows;
}

/** Deliveries still to send and those that failed for good, per channel (partial indexes). */
export async function deliveryFigures(db: DB) {
  return db
    .selectFrom('notification_deliveries')
    .select(['channel', 'status', sql<number>`count(*)::int`.as('deliveries')])
    .where('status', 'in', ['pending', 'failed'])
    .groupBy(['channel', 'status'])
    .execute();
}

/** Deliveries sent in the last hour, per channel. */
export async function sentLastHour(db: DB, now: Date) {
  return db
    .selectFrom('notification_deliveries')
    .select(['channel', sql<number>`count(*)::int`.as('deliveries')])
    .where('status', '=', 'sent')
    .where('sent_at', '>=', new Date(now.getTime() - 3_600_000))
    .groupBy('channel')
    .execute();
}

/** Active tickets at risk and breached now (the SLA module's own definition). */
export async function slaFigures(db: DB, now: Date) {
  const rows = await countAtRiskBreached(db, now);
  return {
    atRisk: rows.reduce((n, r) => n + Number(r.at_risk), 0),
    breached: rows.reduce((n, r) => n + Number(r.breached), 0),
  };
}

/** Escalation levels fired so far, per action (each level fires once per ticket). */
export async function escalationFigures(db: DB) {
  return db
    .selectFrom('sla_escalations_fired as f')
    .innerJoin('sla_escalation_levels as l', 'l.id', 'f.level_id')
    .select(['l.action', sql<number>`count(*)::int`.as('fired')])
    .groupBy('l.action')
    .execute();
}
