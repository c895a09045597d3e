import { SsoButtonList, SsoPolicyResponse, SsoProviderList, SsoProviderResponse } from '@bantu/contracts';
import type { SsoPolicyUpdateRequest, SsoProviderCreateRequest, SsoProviderUpdateRequest } from '@bantu/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { requestJson, requestNoContent } from '@/lib/api';

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
    queryFn: ({ signal }) =>
      requestJson('GET', '/api/auth/sso/providers', { schema: SsoButtonList, signal, skipRefresh: true }),
    staleTime: 60_000,
  });
}

export function useSsoProviders() {
  return useQuery({
    queryKey: ssoKeys.providers(),
    queryFn: ({ signal }) => requestJson('GET', '/api/sso/providers', { schema: SsoProviderList, signal }),
  });
}

export function useSaveSsoProvider() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; changes: SsoProviderUpdateRequest } | { create: SsoProviderCreateRequest }) =>
      'create' in input
        ? requestJson('POST', '/api/sso/providers', { body: input.create, schema: SsoProviderResponse })
        : requestJson('PATCH', `/api/sso/providers/${encodeURIComponent(input.id)}`, {
            body: input.changes,
            schema: SsoProviderResponse,
          }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ssoKeys.all }),
  });
}

export function useDeleteSsoProvider() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => requestNoContent('DELETE', `/api/sso/providers/${encodeURIComponent(id)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ssoKeys.all }),
  });
}

export function useSsoPolicy() {
  return useQuery({
    queryKey: ssoKeys.policy(),
    queryFn: ({ signal }) => requestJson('GET', '/api/sso/policy', { schema: SsoPolicyResponse, signal }),
  });
}

export function useUpdateSsoPolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SsoPolicyUpdateRequest) =>
      requestJson('PATCH', '/api/sso/policy', { body, schema: SsoPolicyResponse }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ssoKeys.all }),
  });
}
