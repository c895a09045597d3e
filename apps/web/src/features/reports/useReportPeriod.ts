import { ORGANISATION_TIME_ZONE } from '@bantu/contracts';
import type { ReportQuery } from '@bantu/contracts';
import { useSearchParams } from 'react-router';
import type { ReportFilters } from './drillDown';
import { granularityFor, rangeFromParams, todayIn } from './period';
import type { DateRange, RangePreset } from './period';
import { reportFiltersFromParams, writeReportFilters } from './ReportFilterFields';
import { useReportDivisions } from './reports.hooks';

/** The period of the URL (`?range=` or `?from=&to=`) and the report filters, as one query. */
export function useReportPeriod() {
  const [params, setParams] = useSearchParams();
  const timeZone = ORGANISATION_TIME_ZONE;
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
  return { preset, range, today, query, filters, setPeriod, setFilters };
}

/** Division names seen in the period (for the division filter), whatever division is chosen. */
export function useDivisionNames(query: ReportQuery, enabled = true): string[] {
  const { division: _division, ...rest } = query;
  const divisions = useReportDivisions({ ...rest, granularity: 'month' }, enabled);
  return (divisions.data?.items ?? []).map((row) => row.key);
}
