import { ActionIcon, Group, Paper, Stack, Text } from '@mantine/core';
import { IconBan, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatBytes } from './files';
import type { RejectedFile } from './uploadLimits';

export interface RejectedFilesProps {
  items: RejectedFile[];
  maxBytes: number | null;
  onDismiss: (key: number) => void;
}

/** Files refused in the browser (too large, or a type the organisation does not allow). */
export function RejectedFiles({ items, maxBytes, onDismiss }: RejectedFilesProps) {
  const { t, i18n } = useTranslation();
  if (items.length === 0) return null;
  const size = (bytes: number) => formatBytes(bytes, i18n.language);
  return (
    <Stack gap={4} role="list" aria-label={t('attachments.refused')}>
      {items.map(({ key, file, reason }) => (
        <Paper key={key} withBorder radius="sm" px="xs" py={6} role="listitem" data-rejected={reason}>
          <Group gap="xs" wrap="nowrap" justify="space-between" align="flex-start">
            <Group gap={6} wrap="nowrap" align="flex-start" style={{ minWidth: 0 }}>
              <IconBan
                size={16}
                color="var(--mantine-color-red-6)"
                aria-hidden
                style={{ flexShrink: 0, marginTop: 2 }}
              />
              <Text size="sm" c="red" role="alert" style={{ overflowWrap: 'anywhere' }}>
                {reason === 'tooLarge'
                  ? t('attachments.refusedTooLarge', {
                      name: file.name,
                      size: size(file.size),
                      max: maxBytes === null ? '-' : size(maxBytes),
                    })
                  : t('attachments.refusedType', { name: file.name, type: file.type })}
              </Text>
            </Group>
            <ActionIcon
              variant="subtle"
              color="gray"
              size="sm"
              aria-label={t('attachments.dismiss', { name: file.name })}
              onClick={() => onDismiss(key)}
            >
              <IconX size={14} />
            </ActionIcon>
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}
