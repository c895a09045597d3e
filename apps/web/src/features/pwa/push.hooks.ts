import type { PushSubscriptionCreate } from '@bantu/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, endpoints } from '@/lib/http';
import { serviceWorkerRegistration } from './serviceWorker';

const keys = { devices: ['push', 'devices'] as const };

export const pushSupported = () =>
  typeof window !== 'undefined' && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

export function usePushDevices() {
  return useQuery({
    queryKey: keys.devices,
    queryFn: () => api(endpoints.listPushSubscriptions),
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
      const { publicKey } = await api(endpoints.getPushKey);
      const subscription =
        (await registration.pushManager.getSubscription()) ??
        (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: publicKey }));
      const json = subscription.toJSON();
      // The browser's subscription JSON has the endpoint and keys; the server checks them.
      const body = { endpoint: json.endpoint, keys: json.keys, label: deviceLabel() } as PushSubscriptionCreate;
      return api(endpoints.createPushSubscription, { body });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.devices }),
  });
}

export function useRevokeDevice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api(endpoints.deletePushSubscription, { params: { id } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.devices }),
  });
}
