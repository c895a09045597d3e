import { z } from 'zod';
import { Id, Timestamp } from './common';

/**
 * Manager reports (issue 12). Every figure has one written definition in `docs/reports.md`;
 * the `.describe()` texts below are the short form. All counts are over the period
 * [from, to) in the requested time zone and the filters; SLA outcomes are the SLA engine's
 * stored decisions, never recomputed from today's rules.
 */

export const ORGANISATION_TIME_ZONE = 'Asia/Jakarta';

export const REPORT_GRANULARITIES = ['day', 'week', 'month'] as const;
export const ReportGranularity = z
  .enum(REPORT_GRANULARITIES)
  .describe('Trend bucket: day, ISO week (Monday first) or calendar month, in the report time zone');
export type ReportGranularity = z.infer<typeof ReportGranularity>;

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

const ReportBound = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .describe(
    'A calendar date YYYY-MM-DD (a day in the report time zone) or an ISO 8601 instant on a whole hour ' +
      '(e.g. 2026-12-01T00:00:00+07:00)',
  );

export const ReportQuery = z
  .object({
    from: ReportBound.describe(
      'Start of the period, inclusive: a date (its first minute in the report time zone) or an instant on a whole hour',
    ),
    to: ReportBound.describe(
      'End of the period: a date is INCLUSIVE (the period runs to the end of that day in the report time zone); ' +
        'an instant is exclusive',
    ),
    tz: z
      .string()
      .max(64)
      .refine(isTimeZone, 'Must be an IANA time zone such as Asia/Jakarta')
      .optional()
      .describe('IANA time zone of days, weeks and months; defaults to the organisation time zone (Asia/Jakarta)'),
    granularity: ReportGranularity.default('day'),
    categoryId: Id.optional().describe('Only tickets of this category'),
    priorityId: Id.optional().describe('Only tickets of this priority'),
    assigneeId: z
      .union([Id, z.literal('none')])
      .optional()
      .describe('Only tickets assigned to this IT staff member, or none (unassigned)'),
    division: z
      .string()
      .trim()
      .min(1)
      .max(120)
      .optional()
      .describe("Only tickets whose requester was in this division when the ticket was created ('-' = no division)"),
  })
  .describe('The report filter: period, time zone, trend granularity and ticket filters');
export type ReportQuery = z.input<typeof ReportQuery>;
export type ReportQueryParsed = z.output<typeof ReportQuery>;

export const ReportCalendarResponse = z.object({
  timezone: z.string().describe("The organisation's IANA time zone (settings): report days, weeks and months"),
  today: z.iso.date().describe("Today's date in that time zone"),
});
export type ReportCalendarResponse = z.infer<typeof ReportCalendarResponse>;

export const ReportPeriod = z.object({
  from: Timestamp.describe('First instant of the period (inclusive), UTC'),
  to: Timestamp.describe('End of the period (exclusive), UTC'),
  tz: z.string().describe('Time zone of the days, weeks and months'),
});
export type ReportPeriod = z.infer<typeof ReportPeriod>;

export const DURATION_UNITS = ['business_minutes', 'minutes', 'mixed'] as const;
export const DurationUnit = z
  .enum(DURATION_UNITS)
  .describe(
    'business_minutes: every ticket counted ran under a business-hours SLA rule (working minutes of the SLA calendar); ' +
      'minutes: every ticket counted was on a 24x7 rule or had no rule (wall-clock minutes); mixed: some of each',
  );
export type DurationUnit = z.infer<typeof DurationUnit>;

export const DurationFigure = z.object({
  count: z.number().int().describe('Tickets with a measured time in the period'),
  averageMinutes: z.number().nullable().describe('Mean of the times, in `unit`; null when count is 0'),
  medianMinutes: z
    .number()
    .nullable()
    .describe('Median of the times, in `unit`; null when count is 0 (or not computed)'),
  unit: DurationUnit,
  businessHoursCount: z.number().int().describe('How many of `count` were measured in business minutes'),
});
export type DurationFigure = z.infer<typeof DurationFigure>;

export const ComplianceFigure = z.object({
  met: z.number().int().describe('Stored decisions "met" in the period'),
  missed: z.number().int().describe('Stored decisions "missed" in the period'),
  percent: z.number().nullable().describe('met / (met + missed) x 100, one decimal; null without decisions'),
});
export type ComplianceFigure = z.infer<typeof ComplianceFigure>;

export const ReopenFigure = z.object({
  rejections: z.number().int().describe('Resolutions the requester rejected (RESOLVED -> IN_PROGRESS) in the period'),
  resolutions: z.number().int().describe('Resolutions given (-> RESOLVED) in the period, each one counted'),
  rate: z.number().nullable().describe('rejections / resolutions x 100, one decimal; null without resolutions'),
});
export type ReopenFigure = z.infer<typeof ReopenFigure>;

export const CsatDistribution = z
  .object({ 1: z.number().int(), 2: z.number().int(), 3: z.number().int(), 4: z.number().int(), 5: z.number().int() })
  .describe('Number of ratings of each score 1-5');
export type CsatDistribution = z.infer<typeof CsatDistribution>;

export const CsatFigure = z.object({
  count: z.number().int().describe('Ratings given on tickets closed in the period'),
  average: z.number().nullable().describe('Mean score 1-5, two decimals; null without ratings'),
  distribution: CsatDistribution,
});
export type CsatFigure = z.infer<typeof CsatFigure>;

export const ReportFigures = z.object({
  created: z.number().int().describe('Tickets created in the period'),
  resolved: z.number().int().describe('Tickets whose current resolution was given in the period'),
  closed: z.number().int().describe('Tickets closed in the period (accepted, automatic, withdrawn or closed by staff)'),
  backlog: z.number().int().describe('Open tickets (OPEN, IN_PROGRESS, ON_HOLD) at the end of the period'),
  resolutionSla: ComplianceFigure.describe('Resolution SLA compliance of the tickets resolved in the period'),
  firstResponseSla: ComplianceFigure.describe('First-response SLA decisions taken in the period'),
  resolutionTime: DurationFigure.describe('SLA clock time from creation to resolution (on-hold excluded)'),
  firstResponseTime: DurationFigure.describe('SLA clock time from creation to the first staff response'),
  reopen: ReopenFigure,
  csat: CsatFigure,
});
export type ReportFigures = z.infer<typeof ReportFigures>;

export const ReportSummaryResponse = z.object({
  period: ReportPeriod,
  previousPeriod: ReportPeriod.describe('The period of equal length just before (same number of days for date bounds)'),
  current: ReportFigures,
  previous: ReportFigures,
  slaThreshold: z.number().describe('Compliance threshold setting in percent (the dashboard line)'),
  generatedAt: Timestamp,
});
export type ReportSummaryResponse = z.infer<typeof ReportSummaryResponse>;

export const ReportTrendBucket = ReportFigures.extend({
  start: Timestamp.describe('First instant of the bucket (clipped to the period)'),
  end: Timestamp.describe('End of the bucket, exclusive (clipped to the period)'),
  label: z.string().describe('The bucket in the report time zone: YYYY-MM-DD (day, week = its Monday) or YYYY-MM'),
}).describe('Figures of one bucket; medianMinutes are null in trends');
export type ReportTrendBucket = z.infer<typeof ReportTrendBucket>;

export const ReportTrendsResponse = z.object({
  period: ReportPeriod,
  granularity: ReportGranularity,
  slaThreshold: z.number(),
  buckets: z.array(ReportTrendBucket),
  generatedAt: Timestamp,
});
export type ReportTrendsResponse = z.infer<typeof ReportTrendsResponse>;

const Ref = z.object({ id: Id, name: z.string() });

export const ReportStaffRow = z.object({
  staff: Ref.nullable().describe('The IT staff member; null = unassigned tickets'),
  assigned: z.number().int().describe('Times a ticket was assigned to this member in the period (taken or assigned)'),
  resolved: z.number().int().describe('Tickets resolved in the period while assigned to this member'),
  openLoad: z.number().int().describe('Open tickets assigned to this member at the end of the period'),
  resolutionTime: DurationFigure,
  resolutionSla: ComplianceFigure,
  firstResponseSla: ComplianceFigure,
  csat: CsatFigure,
});
export type ReportStaffRow = z.infer<typeof ReportStaffRow>;

export const ReportStaffResponse = z.object({
  period: ReportPeriod,
  items: z.array(ReportStaffRow).describe('Every active IT staff member, plus rows for others with figures'),
  generatedAt: Timestamp,
});
export type ReportStaffResponse = z.infer<typeof ReportStaffResponse>;

export const ReportGroupRow = ReportFigures.extend({
  key: z.string().describe('Category id, priority id or division name (`-` = no division)'),
  name: z.string().describe('Display name (the division itself for divisions)'),
  level: z.number().int().nullable().describe('Priority level (1 = most urgent); null for other groups'),
});
export type ReportGroupRow = z.infer<typeof ReportGroupRow>;

export const ReportGroupResponse = z.object({
  period: ReportPeriod,
  items: z.array(ReportGroupRow),
  generatedAt: Timestamp,
});
export type ReportGroupResponse = z.infer<typeof ReportGroupResponse>;
export const ReportCategoriesResponse = ReportGroupResponse;
export const ReportPrioritiesResponse = ReportGroupResponse;
export const ReportDivisionsResponse = ReportGroupResponse;

/** CSAT distribution on its own (also inside every ReportFigures as `csat`). */
export const ReportCsatResponse = z.object({ period: ReportPeriod, csat: CsatFigure, generatedAt: Timestamp });
export type ReportCsatResponse = z.infer<typeof ReportCsatResponse>;
