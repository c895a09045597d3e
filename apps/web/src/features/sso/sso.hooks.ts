import type { SsoPolicyUpdateRequest, SsoProviderCreateRequest, SsoProviderUpdateRequest } from '@bantu/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, endpoints } from '@/lib/http';

export const ssoKeys = {
  all: ['sso'] as const,
  buttons: () => [...ssoKeys.all, 'buttons'] as const,
  providers: () => [...ssoKeys.all, 'providers'] as const,
  policy: () => [...ssoKeys.all, 'policy'] as const,
};

/** The sign-in page's buttons (public). */
export function useSsoButtons() {
  return useQuery({
    queryKey: ssoKeys.buttons(),
    queryFn: ({ signal }) => api(endpoints.listSsoButtons, { signal, skipRefresh: true }),
    staleTime: 60_000,
  });
}

export function useSsoProviders() {
  return useQuery({
    queryKey: ssoKeys.providers(),
    queryFn: ({ signal }) => api(endpoints.listSsoProviders, { signal }),
  });
}

export function useSaveSsoProvider() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; changes: SsoProviderUpdateRequest } | { create: SsoProviderCreateRequest }) =>
      'create' in input
        ? api(endpoints.createSsoProvider, { body: input.create })
        : api(endpoints.updateSsoProvider, { params: { id: input.id }, body: input.changes }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ssoKeys.all }),
  });
}

export function useDeleteSsoProvider() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api(endpoints.deleteSsoProvider, { params: { id } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ssoKeys.all }),
  });
}

export function useSsoPolicy() {
  return useQuery({
    queryKey: ssoKeys.policy(),
    queryFn: ({ signal }) => api(endpoints.getSsoPolicy, { signal }),
  });
}

export function useUpdateSsoPolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SsoPolicyUpdateRequest) => api(endpoints.updateSsoPolicy, { body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ssoKeys.all }),
  });
}
