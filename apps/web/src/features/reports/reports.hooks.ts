import {
  ORGANISATION_TIME_ZONE,
  ReportCalendarResponse,
  ReportCategoriesResponse,
  ReportDivisionsResponse,
  ReportPrioritiesResponse,
  ReportStaffResponse,
  ReportSummaryResponse,
  ReportTrendsResponse,
} from '@bantu/contracts';
import type { ReportQuery } from '@bantu/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { requestJson } from '@/lib/api';

export const reportKeys = {
  all: ['reports'] as const,
  one: (name: string, query: ReportQuery) => [...reportKeys.all, name, query] as const,
};

function useReport<T>(name: string, schema: z.ZodType<T>, query: ReportQuery, enabled = true) {
  return useQuery({
    queryKey: reportKeys.one(name, query),
    queryFn: ({ signal }) => requestJson('GET', `/api/reports/${name}`, { query: { ...query }, schema, signal }),
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
    queryFn: ({ signal }) => requestJson('GET', '/api/reports/calendar', { schema: ReportCalendarResponse, signal }),
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
  useReport('summary', ReportSummaryResponse, query, enabled);
export const useReportTrends = (query: ReportQuery, enabled = true) =>
  useReport('trends', ReportTrendsResponse, query, enabled);
export const useReportStaff = (query: ReportQuery, enabled = true) =>
  useReport('staff', ReportStaffResponse, query, enabled);
export const useReportCategories = (query: ReportQuery, enabled = true) =>
  useReport('categories', ReportCategoriesResponse, query, enabled);
export const useReportPriorities = (query: ReportQuery, enabled = true) =>
  useReport('priorities', ReportPrioritiesResponse, query, enabled);
export const useReportDivisions = (query: ReportQuery, enabled = true) =>
  useReport('divisions', ReportDivisionsResponse, query, enabled);
