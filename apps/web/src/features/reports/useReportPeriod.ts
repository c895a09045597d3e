import type { ReportQuery } from '@bantu/contracts';
import { useSearchParams } from '@/lib/router';
import type { ReportFilters } from './drillDown';
import { granularityFor, rangeFromParams, todayIn } from './period';
import type { DateRange, RangePreset } from './period';
import { reportFiltersFromParams, writeReportFilters } from './ReportFilterFields';
import { useOrganisationTimeZone, useReportDivisions } from './reports.hooks';

/**
 * The period of the URL (`?range=` or `?from=&to=`) and the report filters, as one query; the
 * presets follow today in the organisation's time zone (`ready` once it is known).
 */
export function useReportPeriod() {
  const [params, setParams] = useSearchParams();
  const { timeZone, ready } = useOrganisationTimeZone();
  const today = todayIn(timeZone);
  const { preset, range } = rangeFromParams(params, today);
  const filters = reportFiltersFromParams(params);
  const query: ReportQuery = { from: range.from, to: range.to, granularity: granularityFor(range), ...filters };
  const setPeriod = (nextPreset: RangePreset, next: DateRange) => {
    const out = writeReportFilters(new URLSearchParams(), filters);
    if (nextPreset === 'custom') {
      out.set('from', next.from);
      out.set('to', next.to);
    } else if (nextPreset !== 'thisMonth') {
      out.set('range', nextPreset);
    }
    setParams(out, { replace: true });
  };
  const setFilters = (next: ReportFilters) => {
    const out = new URLSearchParams(params);
    setParams(writeReportFilters(out, next), { replace: true });
  };
  return { preset, range, today, timeZone, ready, query, filters, setPeriod, setFilters };
}

/** Division names seen in the period (for the division filter), whatever division is chosen. */
export function useDivisionNames(query: ReportQuery, enabled = true): string[] {
  // (enabled: false until the period is known, so no request is made for a wrong "today")
  const { division: _division, ...rest } = query;
  const divisions = useReportDivisions({ ...rest, granularity: 'month' }, enabled);
  return (divisions.data?.items ?? []).map((row) => row.key);
}
