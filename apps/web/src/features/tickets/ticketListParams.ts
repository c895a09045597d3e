import { TicketListQuery } from '@bantu/contracts';
import type { TicketFilters } from './tickets.hooks';
import { toQuery } from './tickets.hooks';

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
