import { ORGANISATION_TIME_ZONE } from '@bantu/contracts';
import type { ReportQuery } from '@bantu/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type ApiOutput, endpoints } from '@/lib/http';

export const reportKeys = {
  all: ['reports'] as const,
  one: (name: string, query: ReportQuery) => [...reportKeys.all, name, query] as const,
};

/** The report endpoints that take the period query. */
type ReportEndpoint = (typeof endpoints)[
  'reportSummary' | 'reportTrends' | 'reportStaff' | 'reportCategories' | 'reportPriorities' | 'reportDivisions'];

function useReport<E extends ReportEndpoint>(endpoint: E, query: ReportQuery, enabled = true) {
  return useQuery({
    queryKey: reportKeys.one(endpoint.path.slice('/api/reports/'.length), query),
    queryFn: ({ signal }) => api<ReportEndpoint>(endpoint, { query: { ...query }, signal }) as Promise<ApiOutput<E>>,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    enabled,
  });
}

/**
 * The organisation's time zone (the settings'; Asia/Jakarta by default): the dashboard's "today"
 * and presets are days of that zone, as the API's dates are.
 */
export function useOrganisationTimeZone(enabled = true): { timeZone: string; ready: boolean } {
  const calendar = useQuery({
    queryKey: [...reportKeys.all, 'calendar'] as const,
    queryFn: ({ signal }) => api(endpoints.getReportCalendar, { signal }),
    staleTime: 5 * 60_000,
    enabled,
  });
  return {
    timeZone: calendar.data?.timezone ?? ORGANISATION_TIME_ZONE,
    // On an error the default zone is the best guess; the reports still answer.
    ready: !enabled || calendar.isSuccess || calendar.isError,
  };
}

/** Headline figures of the period and of the period of equal length before it. */
export const useReportSummary = (query: ReportQuery, enabled = true) =>
  useReport(endpoints.reportSummary, query, enabled);
export const useReportTrends = (query: ReportQuery, enabled = true) =>
  useReport(endpoints.reportTrends, query, enabled);
export const useReportStaff = (query: ReportQuery, enabled = true) => useReport(endpoints.reportStaff, query, enabled);
export const useReportCategories = (query: ReportQuery, enabled = true) =>
  useReport(endpoints.reportCategories, query, enabled);
export const useReportPriorities = (query: ReportQuery, enabled = true) =>
  useReport(endpoints.reportPriorities, query, enabled);
export const useReportDivisions = (query: ReportQuery, enabled = true) =>
  useReport(endpoints.reportDivisions, query, enabled);
