import type { ReportSubscriptionCreateRequest } from '@bantu/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, endpoints } from '@/lib/http';

export const subscriptionKeys = { all: ['reports', 'subscriptions'] as const };

/** My scheduled report e-mails. */
export function useReportSubscriptions() {
  return useQuery({
    queryKey: subscriptionKeys.all,
    queryFn: ({ signal }) => api(endpoints.listReportSubscriptions, { signal }),
    select: (page) => page.items,
  });
}

export function useSubscribe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ReportSubscriptionCreateRequest) => api(endpoints.createReportSubscription, { body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: subscriptionKeys.all }),
  });
}

export function useUnsubscribe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api(endpoints.deleteReportSubscription, { params: { id } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: subscriptionKeys.all }),
  });
}
