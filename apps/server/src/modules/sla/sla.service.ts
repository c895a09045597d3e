import { recordAudit } from '@/modules/audit/audit.service';
import {
  can,
  minutesOfDay,
  type BusinessCalendarResponse,
  type BusinessCalendarUpdateRequest,
  type EscalationLevelCreateRequest,
  type EscalationLevelResponse,
  type EscalationLevelUpdateRequest,
  type HolidayCreateRequest,
  type HolidayImportRequest,
  type HolidayResponse,
  type HolidayUpdateRequest,
  type SlaClockEvent,
  type SlaClockEventKind,
  type SlaMetricClock,
  type SlaOverviewResponse,
  type SlaRecipient,
  type SlaTicketItem,
  type TicketSlaResponse,
} from '@bantu/contracts';
import type { DB } from '@/db/database';
import type { AuthUser } from '@/http/auth.plugin';
import type { Clock } from '@/infra/infra.plugin';
import { pageOf } from '@/lib/cursor';
import { duplicate, fieldError, notFound, uniqueViolation } from '@/lib/errors';
import type { SettingsService } from '@/modules/settings/settings.service';
import { toTicketSummary } from '@/modules/tickets/tickets.presenter';
import { viewerOf } from '@/modules/tickets/tickets.visibility';
import { deriveClock, type DerivedMetric } from './sla.clock';
import { loadSlaContext, planLevels, toLogEntry } from './sla.engine';
import { IcsError, parseIcsHolidays } from './sla.ics';
import * as repo from './sla.repository';

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

function toCalendarResponse(row: Awaited<ReturnType<typeof repo.readCalendar>>): BusinessCalendarResponse {
  return {
    timezone: row.timezone,
    alwaysOpen: row.always_open,
    week: Array.from({ length: 7 }, (_, day) => ({
      day,
      intervals: (row.week[day] ?? []).map(([s, e]) => ({ start: hhmm(s), end: hhmm(e) })),
    })),
    updatedAt: row.updated_at?.toISOString() ?? null,
  };
}

const toHoliday = (r: {
  id: string;
  date: string;
  name: string;
  yearly: boolean;
  created_at: Date;
}): HolidayResponse => ({
  id: r.id,
  date: r.date,
  name: r.name,
  yearly: r.yearly,
  createdAt: r.created_at.toISOString(),
});

const toLevel = (r: repo.LevelRow): EscalationLevelResponse => ({
  id: r.id,
  name: r.name,
  action: r.action,
  trigger: r.trigger,
  percent: r.percent,
  offsetMinutes: r.offset_minutes,
  recipients: r.recipients as SlaRecipient[],
  channels: r.channels as EscalationLevelResponse['channels'],
  priorityIds: r.priority_ids,
  urgent: r.urgent,
  isActive: r.is_active,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

const roundMin = (m: number) => Math.round(m);

function toMetricClock(m: DerivedMetric & { atRiskAt?: Date }): SlaMetricClock {
  return {
    targetMinutes: m.targetMinutes,
    deadline: m.deadline.toISOString(),
    atRiskAt: m.atRiskAt?.toISOString() ?? null,
    clock: m.clock,
    usedMinutes: roundMin(m.usedMinutes),
    pausedMinutes: roundMin(m.pausedMinutes),
    remainingMinutes: roundMin(m.remainingMinutes),
    decidedAt: m.decidedAt?.toISOString() ?? null,
  };
}

const STAFF_ONLY_EVENTS: SlaClockEventKind[] = ['warning', 'escalated'];

export function slaService(db: DB, clock: Clock, settings: SettingsService) {
  async function levelPriorityCheck(priorityIds: string[] | undefined) {
    if (!priorityIds?.length) return;
    const found = await db.selectFrom('priorities').select('id').where('id', 'in', priorityIds).execute();
    if (found.length !== new Set(priorityIds).size) throw fieldError('priorityIds', 'Unknown priority id');
  }

  return {
    // ---- calendar

    async calendar() {
      return toCalendarResponse(await repo.readCalendar(db));
    },

    async updateCalendar(input: BusinessCalendarUpdateRequest, actorId: string | null = null) {
      const now = clock.now();
      return db.transaction().execute(async (trx) => {
        const before = toCalendarResponse(await repo.readCalendar(trx));
        const row = await repo.writeCalendar(
          trx,
          {
            timezone: input.timezone,
            always_open: input.alwaysOpen,
            week: input.week.map((d) =>
              d.intervals.map((iv): [number, number] => [minutesOfDay(iv.start), minutesOfDay(iv.end)]),
            ),
          },
          now,
        );
        // Every running clock is re-derived with the new calendar by the next monitor pass.
        await repo.requestRecompute(trx, now);
        const after = toCalendarResponse(row);
        await recordAudit(trx, { action: 'sla_calendar.updated', actorId, targetType: 'sla_calendar', before, after });
        return after;
      });
    },

    async holidays() {
      return (await repo.listHolidays(db)).map(toHoliday);
    },

    async createHoliday(input: HolidayCreateRequest) {
      try {
        const row = await db.transaction().execute(async (trx) => {
          const created = await repo.insertHoliday(trx, {
            date: input.date,
            name: input.name,
            yearly: input.yearly ?? false,
          });
          await repo.requestRecompute(trx, clock.now());
          return created;
        });
        return toHoliday(row);
      } catch (error) {
        if (uniqueViolation(error) !== null) throw duplicate('date', 'This date already is a holiday');
        throw error;
      }
    },

    async updateHoliday(id: string, input: HolidayUpdateRequest) {
      try {
        const row = await db.transaction().execute(async (trx) => {
          const updated = await repo.updateHoliday(trx, id, input);
          if (updated) await repo.requestRecompute(trx, clock.now());
          return updated;
        });
        if (!row) throw notFound('Holiday');
        return toHoliday(row);
      } catch (error) {
        if (uniqueViolation(error) !== null) throw duplicate('date', 'This date already is a holiday');
        throw error;
      }
    },

    async deleteHoliday(id: string) {
      await db.transaction().execute(async (trx) => {
        const result = await repo.deleteHoliday(trx, id);
        if (result.numDeletedRows === 0n) throw notFound('Holiday');
        await repo.requestRecompute(trx, clock.now());
      });
    },

    async importHolidays(input: HolidayImportRequest) {
      let parsed;
      try {
        parsed = parseIcsHolidays(input.ics);
      } catch (error) {
        if (error instanceof IcsError) throw fieldError('ics', error.message);
        throw error;
      }
      // One holiday per date: the first event of a date wins inside the file.
      const byDate = new Map<string, { date: string; name: string; yearly: boolean }>();
      for (const h of parsed.holidays) if (!byDate.has(h.date)) byDate.set(h.date, h);
      const rows = await db.transaction().execute(async (trx) => {
        if (input.replace) await repo.deleteAllHolidays(trx);
        const inserted = await repo.insertHolidays(trx, [...byDate.values()]);
        await repo.requestRecompute(trx, clock.now());
        return inserted;
      });
      return {
        imported: rows.length,
        skipped: parsed.skipped + (parsed.holidays.length - rows.length),
        items: rows.sort((a, b) => a.date.localeCompare(b.date)).map(toHoliday),
      };
    },

    // ---- escalation levels

    async levels() {
      return (await repo.listLevels(db)).map(toLevel);
    },

    async createLevel(input: EscalationLevelCreateRequest) {
      await levelPriorityCheck(input.priorityIds);
      const row = await db.transaction().execute(async (trx) => {
        const created = await repo.insertLevel(trx, {
          name: input.name,
          action: input.action,
          trigger: input.trigger,
          percent: input.trigger === 'percent' ? (input.percent ?? null) : null,
          offset_minutes: input.trigger === 'after_deadline' ? (input.offsetMinutes ?? null) : null,
          recipients: [...new Set(input.recipients)],
          channels: [...new Set(input.channels)],
          priority_ids: [...new Set(input.priorityIds ?? [])],
          urgent: input.urgent ?? false,
          is_active: input.isActive ?? true,
        });
        await repo.requestRecompute(trx, clock.now());
        return created;
      });
      return toLevel(row);
    },

    async updateLevel(id: string, input: EscalationLevelUpdateRequest) {
      await levelPriorityCheck(input.priorityIds);
      const row = await db.transaction().execute(async (trx) => {
        const current = await repo.findLevel(trx, id);
        if (!current) throw notFound('Escalation level');
        const trigger = input.trigger ?? current.trigger;
        const percent = input.percent === undefined ? current.percent : input.percent;
        const offset = input.offsetMinutes === undefined ? current.offset_minutes : input.offsetMinutes;
        if (trigger === 'percent' && percent === null) throw fieldError('percent', 'Give the percent of the target');
        if (trigger === 'after_deadline' && offset === null)
          throw fieldError('offsetMinutes', 'Give the minutes after the deadline');
        const updated = await repo.updateLevel(
          trx,
          id,
          {
            name: input.name,
            action: input.action,
            trigger,
            percent: trigger === 'percent' ? percent : null,
            offset_minutes: trigger === 'after_deadline' ? offset : null,
            recipients: input.recipients ? [...new Set(input.recipients)] : undefined,
            channels: input.channels ? [...new Set(input.channels)] : undefined,
            priority_ids: input.priorityIds ? [...new Set(input.priorityIds)] : undefined,
            urgent: input.urgent,
            is_active: input.isActive,
          },
          clock.now(),
        );
        await repo.requestRecompute(trx, clock.now());
        return updated!;
      });
      return toLevel(row);
    },

    /** Deleting a level forgets which tickets it fired for; the clock log keeps its name. */
    async deleteLevel(id: string) {
      const result = await repo.deleteLevel(db, id);
      if (result.numDeletedRows === 0n) throw notFound('Escalation level');
    },

    // ---- the explaining clock of one ticket

    async ticketClock(user: AuthUser, ticketId: string): Promise<TicketSlaResponse> {
      const viewer = viewerOf(user);
      const ticket = await repo.findClockTicket(db, viewer, ticketId, clock.now());
      if (!ticket) throw notFound('Ticket');
      const staff = can(user.role, 'sla:view');
      const now = clock.now();
      const [ctx, rows, firedRows] = await Promise.all([
        loadSlaContext(db),
        repo.listClockEvents(db, [ticket.id]),
        repo.listFired(db, [ticket.id]),
      ]);
      const log = rows.map(toLogEntry);
      const derived = deriveClock(log, ctx.calendar, now, ctx.atRiskPercent);
      const events: SlaClockEvent[] = [];
      for (let i = 0; i < log.length; i++) {
        const e = log[i]!;
        if (!staff && STAFF_ONLY_EVENTS.includes(e.kind)) continue;
        const upTo = deriveClock(log.slice(0, i + 1), ctx.calendar, e.at, ctx.atRiskPercent);
        const d = e.data;
        const num = (v: unknown) => (typeof v === 'number' ? Math.round(v) : null);
        const isTarget = e.kind === 'started' || e.kind === 'target_changed';
        events.push({
          id: String(e.id),
          kind: e.kind,
          metric: e.metric,
          at: e.at.toISOString(),
          reason: typeof d.reason === 'string' ? d.reason : null,
          priority: typeof d.priority === 'string' ? d.priority : null,
          businessHours: isTarget ? d.businessHours !== false : null,
          resolutionTargetMinutes: isTarget ? num(d.resolutionMinutes) : null,
          firstResponseTargetMinutes: isTarget ? num(d.firstResponseMinutes) : null,
          deadline: upTo.resolution?.deadline.toISOString() ?? null,
          usedMinutes: upTo.resolution ? Math.round(upTo.resolution.usedMinutes) : null,
          level:
            staff && typeof d.levelId === 'string' && typeof d.levelName === 'string'
              ? { id: d.levelId, name: d.levelName }
              : null,
          recipients: staff && Array.isArray(d.recipients) ? (d.recipients as SlaRecipient[]) : null,
        });
      }
      const firedAt = new Map(firedRows.map((f) => [f.level_id, f.fired_at]));
      const plans = new Map(planLevels(derived, ctx, ticket.priority_id).map((p) => [p.level.id, p.dueAt]));
      const levels = staff
        ? ctx.levels
            .filter((l) => l.priority_ids.length === 0 || l.priority_ids.includes(ticket.priority_id))
            .map((l) => ({
              id: l.id,
              name: l.name,
              action: l.action,
              dueAt: plans.get(l.id)?.toISOString() ?? null,
              firedAt: firedAt.get(l.id)?.toISOString() ?? null,
            }))
        : [];
      return {
        ticketId: ticket.id,
        now: now.toISOString(),
        state: ticket.sla_state,
        businessHours: derived.businessHours,
        calendar: { timezone: ctx.calendar.timeZone, alwaysOpen: ctx.calendar.alwaysOpen },
        resolution: derived.resolution ? toMetricClock(derived.resolution) : null,
        firstResponse: derived.firstResponse ? toMetricClock(derived.firstResponse) : null,
        levels,
        events,
      };
    },

    // ---- SLA views

    async overview(): Promise<SlaOverviewResponse> {
      const now = clock.now();
      const config = await settings.get();
      const [rows, compliance] = await Promise.all([
        repo.countAtRiskBreached(db, now),
        repo.complianceSince(db, new Date(now.getTime() - config.slaComplianceWindowDays * 86_400_000), now),
      ]);
      const byAssignee = new Map<string, SlaOverviewResponse['byAssignee'][number]>();
      const byPriority = new Map<string, SlaOverviewResponse['byPriority'][number]>();
      let atRisk = 0;
      let breached = 0;
      for (const r of rows) {
        const a = Number(r.at_risk);
        const b = Number(r.breached);
        atRisk += a;
        breached += b;
        const ak = r.assigned_to ?? 'none';
        const assignee = byAssignee.get(ak) ?? {
          assignee: r.assigned_to ? { id: r.assigned_to, name: r.assignee_name ?? '' } : null,
          atRisk: 0,
          breached: 0,
        };
        assignee.atRisk += a;
        assignee.breached += b;
        byAssignee.set(ak, assignee);
        const priority = byPriority.get(r.priority_id) ?? {
          priority: { id: r.priority_id, name: r.priority_name, level: r.priority_level, color: r.priority_color },
          atRisk: 0,
          breached: 0,
        };
        priority.atRisk += a;
        priority.breached += b;
        byPriority.set(r.priority_id, priority);
      }
      const resolved = Number(compliance.resolved);
      const met = Number(compliance.met);
      return {
        generatedAt: now.toISOString(),
        atRisk,
        breached,
        byAssignee: [...byAssignee.values()].sort(
          (x, y) =>
            y.breached - x.breached ||
            y.atRisk - x.atRisk ||
            (x.assignee?.name ?? '').localeCompare(y.assignee?.name ?? ''),
        ),
        byPriority: [...byPriority.values()].sort((x, y) => x.priority.level - y.priority.level),
        compliance: {
          windowDays: config.slaComplianceWindowDays,
          resolved,
          met,
          percent: resolved ? Math.round((met / resolved) * 1000) / 10 : null,
          threshold: config.slaComplianceThreshold,
        },
      };
    },

    async tickets(query: {
      state: 'at_risk' | 'breached';
      assigneeId?: string;
      priorityId?: string;
      cursor?: string;
      limit: number;
    }) {
      const now = clock.now();
      const rows = await repo.listSlaTickets(db, query, now);
      const page = pageOf(rows, query.limit, (r) => [r.sla_deadline!.toISOString(), r.id]);
      return {
        items: page.items.map((r): SlaTicketItem => ({
          ...toTicketSummary(r),
          slaAtRiskAt: r.sla_at_risk_at?.toISOString() ?? null,
          lastLevel: r.last_level ? { ...r.last_level, firedAt: new Date(r.last_level.firedAt).toISOString() } : null,
        })),
        nextCursor: page.nextCursor,
      };
    },
  };
}
export type SlaService = ReturnType<typeof slaService>;
