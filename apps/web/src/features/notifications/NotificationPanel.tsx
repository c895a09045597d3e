import type { NotificationResponse } from '@bantu/contracts';
import {
  Box,
  Button,
  Center,
  Divider,
  Group,
  Loader,
  Popover,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { IconChecks } from '@tabler/icons-react';
import { useNavigate } from '@/lib/router';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '@/features/auth/auth.hooks';
import { ticketPath } from '@/features/tickets/ticketPaths';
import { useNow } from '@/features/tickets/useNow';
import { formatDateTime, formatRelative } from '@/lib/format';
import { downloadWithProgress, saveBlob } from '@/lib/http';
import { notifyProblem } from '@/ui/notify';
import { ProblemAlert } from '@/ui/ProblemAlert';
import { deliveryState } from '@/features/notification-preferences/deliveryState';
import { notificationText } from './notificationText';
import { BellButton } from './BellButton';
import { useMarkRead, useRecentNotifications } from './notifications.hooks';

interface ItemProps {
  notification: NotificationResponse;
  now: number;
  onOpen: (notification: NotificationResponse) => void;
}

function NotificationItem({ notification, now, onOpen }: ItemProps) {
  const { t, i18n } = useTranslation();
  const unread = notification.readAt === null;
  const delayed = deliveryState(t, notification, i18n.language, now);
  return (
    <UnstyledButton
      onClick={() => onOpen(notification)}
      data-unread={unread || undefined}
      px="sm"
      py={8}
      style={{
        display: 'block',
        width: '100%',
        borderRadius: 'var(--mantine-radius-sm)',
        background: unread ? 'var(--mantine-color-blue-light)' : undefined,
      }}
    >
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Box
          aria-hidden
          mt={6}
          style={{
            flexShrink: 0,
            width: 8,
            height: 8,
            borderRadius: '50%',
            background: unread ? 'var(--mantine-color-blue-6)' : 'transparent',
          }}
        />
        <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
          <Text size="sm" fw={unread ? 600 : 400} style={{ overflowWrap: 'anywhere' }}>
            {notificationText(t, notification)}
          </Text>
          {notification.excerpt ? (
            <Text size="xs" c="dimmed" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
              {notification.excerpt}
            </Text>
          ) : null}
          {delayed ? (
            <Text size="xs" c="orange.8" data-testid="delivery-state">
              {delayed}
            </Text>
          ) : null}
          <Text size="xs" c="dimmed" title={formatDateTime(notification.createdAt, i18n.language) ?? undefined}>
            {formatRelative(notification.createdAt, i18n.language, now)}
            {unread ? <VisuallyHidden>{` · ${t('notifications.unread')}`}</VisuallyHidden> : null}
          </Text>
        </Stack>
      </Group>
    </UnstyledButton>
  );
}

export interface NotificationPanelProps {
  opened: boolean;
  onChange: (opened: boolean) => void;
  /** Unread notifications (the bell's badge). */
  count: number;
}

/**
 * The bell's popover: the latest notifications, and a way to their tickets. Its own chunk
 * (Popover, ScrollArea and their positioning code), fetched when the bell is first pointed at,
 * focused or pressed (NotificationBell.tsx).
 */
export function NotificationPanel({ opened, onChange: setOpened, count }: NotificationPanelProps) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const recent = useRecentNotifications({ enabled: opened });
  const markRead = useMarkRead();
  const now = useNow(30_000);

  const open = (notification: NotificationResponse) => {
    if (notification.readAt === null) {
      markRead.mutate({ ids: [notification.id] }, { onError: (error) => notifyProblem(error) });
    }
    if (notification.ticketNumber) {
      setOpened(false);
      void navigate(ticketPath(user.role, notification.ticketNumber));
    }
    // A finished background export: fetched with the bearer header, then saved as a file.
    const file = notification.export;
    if (file) {
      downloadWithProgress(file.downloadUrl)
        .then((result) => {
          if (result.kind === 'file') saveBlob(result.blob, result.filename ?? file.fileName);
        })
        .catch((error: unknown) => notifyProblem(error));
    }
  };

  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      position="bottom-end"
      width="min(380px, calc(100vw - 16px))"
      shadow="md"
      withinPortal
      trapFocus
      returnFocus
    >
      <Popover.Target>
        <BellButton count={count} opened={opened} onClick={() => setOpened(!opened)} />
      </Popover.Target>
      <Popover.Dropdown p={0} role="dialog" aria-label={t('notifications.title')}>
        <Group justify="space-between" px="sm" py="xs" gap="xs" wrap="nowrap">
          <Text fw={600}>{t('notifications.title')}</Text>
          <Button
            variant="subtle"
            size="compact-sm"
            leftSection={<IconChecks size={16} />}
            disabled={count === 0}
            loading={markRead.isPending}
            onClick={() => markRead.mutate({ all: true }, { onError: (error) => notifyProblem(error) })}
          >
            {t('notifications.markAllRead')}
          </Button>
        </Group>
        <Divider />
        <ScrollArea.Autosize mah="min(420px, 70dvh)" type="auto">
          <Box p={4}>
            {recent.isPending ? (
              <Center p="md">
                <Loader size="sm" />
              </Center>
            ) : recent.isError ? (
              <Box p="xs">
                <ProblemAlert error={recent.error} onRetry={() => void recent.refetch()} />
              </Box>
            ) : recent.data.length === 0 ? (
              <Text size="sm" c="dimmed" ta="center" p="md">
                {t('notifications.empty')}
              </Text>
            ) : (
              <Stack gap={2} role="list">
                {recent.data.map((notification) => (
                  <div role="listitem" key={notification.id}>
                    <NotificationItem notification={notification} now={now} onOpen={open} />
                  </div>
                ))}
              </Stack>
            )}
          </Box>
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  );
}
