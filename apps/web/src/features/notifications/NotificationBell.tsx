import type { NotificationResponse } from '@bantu/contracts';
import {
  ActionIcon,
  Box,
  Button,
  Center,
  Divider,
  Group,
  Indicator,
  Loader,
  Popover,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { IconBell, IconChecks } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
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
import { useMarkRead, useRecentNotifications, useUnreadCount } from './notifications.hooks';

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

/** The header's bell: unread count, the latest notifications, and a way to their tickets. */
export function NotificationBell() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const [opened, setOpened] = useState(false);
  const unread = useUnreadCount();
  const recent = useRecentNotifications({ enabled: opened });
  const markRead = useMarkRead();
  const now = useNow(30_000);
  const count = unread.data ?? 0;

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

  // The badge wraps the popover, not its target: the target's aria-haspopup/aria-expanded then
  // sit on the button itself (on the badge's div they are not allowed, Lighthouse's aria-allowed-attr).
  return (
    <Indicator
      label={<span data-testid="notification-count">{count > 99 ? '99+' : count}</span>}
      disabled={count === 0}
      size={18}
      offset={6}
      color="red"
      inline
    >
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
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            radius="xl"
            aria-label={count > 0 ? t('notifications.bellUnread', { count }) : t('notifications.bell')}
            aria-haspopup="dialog"
            aria-expanded={opened}
            onClick={() => setOpened((o) => !o)}
          >
            <IconBell size={22} stroke={1.6} />
          </ActionIcon>
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
    </Indicator>
  );
}
