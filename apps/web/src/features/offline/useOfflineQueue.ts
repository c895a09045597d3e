import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import { offlineQueue, startOfflineQueue } from './offlineQueue';

/** The queued changes of one ticket; refreshes the ticket when one of them went through. */
export function useOfflineQueue(ticketId: string) {
  const queryClient = useQueryClient();
  useEffect(() => {
    startOfflineQueue();
    return offlineQueue.onSent((item) => {
      if (item.ticketId === ticketId) void queryClient.invalidateQueries();
    });
  }, [queryClient, ticketId]);
  const all = useSyncExternalStore(
    (l) => offlineQueue.subscribe(l),
    () => offlineQueue.items(),
  );
  return all.filter((item) => item.ticketId === ticketId);
}

/** Whether the browser says it is online (navigator.onLine and its events). */
export function useOnline(): boolean {
  return useSyncExternalStore(
    (listener) => {
      window.addEventListener('online', listener);
      window.addEventListener('offline', listener);
      return () => {
        window.removeEventListener('online', listener);
        window.removeEventListener('offline', listener);
      };
    },
    () => navigator.onLine,
  );
}
