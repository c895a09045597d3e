import { MyNotificationPreferences, NotificationDefaultsResponse } from '@bantu/contracts';
import type { MyNotificationPreferencesUpdate, NotificationDefaultsUpdateRequest } from '@bantu/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { requestJson } from '@/lib/api';

export const preferenceKeys = {
  all: ['notification-preferences'] as const,
  mine: () => [...preferenceKeys.all, 'mine'] as const,
  defaults: () => [...preferenceKeys.all, 'defaults'] as const,
};

export function useMyPreferences() {
  return useQuery({
    queryKey: preferenceKeys.mine(),
    queryFn: ({ signal }) =>
      requestJson('GET', '/api/notifications/preferences', { schema: MyNotificationPreferences, signal }),
  });
}

export function useUpdateMyPreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: MyNotificationPreferencesUpdate) =>
      requestJson('PUT', '/api/notifications/preferences', { body, schema: MyNotificationPreferences }),
    onSuccess: (prefs) => queryClient.setQueryData(preferenceKeys.mine(), prefs),
  });
}

export function useNotificationDefaults() {
  return useQuery({
    queryKey: preferenceKeys.defaults(),
    queryFn: ({ signal }) =>
      requestJson('GET', '/api/admin/notification-defaults', { schema: NotificationDefaultsResponse, signal }),
  });
}

export function useUpdateNotificationDefaults() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NotificationDefaultsUpdateRequest) =>
      requestJson('PUT', '/api/admin/notification-defaults', { body, schema: NotificationDefaultsResponse }),
    onSuccess: (defaults) => {
      queryClient.setQueryData(preferenceKeys.defaults(), defaults);
      // Everyone's effective channels may have changed, mine included.
      return queryClient.invalidateQueries({ queryKey: preferenceKeys.mine() });
    },
  });
}
