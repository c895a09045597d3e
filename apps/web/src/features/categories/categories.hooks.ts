import type { CategoryCreateRequest, CategoryUpdateRequest } from '@bantu/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, endpoints } from '@/lib/http';

export const categoryKeys = {
  all: ['categories'] as const,
  list: (includeInactive: boolean) => [...categoryKeys.all, 'list', { includeInactive }] as const,
};

export function useCategories({ includeInactive }: { includeInactive: boolean }) {
  return useQuery({
    queryKey: categoryKeys.list(includeInactive),
    queryFn: ({ signal }) =>
      api(endpoints.listCategories, { query: { includeInactive: includeInactive ? 'true' : undefined }, signal }),
  });
}

export function useCreateCategory() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CategoryCreateRequest) => api(endpoints.createCategory, { body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: categoryKeys.all }),
  });
}

export function useUpdateCategory() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: CategoryUpdateRequest }) =>
      api(endpoints.updateCategory, { params: { id }, body: changes }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: categoryKeys.all }),
  });
}

export function useDeleteCategory() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api(endpoints.deleteCategory, { params: { id } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: categoryKeys.all }),
  });
}
