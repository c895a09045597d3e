import type { DB } from '@/db/database';
import type { Clock } from '@/infra/infra.plugin';
import type { PubSub } from '@/infra/pubsub/pubsub';
import type { ScheduledJob } from '@/infra/queue/job-queue';
import type { SettingsService } from '@/modules/settings/settings.service';
import { checkCompliance } from './sla.compliance';
import { runSlaMonitor } from './sla.monitor';

/** Every minute, one worker (pg-boss cron slot): at-risk warnings, breaches, escalations. */
export function slaMonitorJob(db: DB, clock: Clock, pubsub?: PubSub): ScheduledJob {
  return { name: 'sla-monitor', cron: '* * * * *', run: () => runSlaMonitor(db, clock, { pubsub }) };
}

/** Every 15 minutes: the compliance alert to managers (at most once a day while below). */
export function slaComplianceJob(db: DB, clock: Clock, settings: Pick<SettingsService, 'get'>): ScheduledJob {
  return { name: 'sla-compliance', cron: '*/15 * * * *', run: () => checkCompliance(db, clock, settings) };
}
