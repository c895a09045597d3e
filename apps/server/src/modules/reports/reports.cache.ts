import type { ReportQueryParsed, Role } from '@bantu/contracts';

/** The dashboard reports served through the figures cache (docs/reports.md "Cache"). */
export type CachedReport = 'summary' | 'trends' | 'staff' | 'categories' | 'priorities' | 'divisions' | 'csat';

/** Bump when a cached report's response shape or computation changes (old entries are then never read). */
const FORMAT = 1;

/**
 * The cache key of one report for one query and one visibility scope: the parsed query (defaults
 * applied, so `?granularity=day` and no granularity are one entry) with its fields in a fixed
 * order, absent fields left out. Reports are not scoped by row today (every role with
 * report:view sees the whole organisation), but the key carries the caller's role so that a
 * scoping added later cannot serve one scope's figures to another. The responses hold no
 * translated text (names are the database's), so the language is not part of it.
 */
export function reportCacheKey(report: CachedReport, query: ReportQueryParsed, scope: { role: Role }): string {
  const fields: (keyof ReportQueryParsed)[] = [
    'from',
    'to',
    'tz',
    'granularity',
    'categoryId',
    'priorityId',
    'assigneeId',
    'division',
  ];
  const parts = fields.filter((f) => query[f] !== undefined).map((f) => [f, query[f]]);
  return `v${FORMAT}:${report}:${scope.role}:${JSON.stringify(parts)}`;
}

/** A request for figures computed now (`Cache-Control: no-cache`, as browsers send on a hard reload). */
export function wantsFresh(cacheControl: string | undefined): boolean {
  return cacheControl !== undefined && /(^|,)\s*(no-cache|no-store|max-age=0)\s*(,|$)/i.test(cacheControl);
}
