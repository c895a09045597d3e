import type { Insertable } from 'kysely';
import type { DB } from '@/db/database';
import type { OutboxEventsTable, SlaClockEventsTable, TicketEventsTable } from '@/db/types';
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
  const batchSize = options.batchSize ?? 500;
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
        const derived = deriveClock(logs.get(ticket.id) ?? [], ctx.calendar, now, ctx.atRiskPercent);
        const plans = planLevels(derived, ctx, ticket.priority_id);
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

      // The unique (ticket, level) key decides: only pairs inserted here are announced.
      const inserted = await repo.insertFired(
        trx,
        toFire.map((f) => ({ ticket_id: f.ticket.id, level_id: f.plan.level.id, fired_at: now })),
      );
      const won = new Set(inserted.map((r) => `${r.ticket_id}:${r.level_id}`));
      const clockRows: Insertable<SlaClockEventsTable>[] = [];
      const outbox: Insertable<OutboxEventsTable>[] = [];
      const history: Insertable<TicketEventsTable>[] = [];
      for (const { ticket, plan } of toFire) {
        if (!won.has(`${ticket.id}:${plan.level.id}`)) continue;
        const action = ACTION[plan.level.action];
        const deadline = columns.find((c) => c.id === ticket.id)?.sla_deadline ?? null;
        const details = {
          levelId: plan.level.id,
          levelName: plan.level.name,
          action: plan.level.action,
          recipients: plan.level.recipients,
          channels: plan.level.channels,
          urgent: plan.level.urgent,
          dueAt: plan.moment.toISOString(),
          deadline: deadline?.toISOString() ?? null,
        };
        clockRows.push({
          ticket_id: ticket.id,
          kind: action.clock,
          metric: 'resolution',
          at: now,
          data: JSON.stringify(details),
        });
        outbox.push({
          topic: action.topic,
          ticket_id: ticket.id,
          actor_id: null,
          payload: JSON.stringify(details),
          created_at: now,
        });
        if (plan.level.action === 'escalation') {
          history.push({
            ticket_id: ticket.id,
            actor_id: null,
            type: 'sla_escalated',
            field: 'sla',
            to_value: plan.level.name,
            data: JSON.stringify({ levelId: plan.level.id, recipients: plan.level.recipients }),
            created_at: now,
          });
        }
        live.push({
          kind: 'ticket',
          ticketId: ticket.id,
          requesterId: ticket.user_id,
          topic: 'sla.changed',
          internal: true,
        });
      }
      await repo.insertClockEvents(trx, clockRows);
      if (outbox.length) await trx.insertInto('outbox_events').values(outbox).execute();
      if (history.length) await trx.insertInto('ticket_events').values(history).execute();
      await repo.updateSlaColumns(trx, columns);
      return { checked: due.length, fired: won.size };
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
