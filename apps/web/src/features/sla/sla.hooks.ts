import type {
  BusinessCalendarUpdateRequest,
  EscalationLevelCreateRequest,
  EscalationLevelUpdateRequest,
  HolidayCreateRequest,
  HolidayImportRequest,
  HolidayUpdateRequest,
} from '@bantu/contracts';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, endpoints } from '@/lib/http';

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

export function useBusinessCalendar() {
  return useQuery({
    queryKey: slaKeys.calendar(),
    queryFn: ({ signal }) => api(endpoints.getBusinessCalendar, { signal }),
  });
}

export function useUpdateBusinessCalendar() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BusinessCalendarUpdateRequest) => api(endpoints.updateBusinessCalendar, { body }),
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
    queryFn: ({ signal }) => api(endpoints.listHolidays, { signal }),
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
  return useHolidayMutation((body: HolidayCreateRequest) => api(endpoints.createHoliday, { body }));
}

export function useUpdateHoliday() {
  return useHolidayMutation(({ holidayId, changes }: { holidayId: string; changes: HolidayUpdateRequest }) =>
    api(endpoints.updateHoliday, { params: { id: holidayId }, body: changes }),
  );
}

export function useDeleteHoliday() {
  return useHolidayMutation((holidayId: string) => api(endpoints.deleteHoliday, { params: { id: holidayId } }));
}

export function useImportHolidays() {
  return useHolidayMutation((body: HolidayImportRequest) => api(endpoints.importHolidays, { body }));
}

export function useEscalationLevels() {
  return useQuery({
    queryKey: slaKeys.levels(),
    queryFn: ({ signal }) => api(endpoints.listEscalationLevels, { signal }),
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
  return useLevelMutation((body: EscalationLevelCreateRequest) => api(endpoints.createEscalationLevel, { body }));
}

export function useUpdateEscalationLevel() {
  return useLevelMutation(({ levelId, changes }: { levelId: string; changes: EscalationLevelUpdateRequest }) =>
    api(endpoints.updateEscalationLevel, { params: { id: levelId }, body: changes }),
  );
}

export function useDeleteEscalationLevel() {
  return useLevelMutation((levelId: string) => api(endpoints.deleteEscalationLevel, { params: { id: levelId } }));
}

/** The explaining clock of one ticket (anyone who may see the ticket). */
export function useTicketSla(ticketId: string | undefined) {
  return useQuery({
    queryKey: slaKeys.ticket(ticketId ?? ''),
    queryFn: ({ signal }) => api(endpoints.getTicketSla, { params: { id: ticketId ?? '' }, signal }),
    enabled: ticketId !== undefined,
    // Business minutes tick on the server's calendar: ask again each minute while the clock runs.
    refetchInterval: (query) => (query.state.data?.resolution?.clock === 'running' ? 60_000 : false),
  });
}

export function useSlaOverview() {
  return useQuery({
    queryKey: slaKeys.overview(),
    queryFn: ({ signal }) => api(endpoints.getSlaOverview, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useSlaTickets(filters: SlaListFilters) {
  return useInfiniteQuery({
    queryKey: slaKeys.list(filters),
    queryFn: ({ pageParam, signal }) =>
      api(endpoints.listSlaTickets, { query: { ...filters, cursor: pageParam, limit: SLA_PAGE_SIZE }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}
