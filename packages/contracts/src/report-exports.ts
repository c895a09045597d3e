import { z } from 'zod';
import { Id, Page, Timestamp } from './common';
import { ReportQuery } from './reports';
import { TicketListQuery } from './tickets';

/** File formats of an export. */
export const EXPORT_FORMATS = ['csv', 'xlsx', 'pdf'] as const;
export const ExportFormat = z.enum(EXPORT_FORMATS);
export type ExportFormat = z.infer<typeof ExportFormat>;

/**
 * GET /api/tickets/export: the filters, search and sort of GET /api/tickets (no cursor or
 * limit: every matching ticket), as CSV or XLSX.
 */
export const TicketExportQuery = TicketListQuery.omit({ cursor: true, limit: true }).extend({
  format: z.enum(['csv', 'xlsx']).default('csv').describe('csv (UTF-8 with BOM) or xlsx'),
});
export type TicketExportQuery = z.input<typeof TicketExportQuery>;

/** An export made in the background (too many rows for a request); only its requester sees it. */
export const ReportExportResponse = z.object({
  id: Id,
  kind: z.enum(['tickets', 'report']),
  format: ExportFormat,
  status: z.enum(['queued', 'running', 'ready', 'failed']),
  fileName: z.string(),
  rowCount: z.number().int().nullable(),
  sizeBytes: z.number().int().nullable(),
  error: z.string().nullable(),
  createdAt: Timestamp,
  completedAt: Timestamp.nullable(),
  expiresAt: Timestamp.nullable(),
  downloadUrl: z.string().nullable().describe('GET with the bearer header; null until ready or after expiry'),
});
export type ReportExportResponse = z.infer<typeof ReportExportResponse>;
export const ReportExportPage = Page(ReportExportResponse);

/** 202 answer of an export that was queued as a job instead of streamed. */
export const ExportQueued = z.object({
  export: ReportExportResponse,
  message: z.string(),
});

export const REPORT_FREQUENCIES = ['daily', 'weekly', 'monthly'] as const;
export const ReportFrequency = z.enum(REPORT_FREQUENCIES);
export type ReportFrequency = z.infer<typeof ReportFrequency>;

/** Filters a scheduled report applies (as the report export's filters). */
export const ReportSubscriptionFilters = ReportQuery.pick({
  categoryId: true,
  priorityId: true,
  assigneeId: true,
  division: true,
}).strict();
export type ReportSubscriptionFilters = z.infer<typeof ReportSubscriptionFilters>;

/**
 * GET /api/reports/export: the report of a period and filter (as GET /api/reports/*) as CSV,
 * XLSX (one sheet per table) or PDF (figures, charts, tables).
 */
export const ReportExportQuery = ReportQuery.extend({
  format: ExportFormat.default('pdf').describe('csv, xlsx or pdf'),
});
export type ReportExportQuery = z.input<typeof ReportExportQuery>;

export const ReportSubscriptionCreateRequest = z
  .object({
    frequency: ReportFrequency.describe('daily: each day; weekly: each ISO week (Mon-Sun); monthly: each month'),
    filters: ReportSubscriptionFilters.default({}),
  })
  .strict();
export type ReportSubscriptionCreateRequest = z.input<typeof ReportSubscriptionCreateRequest>;

export const ReportSubscriptionResponse = z.object({
  id: Id,
  frequency: ReportFrequency,
  filters: ReportSubscriptionFilters,
  createdAt: Timestamp,
  lastSentAt: Timestamp.nullable(),
  lastPeriod: z.string().nullable().describe('First day (YYYY-MM-DD) of the last period sent'),
});
export type ReportSubscriptionResponse = z.infer<typeof ReportSubscriptionResponse>;
export const ReportSubscriptionList = z.object({
  items: z.array(ReportSubscriptionResponse),
  nextCursor: z.string().nullable(),
});
