import type { MarkReadRequest } from '@bantu/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, endpoints } from '@/lib/http';

export const notificationKeys = {
  all: ['notifications'] as const,
  unreadCount: () => [...notificationKeys.all, 'unread-count'] as const,
  recent: () => [...notificationKeys.all, 'recent'] as const,
};

export const RECENT_NOTIFICATIONS = 20;

/** The number on the bell; live updates invalidate it, the interval is only a safety net. */
export function useUnreadCount() {
  return useQuery({
    queryKey: notificationKeys.unreadCount(),
    queryFn: ({ signal }) => api(endpoints.getUnreadCount, { signal }),
    select: (data) => data.count,
    staleTime: 0,
    refetchInterval: 5 * 60_000,
  });
}

/** The latest notifications, read or not (loaded when the bell is opened). */
export function useRecentNotifications({ enabled }: { enabled: boolean }) {
  return useQuery({
    queryKey: notificationKeys.recent(),
    queryFn: ({ signal }) => api(endpoints.listNotifications, { query: { limit: RECENT_NOTIFICATIONS }, signal }),
    select: (page) => page.items,
    enabled,
    staleTime: 0,
  });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: MarkReadRequest) => api(endpoints.markNotificationsRead, { body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}
