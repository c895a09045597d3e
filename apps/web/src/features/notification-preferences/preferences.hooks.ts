import type { MyNotificationPreferencesUpdate, NotificationDefaultsUpdateRequest } from '@bantu/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, endpoints } from '@/lib/http';

export const preferenceKeys = {
  all: ['notification-preferences'] as const,
  mine: () => [...preferenceKeys.all, 'mine'] as const,
  defaults: () => [...preferenceKeys.all, 'defaults'] as const,
};

export function useMyPreferences() {
  return useQuery({
    queryKey: preferenceKeys.mine(),
    queryFn: ({ signal }) => api(endpoints.getMyNotificationPreferences, { signal }),
  });
}

export function useUpdateMyPreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: MyNotificationPreferencesUpdate) => api(endpoints.updateMyNotificationPreferences, { body }),
    onSuccess: (prefs) => queryClient.setQueryData(preferenceKeys.mine(), prefs),
  });
}

export function useNotificationDefaults() {
  return useQuery({
    queryKey: preferenceKeys.defaults(),
    queryFn: ({ signal }) => api(endpoints.getNotificationDefaults, { signal }),
  });
}

export function useUpdateNotificationDefaults() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NotificationDefaultsUpdateRequest) => api(endpoints.updateNotificationDefaults, { body }),
    onSuccess: (defaults) => {
      queryClient.setQueryData(preferenceKeys.defaults(), defaults);
      // Everyone's effective channels may have changed, mine included.
      return queryClient.invalidateQueries({ queryKey: preferenceKeys.mine() });
    },
  });
}
