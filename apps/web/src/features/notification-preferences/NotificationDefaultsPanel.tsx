import type { EventDefault } from '@bantu/contracts';
import { Button, Center, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifyProblem, notifySuccess } from '@/ui/notify';
import { ProblemAlert } from '@/ui/ProblemAlert';
import { ChannelMatrix } from './ChannelMatrix';
import { useNotificationDefaults, useUpdateNotificationDefaults } from './preferences.hooks';

function DefaultsForm({ saved }: { saved: EventDefault[] }) {
  const { t } = useTranslation();
  const update = useUpdateNotificationDefaults();
  const [items, setItems] = useState(saved);
  const dirty = JSON.stringify(items) !== JSON.stringify(saved);
  const change = (kind: EventDefault['kind'], patch: (item: EventDefault) => EventDefault) =>
    setItems((all) => all.map((item) => (item.kind === kind ? patch(item) : item)));

  return (
    <Stack gap="md">
      <ChannelMatrix
        rows={items}
        disabled={update.isPending}
        onToggle={(kind, channel, on) =>
          change(kind, (item) => ({
            ...item,
            channels: { ...item.channels, [channel]: on },
            // Off cannot stay locked on.
            locked: on ? item.locked : { ...item.locked, [channel]: false },
          }))
        }
        onToggleLock={(kind, channel, locked) =>
          change(kind, (item) => ({
            ...item,
            locked: { ...item.locked, [channel]: locked },
            channels: locked ? { ...item.channels, [channel]: true } : item.channels,
          }))
        }
      />
      <Group justify="flex-end" gap="xs">
        <Button variant="default" disabled={!dirty || update.isPending} onClick={() => setItems(saved)}>
          {t('notificationPreferences.undo')}
        </Button>
        <Button
          loading={update.isPending}
          disabled={!dirty}
          onClick={() =>
            update.mutate(
              { items },
              {
                onSuccess: () => notifySuccess(t('notificationPreferences.defaultsSaved')),
                onError: (error) => notifyProblem(error),
              },
            )
          }
        >
          {t('notificationPreferences.save')}
        </Button>
      </Group>
    </Stack>
  );
}

/** Admin Panel: organisation defaults per event type, and channels locked on for everyone. */
export function NotificationDefaultsPanel() {
  const { t } = useTranslation();
  const defaults = useNotificationDefaults();
  return (
    <Paper
      component="section"
      aria-label={t('notificationPreferences.defaultsTitle')}
      withBorder
      radius="md"
      p={{ base: 'md', sm: 'lg' }}
      mt="lg"
    >
      <Stack gap="md">
        <div>
          <Title order={3} size="h4">
            {t('notificationPreferences.defaultsTitle')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('notificationPreferences.defaultsIntro')}
          </Text>
        </div>
        {defaults.isPending ? (
          <Center p="lg">
            <Loader />
          </Center>
        ) : defaults.isError ? (
          <ProblemAlert error={defaults.error} onRetry={() => void defaults.refetch()} />
        ) : (
          <DefaultsForm key={JSON.stringify(defaults.data)} saved={defaults.data.items} />
        )}
      </Stack>
    </Paper>
  );
}
