import { Button, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Workbox } from 'workbox-window';
import { i18n } from '@/i18n';

let registration: Promise<ServiceWorkerRegistration | undefined> | null = null;

/**
 * Registers the service worker (src/sw.ts) in a production build. When a new version was
 * deployed, its worker waits and a lasting "update available" notice offers to switch: the
 * new worker then takes over and the page reloads once. Never in the Vite dev server.
 */
export function registerServiceWorker(): void {
  if (import.meta.env.DEV || !('serviceWorker' in navigator) || registration) return;
  const wb = new Workbox('/sw.js');
  wb.addEventListener('waiting', () => {
    notifications.show({
      id: 'app-update',
      autoClose: false,
      withCloseButton: true,
      title: i18n.t('pwa.updateTitle'),
      message: (
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{i18n.t('pwa.updateText')}</Text>
          <Button
            size="sm"
            onClick={() => {
              wb.addEventListener('controlling', () => window.location.reload());
              wb.messageSkipWaiting();
            }}
          >
            {i18n.t('pwa.updateNow')}
          </Button>
        </Stack>
      ),
    });
  });
  registration = wb.register().catch(() => undefined);
}

/** The active registration (push subscriptions live on it); null without a service worker. */
export async function serviceWorkerRegistration(): Promise<ServiceWorkerRegistration | null> {
  if (!('serviceWorker' in navigator)) return null;
  registerServiceWorker();
  return navigator.serviceWorker.ready;
}
