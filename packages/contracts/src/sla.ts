import { z } from 'zod';
import { Id, ListQuery, Name, Page, Timestamp } from './common';
import { SlaState, TicketSummary } from './tickets';

/**
 * The SLA engine (issue 6): business-hours calendar and holidays, escalation levels, the
 * explaining clock of a ticket and the SLA views. Route list and access: briefs/sla-api.md.
 */

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

/** 'HH:MM' on a 24-hour clock; '24:00' is the end of the day. */
export const TimeOfDay = z
  .string()
  .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'A time like 08:00 (24-hour clock; 24:00 = end of day)')
  .describe('Local time HH:MM in the calendar time zone');
export type TimeOfDay = z.infer<typeof TimeOfDay>;

/** Minutes after midnight of an 'HH:MM' time. */
export const minutesOfDay = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

export const WorkingInterval = z
  .object({ start: TimeOfDay, end: TimeOfDay })
  .refine((v) => minutesOfDay(v.start) < minutesOfDay(v.end), {
    message: 'The end must be after the start',
    path: ['end'],
  });
export type WorkingInterval = z.infer<typeof WorkingInterval>;

export const WorkingDay = z
  .object({
    day: z.number().int().min(0).max(6).describe('0 = Sunday, 1 = Monday ... 6 = Saturday'),
    intervals: z.array(WorkingInterval).max(6).describe('Working hours of the day in order; empty = day off'),
  })
  .refine(
    (v) => v.intervals.every((iv, i) => i === 0 || minutesOfDay(v.intervals[i - 1]!.end) <= minutesOfDay(iv.start)),
    { message: 'Intervals must be in order and must not overlap', path: ['intervals'] },
  );
export type WorkingDay = z.infer<typeof WorkingDay>;

export const BusinessCalendarResponse = z.object({
  timezone: z.string().describe('IANA time zone of the working hours and holidays, e.g. Asia/Jakarta'),
  alwaysOpen: z.boolean().describe('24x7: every minute counts, working hours and holidays are ignored'),
  week: z.array(WorkingDay).length(7).describe('One entry per weekday, Sunday (0) first'),
  updatedAt: Timestamp.nullable(),
});
export type BusinessCalendarResponse = z.infer<typeof BusinessCalendarResponse>;

export const BusinessCalendarUpdateRequest = z
  .object({
    timezone: z.string().refine(isTimeZone, 'Must be an IANA time zone such as Asia/Jakarta'),
    alwaysOpen: z.boolean(),
    week: z.array(WorkingDay).length(7, 'Give all seven days, Sunday (0) to Saturday (6)'),
  })
  .refine((v) => v.week.every((d, i) => d.day === i), {
    message: 'Days must be listed Sunday (0) to Saturday (6), each once',
    path: ['week'],
  })
  .refine((v) => v.alwaysOpen || v.week.some((d) => d.intervals.length > 0), {
    message: 'Give at least one working interval, or switch on 24x7',
    path: ['week'],
  });
export type BusinessCalendarUpdateRequest = z.input<typeof BusinessCalendarUpdateRequest>;

export const IsoDate = z
  .string()
  .regex(/^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/, 'A date like 2026-12-25')
  .refine(
    (v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
    {
      message: 'Not a calendar date',
    },
  )
  .describe('YYYY-MM-DD, in the calendar time zone');

export const HolidayResponse = z.object({
  id: Id,
  date: IsoDate,
  name: z.string(),
  yearly: z.boolean().describe('Repeats on the same month and day every year'),
  createdAt: Timestamp,
});
export type HolidayResponse = z.infer<typeof HolidayResponse>;

const holidayFields = z.object({ date: IsoDate, name: Name(120), yearly: z.boolean() });
export const HolidayCreateRequest = holidayFields.extend({ yearly: z.boolean().default(false) });
export type HolidayCreateRequest = z.input<typeof HolidayCreateRequest>;

export const HolidayUpdateRequest = holidayFields.partial().refine((v) => Object.keys(v).length > 0, {
  message: 'Nothing to update',
});
export type HolidayUpdateRequest = z.input<typeof HolidayUpdateRequest>;

export const HolidayList = z.object({ items: z.array(HolidayResponse), nextCursor: z.null() });

export const HolidayImportRequest = z.object({
  ics: z
    .string()
    .min(1)
    .max(1_000_000)
    .describe(
      'The text of an iCalendar (.ics) file; each all-day VEVENT becomes a holiday (RRULE:FREQ=YEARLY = yearly)',
    ),
  replace: z.boolean().default(false).describe('Delete every existing holiday first'),
});
export type HolidayImportRequest = z.input<typeof HolidayImportRequest>;

export const HolidayImportResponse = z.object({
  imported: z.number().int(),
  skipped: z.number().int().describe('Events that were not all-day, or whose date already was a holiday'),
  items: z.array(HolidayResponse).describe('The holidays created'),
});
export type HolidayImportResponse = z.infer<typeof HolidayImportResponse>;

/** What a level does when it fires: its clock event, outbox topic and notification kind. */
export const SLA_LEVEL_ACTIONS = ['warning', 'breach', 'escalation'] as const;
export const SlaLevelAction = z
  .enum(SLA_LEVEL_ACTIONS)
  .describe(
    'warning -> sla.at_risk / sla_at_risk; breach -> sla.breached / sla_breached; escalation -> sla.escalated / sla_escalated',
  );
export type SlaLevelAction = z.infer<typeof SlaLevelAction>;

export const SLA_LEVEL_TRIGGERS = ['at_risk', 'percent', 'after_deadline'] as const;
export const SlaLevelTrigger = z
  .enum(SLA_LEVEL_TRIGGERS)
  .describe(
    'at_risk: when the share of the resolution target in the setting slaAtRiskPercent is used; percent: when `percent` % is used (100 = the deadline); after_deadline: `offsetMinutes` business minutes after the deadline',
  );
export type SlaLevelTrigger = z.infer<typeof SlaLevelTrigger>;

export const SLA_RECIPIENTS = ['assignee', 'it_staff', 'managers'] as const;
export const SlaRecipient = z
  .enum(SLA_RECIPIENTS)
  .describe('assignee; it_staff = all active IT staff; managers = all active managers');
export type SlaRecipient = z.infer<typeof SlaRecipient>;

export const SLA_CHANNELS = ['in_app', 'email', 'whatsapp'] as const;
export const SlaChannel = z.enum(SLA_CHANNELS);
export type SlaChannel = z.infer<typeof SlaChannel>;

export const EscalationLevelResponse = z.object({
  id: Id,
  name: z.string(),
  action: SlaLevelAction,
  trigger: SlaLevelTrigger,
  percent: z.number().int().nullable().describe('Share of the resolution target used, when trigger = percent'),
  offsetMinutes: z
    .number()
    .int()
    .nullable()
    .describe('Business minutes after the deadline, when trigger = after_deadline'),
  recipients: z.array(SlaRecipient),
  channels: z.array(SlaChannel),
  priorityIds: z.array(Id).describe('Only tickets of these priorities; empty = every priority'),
  urgent: z
    .boolean()
    .describe('Notify at once outside business hours; non-urgent levels wait for the next working minute'),
  isActive: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type EscalationLevelResponse = z.infer<typeof EscalationLevelResponse>;

const levelFields = z.object({
  name: Name(120),
  action: SlaLevelAction,
  trigger: SlaLevelTrigger,
  percent: z.number().int().min(1).max(1000).nullable().optional(),
  offsetMinutes: z.number().int().min(0).max(525_600).nullable().optional(),
  recipients: z.array(SlaRecipient).min(1, 'Choose at least one recipient').max(3),
  channels: z.array(SlaChannel).min(1, 'Choose at least one channel').max(3),
  priorityIds: z.array(Id).max(50),
  urgent: z.boolean(),
  isActive: z.boolean(),
});
type LevelShape = { trigger?: SlaLevelTrigger; percent?: number | null; offsetMinutes?: number | null };
const percentGiven = (v: LevelShape) => v.trigger !== 'percent' || (v.percent !== null && v.percent !== undefined);
const offsetGiven = (v: LevelShape) =>
  v.trigger !== 'after_deadline' || (v.offsetMinutes !== null && v.offsetMinutes !== undefined);

export const EscalationLevelCreateRequest = levelFields
  .extend({
    priorityIds: z.array(Id).max(50).default([]),
    urgent: z.boolean().default(false),
    isActive: z.boolean().default(true),
  })
  .refine(percentGiven, { message: 'Give the percent of the target', path: ['percent'] })
  .refine(offsetGiven, { message: 'Give the minutes after the deadline', path: ['offsetMinutes'] });
export type EscalationLevelCreateRequest = z.input<typeof EscalationLevelCreateRequest>;

/** Changing `trigger` requires its value in the same request (percent or offsetMinutes). */
export const EscalationLevelUpdateRequest = levelFields
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'Nothing to update' })
  .refine(percentGiven, { message: 'Give the percent of the target', path: ['percent'] })
  .refine(offsetGiven, { message: 'Give the minutes after the deadline', path: ['offsetMinutes'] });
export type EscalationLevelUpdateRequest = z.input<typeof EscalationLevelUpdateRequest>;

export const EscalationLevelList = z.object({ items: z.array(EscalationLevelResponse), nextCursor: z.null() });

/** The append-only clock log of a ticket (the "why is this overdue?" timeline). */
export const SLA_CLOCK_EVENT_KINDS = [
  'started',
  'paused',
  'resumed',
  'target_changed',
  'warning',
  'breached',
  'escalated',
  'fulfilled',
  'missed',
] as const;
export const SlaClockEventKind = z.enum(SLA_CLOCK_EVENT_KINDS);
export type SlaClockEventKind = z.infer<typeof SlaClockEventKind>;

export const SLA_METRICS = ['resolution', 'first_response'] as const;
export const SlaMetric = z.enum(SLA_METRICS);
export type SlaMetric = z.infer<typeof SlaMetric>;

export const SlaClockEvent = z.object({
  id: z.string().describe('Opaque, increasing'),
  kind: SlaClockEventKind,
  metric: SlaMetric.nullable().describe('fulfilled / missed: which target was decided'),
  at: Timestamp,
  reason: z
    .string()
    .nullable()
    .describe('created, on_hold, resumed, reopened, resolved, closed, priority_changed, first_response, recalculated'),
  priority: z.string().nullable().describe('Priority name, for started / target_changed'),
  businessHours: z.boolean().nullable().describe('started / target_changed: counted in business hours (false = 24x7)'),
  resolutionTargetMinutes: z.number().int().nullable(),
  firstResponseTargetMinutes: z.number().int().nullable(),
  deadline: Timestamp.nullable().describe('The resolution deadline as it stood right after this event'),
  usedMinutes: z.number().int().nullable().describe('Business minutes of the resolution target used at this event'),
  level: z
    .object({ id: Id, name: z.string() })
    .nullable()
    .describe('warning / breached / escalated: the escalation level (staff only)'),
  recipients: z.array(SlaRecipient).nullable().describe('Who the level notified (staff only)'),
});
export type SlaClockEvent = z.infer<typeof SlaClockEvent>;

export const SLA_CLOCK_STATES = ['running', 'paused', 'met', 'missed', 'stopped'] as const;

export const SlaMetricClock = z.object({
  targetMinutes: z.number().int().describe('The target in business (or 24x7) minutes'),
  deadline: Timestamp.describe(
    'Derived from the clock log; while paused, where it would be if resumed now-ish (it moves on resume)',
  ),
  atRiskAt: Timestamp.nullable().describe('Resolution only: when slaAtRiskPercent of the target is used'),
  clock: z
    .enum(SLA_CLOCK_STATES)
    .describe('running, paused (on hold / resolved), met / missed once decided, stopped (closed undecided)'),
  usedMinutes: z.number().int().describe('Business minutes counted so far (up to the decision, if decided)'),
  pausedMinutes: z.number().int().describe('Business minutes that fell in pauses and were not counted'),
  remainingMinutes: z
    .number()
    .int()
    .describe('targetMinutes - usedMinutes; negative = overdue by that many business minutes'),
  decidedAt: Timestamp.nullable(),
});
export type SlaMetricClock = z.infer<typeof SlaMetricClock>;

export const TicketSlaResponse = z.object({
  ticketId: Id,
  now: Timestamp,
  state: SlaState,
  businessHours: z.boolean().describe('This ticket counts business hours (false = 24x7 wall-clock)'),
  calendar: z.object({ timezone: z.string(), alwaysOpen: z.boolean() }),
  resolution: SlaMetricClock.nullable().describe('null when the priority has no SLA rule'),
  firstResponse: SlaMetricClock.nullable().describe('null when the rule has no first-response target'),
  levels: z
    .array(
      z.object({
        id: Id,
        name: z.string(),
        action: SlaLevelAction,
        dueAt: Timestamp.nullable().describe('When it fires (or fired); null while paused / decided'),
        firedAt: Timestamp.nullable(),
      }),
    )
    .describe('Escalation levels that apply to this ticket; empty for requesters'),
  events: z.array(SlaClockEvent).describe('The clock log, oldest first'),
});
export type TicketSlaResponse = z.infer<typeof TicketSlaResponse>;

const PersonRef = z.object({ id: Id, name: z.string() });
const PriorityRef = z.object({ id: Id, name: z.string(), level: z.number().int(), color: z.string() });

export const SlaOverviewResponse = z.object({
  generatedAt: Timestamp,
  atRisk: z.number().int().describe('Active tickets at risk right now'),
  breached: z.number().int().describe('Active tickets past their resolution deadline right now'),
  byAssignee: z.array(
    z.object({ assignee: PersonRef.nullable(), atRisk: z.number().int(), breached: z.number().int() }),
  ),
  byPriority: z.array(z.object({ priority: PriorityRef, atRisk: z.number().int(), breached: z.number().int() })),
  compliance: z.object({
    windowDays: z.number().int(),
    resolved: z.number().int().describe('Tickets resolved in the window with a decided SLA'),
    met: z.number().int(),
    percent: z.number().nullable().describe('met / resolved x 100; null when nothing was resolved'),
    threshold: z.number().int(),
  }),
});
export type SlaOverviewResponse = z.infer<typeof SlaOverviewResponse>;

export const SlaTicketListQuery = ListQuery.extend({
  state: z.enum(['at_risk', 'breached']),
  assigneeId: z
    .union([Id, z.literal('none')])
    .optional()
    .describe('A staff id, or none (unassigned)'),
  priorityId: Id.optional(),
});
export type SlaTicketListQuery = z.input<typeof SlaTicketListQuery>;

export const SlaTicketItem = TicketSummary.extend({
  slaAtRiskAt: Timestamp.nullable(),
  lastLevel: z
    .object({ id: Id, name: z.string(), action: SlaLevelAction, firedAt: Timestamp })
    .nullable()
    .describe('The most recent escalation level fired for this ticket'),
});
export type SlaTicketItem = z.infer<typeof SlaTicketItem>;
export const SlaTicketPage = Page(SlaTicketItem);
export type SlaTicketPage = z.infer<typeof SlaTicketPage>;
