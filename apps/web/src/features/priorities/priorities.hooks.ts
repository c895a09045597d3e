import type { PriorityCreateRequest, PriorityUpdateRequest } from '@bantu/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, endpoints } from '@/lib/http';

export const priorityKeys = {
  all: ['priorities'] as const,
  list: (includeInactive: boolean) => [...priorityKeys.all, 'list', { includeInactive }] as const,
};

/** Priorities, most urgent (lowest level) first. */
export function usePriorities({ includeInactive }: { includeInactive: boolean }) {
  return useQuery({
    queryKey: priorityKeys.list(includeInactive),
    queryFn: ({ signal }) =>
      api(endpoints.listPriorities, { query: { includeInactive: includeInactive ? 'true' : undefined }, signal }),
    select: (page) => [...page.items].sort((a, b) => a.level - b.level),
  });
}

export function useCreatePriority() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PriorityCreateRequest) => api(endpoints.createPriority, { body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: priorityKeys.all }),
  });
}

export function useUpdatePriority() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: PriorityUpdateRequest }) =>
      api(endpoints.updatePriority, { params: { id }, body: changes }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: priorityKeys.all }),
  });
}

export function useDeletePriority() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api(endpoints.deletePriority, { params: { id } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: priorityKeys.all }),
  });
}
