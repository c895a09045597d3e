import {
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

/** Headline figures of the period and of the period of equal length before it. */
export const useReportSummary = (query: ReportQuery) => useReport('summary', ReportSummaryResponse, query);
export const useReportTrends = (query: ReportQuery) => useReport('trends', ReportTrendsResponse, query);
export const useReportStaff = (query: ReportQuery, enabled = true) =>
  useReport('staff', ReportStaffResponse, query, enabled);
export const useReportCategories = (query: ReportQuery) => useReport('categories', ReportCategoriesResponse, query);
export const useReportPriorities = (query: ReportQuery) => useReport('priorities', ReportPrioritiesResponse, query);
export const useReportDivisions = (query: ReportQuery, enabled = true) =>
  useReport('divisions', ReportDivisionsResponse, query, enabled);
