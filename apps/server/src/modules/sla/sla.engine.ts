import type { SlaClockEventKind, SlaMetric } from '@bantu/contracts';
import type { Insertable, Transaction } from 'kysely';
import type { DB } from '@/db/database';
import type { SlaClockEventsTable, Database } from '@/db/types';
import { settingsService } from '@/modules/settings/settings.service';
import type { BusinessCalendar } from './business-calendar';
import { deriveClock, levelMinutes, notifyAt, type ClockLogEntry, type DerivedClock } from './sla.clock';
import * as repo from './sla.repository';

/**
 * The SLA engine's rules around the pure clock: what each ticket change appends to the log,
 * the deadlines stored on the ticket for indexing, and when the monitor must look next.
 */

export interface SlaContext {
  calendar: BusinessCalendar;
  levels: repo.LevelRow[];
  atRiskPercent: number;
  pauseOnHold: boolean;
}

export async function loadCalendar(db: DB): Promise<BusinessCalendar> {
  const [cal, holidays] = await Promise.all([repo.readCalendar(db), repo.listHolidays(db)]);
  return {
    timeZone: cal.timezone,
    alwaysOpen: cal.always_open,
    week: cal.week,
    holidays: holidays.map((h) => ({ date: h.date, yearly: h.yearly })),
  };
}

export async function loadSlaContext(db: DB): Promise<SlaContext> {
  const [calendar, levels, settings] = await Promise.all([
    loadCalendar(db),
    repo.listLevels(db, true),
    settingsService(db).get(),
  ]);
  return { calendar, levels, atRiskPercent: settings.slaAtRiskPercent, pauseOnHold: settings.slaPauseOnHold };
}

export type RuleTargets = NonNullable<Awaited<ReturnType<typeof repo.activeRule>>> | undefined;

/** A change of the ticket, in the words of the clock. */
export type ClockIntent =
  | { kind: 'start'; rule: RuleTargets; priority: string }
  | { kind: 'target'; rule: RuleTargets; priority: string; createdAt: Date }
  | { kind: 'pause'; reason: 'on_hold' | 'closed' }
  | { kind: 'resume'; reason: 'resumed' | 'reopened' }
  | { kind: 'first_response' }
  | { kind: 'resolve' };

const targetData = (rule: RuleTargets, priority: string) => ({
  priority,
  resolutionMinutes: rule ? rule.duration_hours * 60 : null,
  firstResponseMinutes: rule?.first_response_hours ? rule.first_response_hours * 60 : null,
  businessHours: rule?.business_hours ?? true,
});

export interface LevelPlan {
  level: repo.LevelRow;
  /** When the level's clock mark is reached (business time). */
  moment: Date;
  /** When it notifies (the next working minute unless urgent). */
  dueAt: Date;
}

/** The levels that apply to a ticket and when each is due; empty unless the clock runs. */
export function planLevels(derived: DerivedClock, ctx: SlaContext, priorityId: string): LevelPlan[] {
  const res = derived.resolution;
  if (!derived.running || !res || res.clock !== 'running') return [];
  return ctx.levels
    .filter((l) => l.is_active && (l.priority_ids.length === 0 || l.priority_ids.includes(priorityId)))
    .map((level) => {
      const moment = res.momentAt(
        levelMinutes(
          { trigger: level.trigger, percent: level.percent, offsetMinutes: level.offset_minutes },
          res.targetMinutes,
          ctx.atRiskPercent,
        ),
      );
      return { level, moment, dueAt: notifyAt(moment, level.urgent, ctx.calendar) };
    });
}

export function storedColumns(derived: DerivedClock, plans: LevelPlan[], fired: Set<string>) {
  const pending = plans.filter((p) => !fired.has(p.level.id)).map((p) => p.dueAt.getTime());
  return {
    sla_deadline: derived.resolution?.deadline ?? null,
    sla_at_risk_at: derived.resolution?.atRiskAt ?? null,
    first_response_due_at: derived.firstResponse?.deadline ?? null,
    sla_next_check_at: pending.length ? new Date(Math.min(...pending)) : null,
  };
}

export const toLogEntry = (r: repo.ClockEventRow): ClockLogEntry => ({
  id: r.id,
  kind: r.kind,
  metric: r.metric,
  at: r.at,
  data: r.data,
});

/**
 * What the intents mean for a ticket's clock, without I/O: appends the new entries to `log`
 * (which it mutates) and answers the rows to insert and the ticket columns to store: derived
 * deadlines, the next monitor check, and the first-response / resolution outcomes decided now.
 */
export function applyClockIntents(
  ctx: SlaContext,
  ticket: { id: string; priority_id: string },
  log: ClockLogEntry[],
  fired: Set<string>,
  intents: ClockIntent[],
  now: Date,
) {
  const fresh: Insertable<SlaClockEventsTable>[] = [];
  const decided: {
    sla_first_response_met?: boolean | null;
    sla_resolution_met?: boolean | null;
    /** The clock's run time at the decision (reports): business minutes unless the rule is 24x7. */
    first_response_minutes?: number | null;
    first_response_business?: boolean | null;
    resolution_minutes?: number | null;
    resolution_business?: boolean | null;
  } = {};
  const derive = () => deriveClock(log, ctx.calendar, now, ctx.atRiskPercent);
  const append = (kind: SlaClockEventKind, metric: SlaMetric | null, data: Record<string, unknown>, at = now) => {
    log.push({ kind, metric, at, data });
    fresh.push({ ticket_id: ticket.id, kind, metric, at, data: JSON.stringify(data) });
  };
  const hasStart = () => log.some((e) => e.kind === 'started');

  for (const intent of intents) {
    switch (intent.kind) {
      case 'start':
        if (intent.rule) append('started', null, { reason: 'created', ...targetData(intent.rule, intent.priority) });
        break;
      case 'target':
        if (hasStart()) {
          append('target_changed', null, { reason: 'priority_changed', ...targetData(intent.rule, intent.priority) });
        } else if (intent.rule) {
          // No rule at creation: the new target still counts from the creation.
          append(
            'started',
            null,
            { reason: 'priority_changed', ...targetData(intent.rule, intent.priority) },
            intent.createdAt,
          );
        }
        break;
      case 'pause':
        if (intent.reason === 'on_hold' && !ctx.pauseOnHold) break;
        if (derive().running) append('paused', null, { reason: intent.reason });
        break;
      case 'resume': {
        const d = derive();
        if (!d.running && (d.resolution ?? d.firstResponse)) {
          append('resumed', null, { reason: intent.reason });
          if (intent.reason === 'reopened' && d.resolution?.decidedAt) {
            decided.sla_resolution_met = null;
            decided.resolution_minutes = null;
            decided.resolution_business = null;
          }
        }
        break;
      }
      case 'first_response': {
        const d = derive();
        const fr = d.firstResponse;
        const measured = fr ?? d.resolution;
        if (measured && !fr?.decidedAt) {
          decided.first_response_minutes = measured.usedMinutes;
          decided.first_response_business = !d.calendar.alwaysOpen;
        }
        if (fr && !fr.decidedAt) {
          const met = now.getTime() <= fr.deadline.getTime();
          append(met ? 'fulfilled' : 'missed', 'first_response', { deadline: fr.deadline.toISOString() });
          decided.sla_first_response_met = met;
        }
        break;
      }
      case 'resolve': {
        const d = derive();
        const res = d.resolution;
        if (res && !res.decidedAt) {
          decided.resolution_minutes = res.usedMinutes;
          decided.resolution_business = !d.calendar.alwaysOpen;
          const met = now.getTime() <= res.deadline.getTime();
          append(met ? 'fulfilled' : 'missed', 'resolution', {
            reason: 'resolved',
            deadline: res.deadline.toISOString(),
          });
          decided.sla_resolution_met = met;
        }
        break;
      }
    }
  }
  const derived = derive();
  return {
    fresh,
    columns: { ...storedColumns(derived, planLevels(derived, ctx, ticket.priority_id), fired), ...decided },
  };
}

/**
 * Appends what the intents mean to the ticket's clock log (in the caller's transaction) and
 * answers the ticket columns to store (see applyClockIntents).
 */
export async function recordClock(
  trx: Transaction<Database>,
  ctx: SlaContext,
  ticket: { id: string; priority_id: string },
  intents: ClockIntent[],
  now: Date,
  options: { isNew?: boolean } = {},
) {
  // A ticket created in this transaction has no log and no fired levels yet.
  const log = options.isNew ? [] : (await repo.listClockEvents(trx, [ticket.id])).map(toLogEntry);
  const fired = new Set(options.isNew ? [] : (await repo.listFired(trx, [ticket.id])).map((f) => f.level_id));
  const { fresh, columns } = applyClockIntents(ctx, ticket, log, fired, intents, now);
  await repo.insertClockEvents(trx, fresh);
  return columns;
}
