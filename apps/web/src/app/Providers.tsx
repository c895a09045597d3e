import { MantineProvider } from '@mantine/core';
import { useNotifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { createElement, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { i18n } from '@/i18n';
import { useDeferredComponent } from '@/ui/useDeferredComponent';
import { createQueryClient } from './queryClient';
import { SessionSync } from './SessionSync';
import { createAppTheme, cssVariablesResolver } from './theme';

/**
 * The toasts' renderer (with its transitions) is its own chunk, fetched when the first toast is
 * shown: `notifications.show()` only fills a small store, and the renderer shows what it holds.
 * Offline, the chunk comes from the service worker's precache (a toast waits until it can).
 */
const loadToastRenderer = () => import('./ToastRenderer').then((m) => m.ToastRenderer);

function Toasts() {
  const { notifications, queue } = useNotifications();
  const [needed, setNeeded] = useState(false);
  if (!needed && notifications.length + queue.length > 0) setNeeded(true);
  const Renderer = useDeferredComponent(loadToastRenderer, needed);
  // createElement: the component arrives once and keeps its identity (not made during render).
  return Renderer ? createElement(Renderer) : null;
}

export interface ProvidersProps {
  children: ReactNode;
}

function ThemeProvider({ children }: ProvidersProps) {
  const { t } = useTranslation();
  const theme = useMemo(
    () =>
      createAppTheme({
        close: t('common.close'),
        clear: t('common.clear'),
        togglePassword: t('common.togglePassword'),
      }),
    [t],
  );
  return (
    <MantineProvider theme={theme} defaultColorScheme="light" cssVariablesResolver={cssVariablesResolver}>
      <Toasts />
      {children}
    </MantineProvider>
  );
}

export function Providers({ children }: ProvidersProps) {
  const [queryClient] = useState(createQueryClient);
  return (
    <I18nextProvider i18n={i18n}>
      <ThemeProvider>
        <QueryClientProvider client={queryClient}>
          <SessionSync />
          {children}
        </QueryClientProvider>
      </ThemeProvider>
    </I18nextProvider>
  );
}
