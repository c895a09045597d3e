import { PushKeyResponse, PushSubscriptionItem, PushSubscriptionList } from '@bantu/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { requestJson, requestNoContent } from '@/lib/api';
import { serviceWorkerRegistration } from './serviceWorker';

const keys = { devices: ['push', 'devices'] as const };

export const pushSupported = () =>
  typeof window !== 'undefined' && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

export function usePushDevices() {
  return useQuery({
    queryKey: keys.devices,
    queryFn: () => requestJson('GET', '/api/push/subscriptions', { schema: PushSubscriptionList }),
  });
}

function deviceLabel(): string {
  const ua = navigator.userAgent;
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /Chrome\//.test(ua)
        ? 'Chrome'
        : 'Browser';
  const os = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad/.test(ua)
      ? 'iOS'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : '';
  return os ? `${browser} · ${os}` : browser;
}

/** Asks for permission, subscribes this browser with the server's VAPID key and registers it. */
export function useSubscribeThisDevice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      const permission = await Notification.requestPermission();
      if (permission !== 'granted') throw new Error('permission');
      const registration = await serviceWorkerRegistration();
      if (!registration) throw new Error('unsupported');
      const { publicKey } = await requestJson('GET', '/api/push/key', { schema: PushKeyResponse });
      const subscription =
        (await registration.pushManager.getSubscription()) ??
        (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: publicKey }));
      const json = subscription.toJSON();
      return requestJson('POST', '/api/push/subscriptions', {
        body: { endpoint: json.endpoint, keys: json.keys, label: deviceLabel() },
        schema: PushSubscriptionItem,
      });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.devices }),
  });
}

export function useRevokeDevice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => requestNoContent('DELETE', `/api/push/subscriptions/${encodeURIComponent(id)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.devices }),
  });
}
