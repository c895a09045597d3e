import { CategoryList, CategoryResponse } from '@bantu/contracts';
import type { CategoryCreateRequest, CategoryUpdateRequest } from '@bantu/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { requestJson, requestNoContent } from '@/lib/api';

export const categoryKeys = {
  all: ['categories'] as const,
  list: (includeInactive: boolean) => [...categoryKeys.all, 'list', { includeInactive }] as const,
};

export function useCategories({ includeInactive }: { includeInactive: boolean }) {
  return useQuery({
    queryKey: categoryKeys.list(includeInactive),
    queryFn: ({ signal }) =>
      requestJson('GET', '/api/categories', {
        query: { includeInactive: includeInactive ? 'true' : undefined },
        schema: CategoryList,
        signal,
      }),
  });
}

export function useCreateCategory() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CategoryCreateRequest) =>
      requestJson('POST', '/api/categories', { body, schema: CategoryResponse }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: categoryKeys.all }),
  });
}

export function useUpdateCategory() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: CategoryUpdateRequest }) =>
      requestJson('PATCH', `/api/categories/${encodeURIComponent(id)}`, { body: changes, schema: CategoryResponse }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: categoryKeys.all }),
  });
}

export function useDeleteCategory() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => requestNoContent('DELETE', `/api/categories/${encodeURIComponent(id)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: categoryKeys.all }),
  });
}
