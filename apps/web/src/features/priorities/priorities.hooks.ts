import { PriorityList, PriorityResponse } from '@bantu/contracts';
import type { PriorityCreateRequest, PriorityUpdateRequest } from '@bantu/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { requestJson, requestNoContent } from '@/lib/api';

export const priorityKeys = {
  all: ['priorities'] as const,
  list: (includeInactive: boolean) => [...priorityKeys.all, 'list', { includeInactive }] as const,
};

/** Priorities, most urgent (lowest level) first. */
export function usePriorities({ includeInactive }: { includeInactive: boolean }) {
  return useQuery({
    queryKey: priorityKeys.list(includeInactive),
    queryFn: ({ signal }) =>
      requestJson('GET', '/api/priorities', {
        query: { includeInactive: includeInactive ? 'true' : undefined },
        schema: PriorityList,
        signal,
      }),
    select: (page) => [...page.items].sort((a, b) => a.level - b.level),
  });
}

export function useCreatePriority() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PriorityCreateRequest) =>
      requestJson('POST', '/api/priorities', { body, schema: PriorityResponse }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: priorityKeys.all }),
  });
}

export function useUpdatePriority() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: PriorityUpdateRequest }) =>
      requestJson('PATCH', `/api/priorities/${encodeURIComponent(id)}`, { body: changes, schema: PriorityResponse }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: priorityKeys.all }),
  });
}

export function useDeletePriority() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => requestNoContent('DELETE', `/api/priorities/${encodeURIComponent(id)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: priorityKeys.all }),
  });
}
