import { Alert, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCloudUpload, IconWifiOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { offlineQueue, type QueuedItem } from './offlineQueue';
import { useOfflineQueue, useOnline } from './useOfflineQueue';

function textOf(item: QueuedItem): string {
  return item.kind === 'comment' ? item.body.comment : (item.body.comment ?? '');
}

/** The reasons a queued change is refused that get their own words; any other code gets `other`. */
const REASONS = [
  'VERSION_CONFLICT',
  'INVALID_TRANSITION',
  'TICKET_CLOSED',
  'FORBIDDEN',
  'NOT_FOUND',
  'VALIDATION_FAILED',
] as const;
type Reason = (typeof REASONS)[number] | 'other';

function conflictReason(item: QueuedItem): Reason {
  return REASONS.find((code) => code === item.code) ?? 'other';
}

/** The ticket's changes waiting on this device, and the ones the server refused (text kept). */
export function OfflineQueueList({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation();
  const items = useOfflineQueue(ticketId);
  const online = useOnline();
  return (
    <Stack gap="xs" data-testid="offline-queue">
      {!online ? (
        <Alert color="gray" variant="light" icon={<IconWifiOff size={20} />} role="status">
          {t('offline.offlineNotice')}
        </Alert>
      ) : null}
      {items.map((item) =>
        item.state === 'conflict' ? (
          <Alert
            key={item.id}
            color="red"
            variant="light"
            icon={<IconAlertTriangle size={20} />}
            title={item.kind === 'comment' ? t('offline.conflictComment') : t('offline.conflictStatus')}
            data-testid="offline-conflict"
          >
            <Stack gap="xs">
              <Text size="sm" data-testid="conflict-reason">
                {t(`offline.reason.${conflictReason(item)}`)}
              </Text>
              {item.kind === 'transition' ? (
                <Text size="sm">{t('offline.wantedStatus', { status: t(`tickets.status.${item.body.to}`) })}</Text>
              ) : null}
              {textOf(item) ? (
                <Paper withBorder p="xs" radius="sm">
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="kept-text">
                    {textOf(item)}
                  </Text>
                </Paper>
              ) : null}
              <Group gap="xs">
                {textOf(item) ? (
                  <Button size="sm" variant="light" onClick={() => void navigator.clipboard?.writeText(textOf(item))}>
                    {t('offline.copy')}
                  </Button>
                ) : null}
                <Button size="sm" variant="subtle" color="red" onClick={() => void offlineQueue.discard(item.id)}>
                  {t('offline.discard')}
                </Button>
              </Group>
            </Stack>
          </Alert>
        ) : (
          <Paper key={item.id} withBorder p="sm" radius="md" data-testid="offline-waiting" aria-live="polite">
            <Group gap="xs" wrap="nowrap" align="flex-start">
              <IconCloudUpload size={18} aria-hidden />
              <Stack gap={2} style={{ minWidth: 0 }}>
                <Text size="xs" c="dimmed" fw={600}>
                  {item.kind === 'comment'
                    ? t('offline.waitingComment')
                    : t('offline.waitingStatus', { status: t(`tickets.status.${item.body.to}`) })}
                </Text>
                {textOf(item) ? (
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                    {textOf(item)}
                  </Text>
                ) : null}
              </Stack>
            </Group>
          </Paper>
        ),
      )}
    </Stack>
  );
}
