import { keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, endpoints } from '@/lib/http';

export type DeliveryStatus = 'failed' | 'pending' | 'sent';

const PAGE_SIZE = 25;

export const outboxKeys = {
  all: ['outbox'] as const,
  mails: () => [...outboxKeys.all, 'mails'] as const,
  deliveries: (status: DeliveryStatus) => [...outboxKeys.all, 'deliveries', status] as const,
};

/** E-mails the server kept instead of sending (no SMTP server configured), newest first. */
export function useCapturedMails() {
  return useInfiniteQuery({
    queryKey: outboxKeys.mails(),
    queryFn: ({ pageParam, signal }) =>
      api(endpoints.listCapturedMails, { query: { cursor: pageParam, limit: PAGE_SIZE }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
  });
}

export function useDeliveries(status: DeliveryStatus) {
  return useInfiniteQuery({
    queryKey: outboxKeys.deliveries(status),
    queryFn: ({ pageParam, signal }) =>
      api(endpoints.listDeliveries, { query: { status, cursor: pageParam, limit: PAGE_SIZE }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/** Puts a failed delivery back in the queue; the dispatcher sends it again shortly. */
export function useRetryDelivery() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api(endpoints.retryDelivery, { params: { id } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...outboxKeys.all, 'deliveries'] }),
  });
}
