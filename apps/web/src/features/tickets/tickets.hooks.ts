import type { TicketResponse } from '@bantu/contracts';
import type {
  CommentCreateRequest,
  SlaState,
  TICKET_SORTS,
  TicketCreateRequest,
  TicketStatus,
  TicketTransitionRequest,
  TicketUpdateRequest,
} from '@bantu/contracts';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { api, endpoints } from '@/lib/http';

export type TicketSort = (typeof TICKET_SORTS)[number];

/** What a ticket list can be narrowed by; mirrors the query string of GET /api/tickets. */
export interface TicketFilters {
  status?: TicketStatus[];
  priorityId?: string;
  categoryId?: string;
  /** A staff id, `me`, or `none` (unassigned). */
  assigneeId?: string;
  slaState?: SlaState[];
  q?: string;
  sort?: TicketSort;
  requesterId?: string;
  /** The requester's division when the ticket was created; `-` = none. */
  division?: string;
  /** Period filters of the reports drill-down: ISO instants, `…From` inclusive, `…To` exclusive. */
  createdFrom?: string;
  createdTo?: string;
  resolvedFrom?: string;
  resolvedTo?: string;
  closedFrom?: string;
  closedTo?: string;
  firstResponseFrom?: string;
  firstResponseTo?: string;
  /** A resolution was rejected in the span (the reopen rate's rejections). */
  rejectedFrom?: string;
  rejectedTo?: string;
  /** Open at this instant (created before it, not resolved or closed by then): the backlog. */
  openAt?: string;
  resolutionSla?: 'met' | 'missed';
  firstResponseSla?: 'met' | 'missed';
  /** CSAT scores 1-5. */
  rating?: string[];
}

export const TICKET_PAGE_SIZE = 25;

export const ticketKeys = {
  all: ['tickets'] as const,
  lists: () => [...ticketKeys.all, 'list'] as const,
  list: (filters: TicketFilters) => [...ticketKeys.lists(), filters] as const,
  counts: () => [...ticketKeys.all, 'counts'] as const,
  /** One ticket, by the id or number it was opened with (the URL's). */
  detail: (ref: string) => [...ticketKeys.all, 'detail', ref] as const,
  comments: (ticketId: string) => [...ticketKeys.all, 'comments', ticketId] as const,
  events: (ticketId: string) => [...ticketKeys.all, 'events', ticketId] as const,
};

export const staffKeys = { all: ['staff'] as const };

/** The query string of GET /api/tickets (and of its export) for a set of filters. */
export function toQuery(filters: TicketFilters) {
  return {
    status: filters.status?.join(','),
    priorityId: filters.priorityId,
    categoryId: filters.categoryId,
    assigneeId: filters.assigneeId,
    slaState: filters.slaState?.join(','),
    q: filters.q,
    sort: filters.sort,
    requesterId: filters.requesterId,
    division: filters.division,
    createdFrom: filters.createdFrom,
    createdTo: filters.createdTo,
    resolvedFrom: filters.resolvedFrom,
    resolvedTo: filters.resolvedTo,
    closedFrom: filters.closedFrom,
    closedTo: filters.closedTo,
    firstResponseFrom: filters.firstResponseFrom,
    firstResponseTo: filters.firstResponseTo,
    rejectedFrom: filters.rejectedFrom,
    rejectedTo: filters.rejectedTo,
    openAt: filters.openAt,
    resolutionSla: filters.resolutionSla,
    firstResponseSla: filters.firstResponseSla,
    rating: filters.rating?.join(','),
  };
}

export function useTicketList(filters: TicketFilters) {
  return useInfiniteQuery({
    queryKey: ticketKeys.list(filters),
    queryFn: ({ pageParam, signal }) =>
      api(endpoints.listTickets, {
        query: { ...toQuery(filters), cursor: pageParam, limit: TICKET_PAGE_SIZE },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/** How many tickets a filtered list holds in all (GET /api/tickets/count). */
export function useTicketTotal(filters: TicketFilters) {
  const { sort: _sort, ...rest } = filters;
  return useQuery({
    queryKey: [...ticketKeys.all, 'total', rest] as const,
    queryFn: ({ signal }) => api(endpoints.countTickets, { query: toQuery(rest), signal }),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

/** Counts for the staff queue tabs. */
export function useTicketCounts() {
  return useQuery({
    queryKey: ticketKeys.counts(),
    queryFn: ({ signal }) => api(endpoints.getTicketCounts, { signal }),
    refetchInterval: 60_000,
  });
}

/** One ticket with what the signed-in user may do with it (`abilities`). */
export function useTicket(ref: string) {
  return useQuery({
    queryKey: ticketKeys.detail(ref),
    queryFn: ({ signal }) => api(endpoints.getTicket, { params: { idOrNumber: ref }, signal }),
    refetchOnWindowFocus: true,
  });
}

export function useTicketComments(ticketId: string | undefined) {
  return useQuery({
    queryKey: ticketKeys.comments(ticketId ?? ''),
    queryFn: ({ signal }) => api(endpoints.listComments, { params: { id: ticketId ?? '' }, signal }),
    select: (page) => page.items,
    enabled: ticketId !== undefined,
    refetchOnWindowFocus: true,
  });
}

export function useTicketEvents(ticketId: string | undefined) {
  return useQuery({
    queryKey: ticketKeys.events(ticketId ?? ''),
    queryFn: ({ signal }) => api(endpoints.listTicketEvents, { params: { id: ticketId ?? '' }, signal }),
    select: (page) => page.items,
    enabled: ticketId !== undefined,
  });
}

/** Active IT staff with their open ticket counts (staff only). */
export function useStaff({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: staffKeys.all,
    queryFn: ({ signal }) => api(endpoints.listStaff, { signal }),
    select: (page) => page.items,
    enabled,
    staleTime: 60_000,
  });
}

/** After a change: the fresh ticket is shown at once, and everything derived from it is reloaded. */
function refreshTicket(queryClient: QueryClient, ticket: TicketResponse) {
  queryClient.setQueryData(ticketKeys.detail(ticket.ticketNumber), ticket);
  queryClient.setQueryData(ticketKeys.detail(ticket.id), ticket);
  return queryClient.invalidateQueries({ queryKey: ticketKeys.all });
}

export function useCreateTicket() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TicketCreateRequest) => api(endpoints.createTicket, { body }),
    onSuccess: (ticket) => refreshTicket(queryClient, ticket),
  });
}

export function useUpdateTicket() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: TicketUpdateRequest }) =>
      api(endpoints.updateTicket, { params: { id }, body: changes }),
    onSuccess: (ticket) => refreshTicket(queryClient, ticket),
  });
}

export function useAssignTicket() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, assigneeId }: { id: string; assigneeId: string | null }) =>
      api(endpoints.assignTicket, { params: { id }, body: { assigneeId } }),
    onSuccess: (ticket) => {
      void queryClient.invalidateQueries({ queryKey: staffKeys.all });
      return refreshTicket(queryClient, ticket);
    },
  });
}

export function useTransitionTicket() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: TicketTransitionRequest }) =>
      api(endpoints.transitionTicket, { params: { id }, body }),
    onSuccess: (ticket) => refreshTicket(queryClient, ticket),
  });
}

export function useAddComment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ ticketId, body }: { ticketId: string; body: CommentCreateRequest }) =>
      api(endpoints.createComment, { params: { id: ticketId }, body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ticketKeys.all }),
  });
}

/** Reloads a ticket and its conversation, e.g. after someone else changed it. */
export function useReloadTicket() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ticketKeys.all });
}
