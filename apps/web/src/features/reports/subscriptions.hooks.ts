import { ReportSubscriptionList, ReportSubscriptionResponse } from '@bantu/contracts';
import type { ReportSubscriptionCreateRequest } from '@bantu/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { requestJson, requestNoContent } from '@/lib/api';

export const subscriptionKeys = { all: ['reports', 'subscriptions'] as const };

/** My scheduled report e-mails. */
export function useReportSubscriptions() {
  return useQuery({
    queryKey: subscriptionKeys.all,
    queryFn: ({ signal }) =>
      requestJson('GET', '/api/reports/subscriptions', { schema: ReportSubscriptionList, signal }),
    select: (page) => page.items,
  });
}

export function useSubscribe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ReportSubscriptionCreateRequest) =>
      requestJson('POST', '/api/reports/subscriptions', { body, schema: ReportSubscriptionResponse }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: subscriptionKeys.all }),
  });
}

export function useUnsubscribe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => requestNoContent('DELETE', `/api/reports/subscriptions/${encodeURIComponent(id)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: subscriptionKeys.all }),
  });
}
