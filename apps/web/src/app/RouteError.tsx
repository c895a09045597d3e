import { Button, Center, Code, Stack, Text, Title } from '@mantine/core';
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { useTranslation } from 'react-i18next';
import { NotFoundPage } from '@/portals/shared/NotFoundPage';

/** Shown when a page throws while rendering: a way back instead of a blank screen. */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  const message = error instanceof Error ? error.message : null;
  return (
    <Center mih="100dvh" p="md">
      <Stack align="center" gap="sm" maw={520}>
        <Title order={2}>{t('errors.title')}</Title>
        <Text c="dimmed" ta="center">
          {t('errors.crashed')}
        </Text>
        {message ? <Code block>{message}</Code> : null}
        <Button onClick={() => window.location.assign('/')}>{t('errors.backHome')}</Button>
      </Stack>
    </Center>
  );
}
