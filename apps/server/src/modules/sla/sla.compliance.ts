import { sql } from 'kysely';
import type { DB } from '@/db/database';
import type { Clock } from '@/infra/infra.plugin';
import type { SettingsService } from '@/modules/settings/settings.service';
import type { OutboxPayload } from '@/modules/outbox/outbox.definitions';
import * as repo from './sla.repository';

const DAY = 86_400_000;

export interface ComplianceResult {
  resolved: number;
  met: number;
  percent: number | null;
  alerted: boolean;
}

/**
 * SLA compliance (resolved within the deadline / resolved, outcomes stored at resolution) over
 * the rolling window `slaComplianceWindowDays`. Below `slaComplianceThreshold`, managers are
 * alerted (outbox `sla.compliance_alert`), at most once a day while it stays below: the last
 * alert is kept in sla_compliance_alerts, read and written under a table lock so two workers
 * cannot both send.
 */
export async function checkCompliance(
  db: DB,
  clock: Clock,
  settings: Pick<SettingsService, 'get'>,
): Promise<ComplianceResult> {
  const config = await settings.get();
  const now = clock.now();
  const window = config.slaComplianceWindowDays;
  const counts = await repo.complianceSince(db, new Date(now.getTime() - window * DAY), now);
  const resolved = Number(counts.resolved);
  const met = Number(counts.met);
  if (resolved === 0) return { resolved, met, percent: null, alerted: false };
  const percent = Math.round((met / resolved) * 1000) / 10;
  if (percent >= config.slaComplianceThreshold) return { resolved, met, percent, alerted: false };
  const alerted = await db.transaction().execute(async (trx) => {
    await sql`lock table sla_compliance_alerts in share row exclusive mode`.execute(trx);
    const last = await repo.lastComplianceAlert(trx);
    if (last && now.getTime() - last.alerted_at.getTime() < DAY) return false;
    await repo.insertComplianceAlert(trx, {
      alerted_at: now,
      percent,
      resolved,
      met,
      window_days: window,
      threshold: config.slaComplianceThreshold,
    });
    await trx
      .insertInto('outbox_events')
      .values({
        topic: 'sla.compliance_alert',
        ticket_id: null,
        actor_id: null,
        payload: JSON.stringify({
          percent,
          resolved,
          met,
          windowDays: window,
          threshold: config.slaComplianceThreshold,
          title: `SLA ${percent}% < ${config.slaComplianceThreshold}% (${window} d)`,
        } satisfies OutboxPayload<'sla.compliance_alert'>),
        created_at: now,
      })
      .execute();
    return true;
  });
  return { resolved, met, percent, alerted };
}
