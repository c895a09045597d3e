import { ORGANISATION_TIME_ZONE, TicketListQuery } from '@bantu/contracts';
import type { TicketFilters } from './tickets.hooks';
import { toQuery } from './tickets.hooks';
import { intlLocale } from '@/i18n/locales';

/**
 * The all-tickets list keeps its filters in the URL, so that a dashboard figure can link to
 * exactly the tickets behind it and a filtered list can be shared. The names and formats are
 * those of GET /api/tickets; each value is checked with the contract's own schema, and one that
 * does not pass is dropped rather than sent.
 */
const SINGLE = [
  'priorityId',
  'categoryId',
  'assigneeId',
  'requesterId',
  'division',
  'createdFrom',
  'createdTo',
  'resolvedFrom',
  'resolvedTo',
  'closedFrom',
  'closedTo',
  'firstResponseFrom',
  'firstResponseTo',
  'rejectedFrom',
  'rejectedTo',
  'openAt',
  'resolutionSla',
  'firstResponseSla',
  'q',
  'sort',
] as const satisfies readonly (keyof TicketFilters)[];
const LISTS = ['status', 'slaState', 'rating'] as const satisfies readonly (keyof TicketFilters)[];

/** The filter keys that narrow the list to a period or an SLA outcome (shown as removable chips). */
export const DRILL_KEYS = [
  'createdFrom',
  'createdTo',
  'resolvedFrom',
  'resolvedTo',
  'closedFrom',
  'closedTo',
  'firstResponseFrom',
  'firstResponseTo',
  'rejectedFrom',
  'rejectedTo',
  'openAt',
  'resolutionSla',
  'firstResponseSla',
  'rating',
  'requesterId',
  'division',
] as const satisfies readonly (keyof TicketFilters)[];

export function filtersFromParams(params: URLSearchParams): TicketFilters {
  const shape = TicketListQuery.shape;
  const out: Record<string, unknown> = {};
  for (const key of [...SINGLE, ...LISTS]) {
    const raw = params.get(key);
    if (raw === null || raw === '') continue;
    const parsed = shape[key].safeParse(raw);
    if (parsed.success && parsed.data !== undefined) out[key] = parsed.data;
  }
  return out;
}

/** The inverse of filtersFromParams: the search string of a list showing `filters`. */
export function paramsFromFilters(filters: TicketFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(toQuery(filters))) {
    if (value === undefined || value === '') continue;
    if (key === 'sort' && value === 'newest') continue;
    params.set(key, value);
  }
  return params;
}

/** A link to the all-tickets list of an area (`/manager/tickets`, `/admin/tickets`) with filters. */
export function ticketListHref(base: string, filters: TicketFilters): string {
  const qs = paramsFromFilters(filters).toString();
  return qs ? `${base}?${qs}` : base;
}

/**
 * A period bound in the organisation's time zone, as the dashboard meant it: a midnight is a
 * day ("3 Des 2026"), and an exclusive end at midnight is the day before it; else date and time.
 */
export function boundLabel(iso: string, exclusiveEnd: boolean, locale: string, timeZone = ORGANISATION_TIME_ZONE) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const tag = intlLocale(locale);
  const time = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  if (time.format(date) === '00:00') {
    const day = exclusiveEnd ? new Date(date.getTime() - 1) : date;
    return new Intl.DateTimeFormat(tag, { timeZone, dateStyle: 'medium' }).format(day);
  }
  return new Intl.DateTimeFormat(tag, { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(date);
}
