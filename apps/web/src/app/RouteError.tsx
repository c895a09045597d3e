import { Button, Center, Code, Stack, Text, Title } from '@mantine/core';
import { Component } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** Shown when a page throws while rendering: a way back instead of a blank screen. */
export function RouteError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const message = error instanceof Error ? error.message : null;
  return (
    <Center mih="100dvh" p="md">
      <Stack align="center" gap="sm" maw={520}>
        <Title order={2}>{t('errors.title')}</Title>
        <Text c="dimmed" ta="center">
          {t('errors.crashed')}
        </Text>
        {message ? <Code block>{message}</Code> : null}
        {/* A full load: a page's chunk that failed (offline, replaced by a deploy) is fetched again. */}
        <Button onClick={() => window.location.assign('/')}>{t('errors.backHome')}</Button>
      </Stack>
    </Center>
  );
}

interface BoundaryState {
  error: unknown;
  failed: boolean;
}

/** Catches what a page throws while rendering (or a page chunk that cannot be fetched). */
export class RouteErrorBoundary extends Component<{ children: ReactNode }, BoundaryState> {
  override state: BoundaryState = { error: null, failed: false };

  static getDerivedStateFromError(error: unknown): BoundaryState {
    return { error, failed: true };
  }

  override render() {
    return this.state.failed ? <RouteError error={this.state.error} /> : this.props.children;
  }
}
