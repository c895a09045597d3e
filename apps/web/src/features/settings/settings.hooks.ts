import { PublicSettingsResponse, SettingsResponse } from '@bantu/contracts';
import type { SettingsUpdateRequest } from '@bantu/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { requestJson } from '@/lib/api';

export const settingsKeys = {
  all: ['settings'] as const,
  admin: () => [...settingsKeys.all, 'admin'] as const,
  public: () => [...settingsKeys.all, 'public'] as const,
};

/** Organisation name and default language: readable before sign-in. */
export function usePublicSettings() {
  return useQuery({
    queryKey: settingsKeys.public(),
    queryFn: ({ signal }) => requestJson('GET', '/api/settings/public', { schema: PublicSettingsResponse, signal }),
    staleTime: 5 * 60_000,
    retry: 1,
  });
}

export function useSettings() {
  return useQuery({
    queryKey: settingsKeys.admin(),
    queryFn: ({ signal }) => requestJson('GET', '/api/settings', { schema: SettingsResponse, signal }),
  });
}

export function useUpdateSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changes: SettingsUpdateRequest) =>
      requestJson('PATCH', '/api/settings', { body: changes, schema: SettingsResponse }),
    onSuccess: (settings) => {
      queryClient.setQueryData(settingsKeys.admin(), settings);
      return queryClient.invalidateQueries({ queryKey: settingsKeys.public() });
    },
  });
}
