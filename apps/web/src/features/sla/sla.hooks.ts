import {
  BusinessCalendarResponse,
  EscalationLevelList,
  EscalationLevelResponse,
  HolidayImportResponse,
  HolidayList,
  HolidayResponse,
  SlaOverviewResponse,
  SlaTicketPage,
  TicketSlaResponse,
} from '@bantu/contracts';
import type {
  BusinessCalendarUpdateRequest,
  EscalationLevelCreateRequest,
  EscalationLevelUpdateRequest,
  HolidayCreateRequest,
  HolidayImportRequest,
  HolidayUpdateRequest,
} from '@bantu/contracts';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { requestJson, requestNoContent } from '@/lib/api';

export type SlaListState = 'at_risk' | 'breached';

/** What the SLA ticket lists can be narrowed by; mirrors the query of GET /api/sla/tickets. */
export interface SlaListFilters {
  state: SlaListState;
  assigneeId?: string;
  priorityId?: string;
}

export const SLA_PAGE_SIZE = 20;

export const slaKeys = {
  all: ['sla'] as const,
  calendar: () => [...slaKeys.all, 'calendar'] as const,
  holidays: () => [...slaKeys.all, 'holidays'] as const,
  levels: () => [...slaKeys.all, 'levels'] as const,
  /** What changes as tickets move: the overview and the at-risk / breached lists. */
  live: () => [...slaKeys.all, 'live'] as const,
  overview: () => [...slaKeys.live(), 'overview'] as const,
  list: (filters: SlaListFilters) => [...slaKeys.live(), 'list', filters] as const,
  ticket: (ticketId: string) => [...slaKeys.all, 'ticket', ticketId] as const,
};

const id = (value: string) => encodeURIComponent(value);

export function useBusinessCalendar() {
  return useQuery({
    queryKey: slaKeys.calendar(),
    queryFn: ({ signal }) => requestJson('GET', '/api/sla/calendar', { schema: BusinessCalendarResponse, signal }),
  });
}

export function useUpdateBusinessCalendar() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BusinessCalendarUpdateRequest) =>
      requestJson('PUT', '/api/sla/calendar', { body, schema: BusinessCalendarResponse }),
    onSuccess: (calendar) => {
      queryClient.setQueryData(slaKeys.calendar(), calendar);
      // Deadlines of open tickets may move with the calendar.
      return queryClient.invalidateQueries({ queryKey: slaKeys.live() });
    },
  });
}

export function useHolidays() {
  return useQuery({
    queryKey: slaKeys.holidays(),
    queryFn: ({ signal }) => requestJson('GET', '/api/sla/holidays', { schema: HolidayList, signal }),
    select: (list) => list.items,
  });
}

function useHolidayMutation<V, R>(fn: (variables: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: slaKeys.holidays() }),
  });
}

export function useCreateHoliday() {
  return useHolidayMutation((body: HolidayCreateRequest) =>
    requestJson('POST', '/api/sla/holidays', { body, schema: HolidayResponse }),
  );
}

export function useUpdateHoliday() {
  return useHolidayMutation(({ holidayId, changes }: { holidayId: string; changes: HolidayUpdateRequest }) =>
    requestJson('PATCH', `/api/sla/holidays/${id(holidayId)}`, { body: changes, schema: HolidayResponse }),
  );
}

export function useDeleteHoliday() {
  return useHolidayMutation((holidayId: string) => requestNoContent('DELETE', `/api/sla/holidays/${id(holidayId)}`));
}

export function useImportHolidays() {
  return useHolidayMutation((body: HolidayImportRequest) =>
    requestJson('POST', '/api/sla/holidays/import', { body, schema: HolidayImportResponse }),
  );
}

export function useEscalationLevels() {
  return useQuery({
    queryKey: slaKeys.levels(),
    queryFn: ({ signal }) => requestJson('GET', '/api/sla/escalation-levels', { schema: EscalationLevelList, signal }),
    select: (list) => list.items,
  });
}

function useLevelMutation<V, R>(fn: (variables: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: slaKeys.levels() }),
  });
}

export function useCreateEscalationLevel() {
  return useLevelMutation((body: EscalationLevelCreateRequest) =>
    requestJson('POST', '/api/sla/escalation-levels', { body, schema: EscalationLevelResponse }),
  );
}

export function useUpdateEscalationLevel() {
  return useLevelMutation(({ levelId, changes }: { levelId: string; changes: EscalationLevelUpdateRequest }) =>
    requestJson('PATCH', `/api/sla/escalation-levels/${id(levelId)}`, {
      body: changes,
      schema: EscalationLevelResponse,
    }),
  );
}

export function useDeleteEscalationLevel() {
  return useLevelMutation((levelId: string) => requestNoContent('DELETE', `/api/sla/escalation-levels/${id(levelId)}`));
}

/** The explaining clock of one ticket (anyone who may see the ticket). */
export function useTicketSla(ticketId: string | undefined) {
  return useQuery({
    queryKey: slaKeys.ticket(ticketId ?? ''),
    queryFn: ({ signal }) =>
      requestJson('GET', `/api/tickets/${id(ticketId ?? '')}/sla`, { schema: TicketSlaResponse, signal }),
    enabled: ticketId !== undefined,
    // Business minutes tick on the server's calendar: ask again each minute while the clock runs.
    refetchInterval: (query) => (query.state.data?.resolution?.clock === 'running' ? 60_000 : false),
  });
}

export function useSlaOverview() {
  return useQuery({
    queryKey: slaKeys.overview(),
    queryFn: ({ signal }) => requestJson('GET', '/api/sla/overview', { schema: SlaOverviewResponse, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useSlaTickets(filters: SlaListFilters) {
  return useInfiniteQuery({
    queryKey: slaKeys.list(filters),
    queryFn: ({ pageParam, signal }) =>
      requestJson('GET', '/api/sla/tickets', {
        query: { ...filters, cursor: pageParam, limit: SLA_PAGE_SIZE },
        schema: SlaTicketPage,
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}
