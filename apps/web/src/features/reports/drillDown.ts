import type { ReportQuery } from '@bantu/contracts';
import type { TicketFilters } from '@/features/tickets/tickets.hooks';

/** A span of time as the reports API answers it: UTC instants, `from` inclusive, `to` exclusive. */
export interface Span {
  from: string;
  to: string;
}

/** The report filters that have a ticket-list twin of the same name and meaning. */
export type ReportFilters = Pick<ReportQuery, 'categoryId' | 'priorityId' | 'assigneeId' | 'division'>;

/**
 * What a figure counts, as ticket-list filters (docs/reports.md has the definitions):
 * - created / closed: created / closed in the span;
 * - resolved (and resolution time, which is measured on them): current resolution in the span;
 * - backlog: open at the span's end (created before it, not resolved or closed by then);
 * - resolutionSlaMissed / Met: resolved in the span with that stored decision;
 * - firstResponseSlaMissed / Met: first response in the span with that stored decision;
 * - rated: closed in the span with a rating (CSAT), or with one score;
 * - rejected: a resolution rejected in the span (the reopen rate's numerator).
 */
export type DrillFigure =
  | 'created'
  | 'resolved'
  | 'closed'
  | 'backlog'
  | 'resolutionSlaMet'
  | 'resolutionSlaMissed'
  | 'firstResponseSlaMet'
  | 'firstResponseSlaMissed'
  | 'rated'
  | 'rejected';

export function drillFilters(
  figure: DrillFigure,
  span: Span,
  base: ReportFilters,
  extra: Partial<TicketFilters> = {},
): TicketFilters {
  const common: TicketFilters = {
    categoryId: base.categoryId,
    priorityId: base.priorityId,
    assigneeId: base.assigneeId,
    division: base.division,
  };
  const resolved = { resolvedFrom: span.from, resolvedTo: span.to };
  const firstResponse = { firstResponseFrom: span.from, firstResponseTo: span.to };
  const byFigure: Record<DrillFigure, TicketFilters> = {
    created: { createdFrom: span.from, createdTo: span.to },
    resolved,
    closed: { closedFrom: span.from, closedTo: span.to },
    backlog: { openAt: span.to },
    resolutionSlaMet: { ...resolved, resolutionSla: 'met' },
    resolutionSlaMissed: { ...resolved, resolutionSla: 'missed' },
    firstResponseSlaMet: { ...firstResponse, firstResponseSla: 'met' },
    firstResponseSlaMissed: { ...firstResponse, firstResponseSla: 'missed' },
    rated: { closedFrom: span.from, closedTo: span.to, rating: ['1', '2', '3', '4', '5'] },
    rejected: { rejectedFrom: span.from, rejectedTo: span.to },
  };
  const out: TicketFilters = { ...common, ...byFigure[figure], ...extra };
  for (const key of Object.keys(out) as (keyof TicketFilters)[]) if (out[key] === undefined) delete out[key];
  return out;
}
