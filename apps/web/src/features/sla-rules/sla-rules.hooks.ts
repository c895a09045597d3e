import { SlaRuleList, SlaRuleResponse } from '@bantu/contracts';
import type { SlaRuleCreateRequest, SlaRuleUpdateRequest } from '@bantu/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { requestJson, requestNoContent } from '@/lib/api';

export const slaRuleKeys = {
  all: ['sla-rules'] as const,
  list: () => [...slaRuleKeys.all, 'list'] as const,
};

export function useSlaRules() {
  return useQuery({
    queryKey: slaRuleKeys.list(),
    queryFn: ({ signal }) => requestJson('GET', '/api/sla-rules', { schema: SlaRuleList, signal }),
    select: (page) => page.items,
  });
}

export function useCreateSlaRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SlaRuleCreateRequest) =>
      requestJson('POST', '/api/sla-rules', { body, schema: SlaRuleResponse }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: slaRuleKeys.all }),
  });
}

export function useUpdateSlaRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: SlaRuleUpdateRequest }) =>
      requestJson('PATCH', `/api/sla-rules/${encodeURIComponent(id)}`, { body: changes, schema: SlaRuleResponse }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: slaRuleKeys.all }),
  });
}

export function useDeleteSlaRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => requestNoContent('DELETE', `/api/sla-rules/${encodeURIComponent(id)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: slaRuleKeys.all }),
  });
}
