import type { DB } from '@/db/database';
import type { Clock } from '@/infra/infra.plugin';
import type { ScheduledJob } from '@/infra/queue/job-queue';
import { enqueueEvent } from '@/modules/outbox/outbox.repository';
import type { SettingsService } from '@/modules/settings/settings.service';
import { historyOf } from './tickets.history';
import * as repo from './tickets.repository';
import * as write from './tickets.write';

export type AutoCloseDeps = write.TicketWriteDeps & { settings: Pick<SettingsService, 'get'> };

/** Closes RESOLVED tickets whose requester did not answer within `autoCloseDays`; answers how many. */
export async function autoCloseTickets(db: DB, clock: Clock, deps: AutoCloseDeps, batchSize = 500) {
  const { autoCloseDays } = await deps.settings.get();
  if (autoCloseDays <= 0) return 0;
  const now = clock.now();
  const cutoff = new Date(now.getTime() - autoCloseDays * 86_400_000);
  let closed = 0;
  for (;;) {
    const batch = await write.writeTransaction(db, deps, async (trx) => {
      const due = await repo.lockResolvedBefore(trx, cutoff, batchSize);
      const stats = await write.takeStats(
        deps,
        trx,
        due.map((t) => t.id),
      );
      for (const t of due) {
        await repo.updateTicket(trx, t.id, { status: 'CLOSED', closed_at: now }, now);
        await enqueueEvent(trx, {
          topic: 'ticket.status_changed',
          ticketId: t.id,
          actorId: null,
          payload: { from: 'RESOLVED', to: 'CLOSED', action: 'auto_close' },
        });
      }
      await repo.insertTicketEvents(
        trx,
        due.map((t) =>
          historyOf(t.id, null, now).statusChanged('RESOLVED', 'CLOSED', {
            action: 'auto_close',
            afterDays: autoCloseDays,
          }),
        ),
      );
      await stats.apply();
      return due.length;
    });
    closed += batch;
    if (batch < batchSize) return closed;
  }
}

/** RESOLVED tickets whose requester did not answer close by themselves (setting autoCloseDays). */
export function autoCloseJob(db: DB, clock: Clock, deps: AutoCloseDeps): ScheduledJob {
  return {
    name: 'tickets-auto-close',
    cron: '*/10 * * * *',
    run: async () => ({ closed: await autoCloseTickets(db, clock, deps) }),
  };
}
