import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { i18n } from '@/i18n';
import { createQueryClient } from './queryClient';
import { SessionSync } from './SessionSync';
import { createAppTheme } from './theme';

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
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position="bottom-right" limit={4} />
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
