import type { DB } from '@/db/database';
import type { Clock } from '@/infra/infra.plugin';
import type { ScheduledJob } from '@/infra/queue/job-queue';
import { ticketsService } from './tickets.service';

/** RESOLVED tickets whose requester did not answer close by themselves (setting autoCloseDays). */
export function autoCloseJob(db: DB, clock: Clock): ScheduledJob {
  const service = ticketsService(db, clock);
  return {
    name: 'tickets-auto-close',
    cron: '*/10 * * * *',
    run: async () => ({ closed: await service.autoClose() }),
  };
}
