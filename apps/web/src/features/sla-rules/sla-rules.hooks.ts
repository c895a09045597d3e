import type { SlaRuleCreateRequest, SlaRuleUpdateRequest } from '@bantu/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, endpoints } from '@/lib/http';

export const slaRuleKeys = {
  all: ['sla-rules'] as const,
  list: () => [...slaRuleKeys.all, 'list'] as const,
};

export function useSlaRules() {
  return useQuery({
    queryKey: slaRuleKeys.list(),
    queryFn: ({ signal }) => api(endpoints.listSlaRules, { signal }),
    select: (page) => page.items,
  });
}

export function useCreateSlaRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SlaRuleCreateRequest) => api(endpoints.createSlaRule, { body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: slaRuleKeys.all }),
  });
}

export function useUpdateSlaRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: SlaRuleUpdateRequest }) =>
      api(endpoints.updateSlaRule, { params: { id }, body: changes }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: slaRuleKeys.all }),
  });
}

export function useDeleteSlaRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api(endpoints.deleteSlaRule, { params: { id } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: slaRuleKeys.all }),
  });
}
