import type { DB } from '@/db/database';
import type { Clock } from '@/infra/infra.plugin';
import type { PubSub, RealtimeMessage } from '@/infra/pubsub/pubsub';
import { deriveClock } from './sla.clock';
import { loadSlaContext, planLevels, storedColumns, toLogEntry, type SlaContext } from './sla.engine';
import * as repo from './sla.repository';

const ACTION = {
  warning: { clock: 'warning', topic: 'sla.at_risk' },
  breach: { clock: 'breached', topic: 'sla.breached' },
  escalation: { clock: 'escalated', topic: 'sla.escalated' },
} as const;

export interface MonitorResult {
  checked: number;
  fired: number;
}

/**
 * One monitor pass: takes the tickets whose next SLA moment has passed (partial index on
 * sla_next_check_at; locked with SKIP LOCKED so two workers split them), re-derives each
 * clock, fires every due escalation level once (unique (ticket, level)), and writes the clock
 * events, outbox events, history and new deadlines in the same transaction. Batches until
 * nothing is due. With nothing due it costs one index probe.
 */
export async function runSlaMonitor(
  db: DB,
  clock: Clock,
  options: { pubsub?: PubSub; batchSize?: number } = {},
): Promise<MonitorResult> {
  const batchSize = options.batchSize ?? 1000;
  const total: MonitorResult = { checked: 0, fired: 0 };
  let ctx: SlaContext | null = null;
  for (;;) {
    const now = clock.now();
    const live: RealtimeMessage[] = [];
    const batch = await db.transaction().execute(async (trx) => {
      const due = await repo.lockDueTickets(trx, now, batchSize);
      if (due.length === 0) return { checked: 0, fired: 0 };
      ctx ??= await loadSlaContext(trx);
      const ids = due.map((t) => t.id);
      const [events, firedRows] = await Promise.all([repo.listClockEvents(trx, ids), repo.listFired(trx, ids)]);
      const logs = new Map<string, ReturnType<typeof toLogEntry>[]>();
      for (const e of events) logs.set(e.ticket_id, [...(logs.get(e.ticket_id) ?? []), toLogEntry(e)]);
      const fired = new Map<string, Set<string>>();
      for (const f of firedRows) fired.set(f.ticket_id, (fired.get(f.ticket_id) ?? new Set()).add(f.level_id));

      const columns: repo.SlaColumns[] = [];
      const toFire: { ticket: (typeof due)[number]; plan: ReturnType<typeof planLevels>[number] }[] = [];
      for (const ticket of due) {
        let derived: ReturnType<typeof deriveClock>;
        let plans: ReturnType<typeof planLevels>;
        try {
          derived = deriveClock(logs.get(ticket.id) ?? [], ctx.calendar, now, ctx.atRiskPercent);
          plans = planLevels(derived, ctx, ticket.priority_id);
        } catch {
          // A calendar with no working time within three years: leave this ticket alone rather
          // than block the whole batch (its deadlines stay as they were).
          columns.push({
            id: ticket.id,
            sla_deadline: ticket.sla_deadline,
            sla_at_risk_at: ticket.sla_at_risk_at,
            first_response_due_at: ticket.first_response_due_at,
            sla_next_check_at: null,
          });
          continue;
        }
        const done = fired.get(ticket.id) ?? new Set<string>();
        for (const plan of plans) {
          if (!done.has(plan.level.id) && plan.dueAt.getTime() <= now.getTime()) {
            toFire.push({ ticket, plan });
            done.add(plan.level.id);
          }
        }
        const stored = storedColumns(derived, plans, done);
        columns.push({ id: ticket.id, ...stored });
        const changed =
          stored.sla_deadline?.getTime() !== ticket.sla_deadline?.getTime() ||
          stored.sla_at_risk_at?.getTime() !== ticket.sla_at_risk_at?.getTime();
        if (changed) {
          live.push({
            kind: 'ticket',
            ticketId: ticket.id,
            requesterId: ticket.user_id,
            topic: 'sla.changed',
            internal: true,
          });
        }
      }

      const deadlines = new Map(columns.map((c) => [c.id, c.sla_deadline]));
      const won = await repo.recordFirings(
        trx,
        toFire.map(({ ticket, plan }): repo.Firing => {
          const action = ACTION[plan.level.action];
          return {
            ticket_id: ticket.id,
            level_id: plan.level.id,
            clock_kind: action.clock,
            topic: action.topic,
            history_name: plan.level.action === 'escalation' ? plan.level.name : null,
            data: {
              levelId: plan.level.id,
              levelName: plan.level.name,
              action: plan.level.action,
              recipients: plan.level.recipients,
              channels: plan.level.channels,
              urgent: plan.level.urgent,
              dueAt: plan.moment.toISOString(),
              deadline: deadlines.get(ticket.id)?.toISOString() ?? null,
            },
          };
        }),
        now,
      );
      const byId = new Map(due.map((d) => [d.id, d]));
      for (const w of won) {
        const ticket = byId.get(w.ticket_id);
        if (ticket) {
          live.push({
            kind: 'ticket',
            ticketId: ticket.id,
            requesterId: ticket.user_id,
            topic: 'sla.changed',
            internal: true,
          });
        }
      }
      await repo.updateSlaColumns(trx, columns);
      return { checked: due.length, fired: won.length };
    });
    // Hints only after the commit, so a refetch finds the change.
    const seen = new Set<string>();
    for (const message of live) {
      const key = message.kind === 'ticket' ? message.ticketId : '';
      if (seen.has(key)) continue;
      seen.add(key);
      await options.pubsub?.publish(message);
    }
    total.checked += batch.checked;
    total.fired += batch.fired;
    if (batch.checked < batchSize) return total;
  }
}
