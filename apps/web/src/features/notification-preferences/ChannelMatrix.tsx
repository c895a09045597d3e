import { NOTIFICATION_CHANNELS } from '@bantu/contracts';
import type { ChannelSet, NotificationChannel, NotificationKind } from '@bantu/contracts';
import { ActionIcon, Badge, Checkbox, Group, Table, Text, Tooltip } from '@mantine/core';
import { IconLock, IconLockOpen } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

export interface ChannelMatrixRow {
  kind: NotificationKind;
  channels: ChannelSet;
  locked: ChannelSet;
  /** The user chose for this event (else the organisation default applies). */
  custom?: boolean;
}

export interface ChannelMatrixProps {
  rows: ChannelMatrixRow[];
  onToggle: (kind: NotificationKind, channel: NotificationChannel, on: boolean) => void;
  /** Admin mode: each channel can also be locked on for everyone. */
  onToggleLock?: (kind: NotificationKind, channel: NotificationChannel, locked: boolean) => void;
  /** Shown under the WhatsApp header (e.g. "needs a number and opt-in"). */
  whatsappNote?: string;
  disabled?: boolean;
}

/** Event type x channel: one checkbox per cell; locked cells stay on (users) or carry a lock (admins). */
export function ChannelMatrix({ rows, onToggle, onToggleLock, whatsappNote, disabled }: ChannelMatrixProps) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={420}>
      <Table verticalSpacing="xs" striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('notificationPreferences.event')}</Table.Th>
            {NOTIFICATION_CHANNELS.map((channel) => (
              <Table.Th key={channel} ta="center">
                {t(`notificationPreferences.channels.${channel}`)}
                {channel === 'whatsapp' && whatsappNote ? (
                  <Text size="xs" c="dimmed" fw={400}>
                    {whatsappNote}
                  </Text>
                ) : null}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => {
            const event = t(`notificationPreferences.events.${row.kind}`);
            return (
              <Table.Tr key={row.kind} data-kind={row.kind}>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm">{event}</Text>
                    {row.custom ? (
                      <Badge size="xs" variant="light">
                        {t('notificationPreferences.custom')}
                      </Badge>
                    ) : null}
                  </Group>
                </Table.Td>
                {NOTIFICATION_CHANNELS.map((channel) => {
                  const label = `${event}: ${t(`notificationPreferences.channels.${channel}`)}`;
                  const locked = row.locked[channel];
                  return (
                    <Table.Td key={channel}>
                      <Group gap={4} justify="center" wrap="nowrap">
                        <Checkbox
                          aria-label={label}
                          checked={row.channels[channel]}
                          disabled={disabled || (locked && !onToggleLock)}
                          onChange={(e) => onToggle(row.kind, channel, e.currentTarget.checked)}
                        />
                        {onToggleLock ? (
                          <Tooltip
                            label={t(locked ? 'notificationPreferences.unlock' : 'notificationPreferences.lock')}
                          >
                            <ActionIcon
                              variant={locked ? 'light' : 'subtle'}
                              color={locked ? 'orange' : 'gray'}
                              size="sm"
                              aria-pressed={locked}
                              aria-label={`${label} – ${t('notificationPreferences.lock')}`}
                              disabled={disabled}
                              onClick={() => onToggleLock(row.kind, channel, !locked)}
                            >
                              {locked ? <IconLock size={14} /> : <IconLockOpen size={14} />}
                            </ActionIcon>
                          </Tooltip>
                        ) : locked ? (
                          <Tooltip label={t('notificationPreferences.lockedByAdmin')}>
                            <IconLock size={14} aria-label={t('notificationPreferences.lockedByAdmin')} />
                          </Tooltip>
                        ) : null}
                      </Group>
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
