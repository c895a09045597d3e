import type { SettingsUpdateRequest } from '@bantu/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, endpoints } from '@/lib/http';

export const settingsKeys = {
  all: ['settings'] as const,
  admin: () => [...settingsKeys.all, 'admin'] as const,
  public: () => [...settingsKeys.all, 'public'] as const,
};

/** Organisation name and default language: readable before sign-in. */
export function usePublicSettings() {
  return useQuery({
    queryKey: settingsKeys.public(),
    queryFn: ({ signal }) => api(endpoints.getPublicSettings, { signal }),
    staleTime: 5 * 60_000,
    retry: 1,
  });
}

export function useSettings() {
  return useQuery({
    queryKey: settingsKeys.admin(),
    queryFn: ({ signal }) => api(endpoints.getSettings, { signal }),
  });
}

export function useUpdateSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changes: SettingsUpdateRequest) => api(endpoints.updateSettings, { body: changes }),
    onSuccess: (settings) => {
      queryClient.setQueryData(settingsKeys.admin(), settings);
      return queryClient.invalidateQueries({ queryKey: settingsKeys.public() });
    },
  });
}
