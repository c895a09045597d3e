import { ActionIcon, Group, Paper, Stack, Text } from '@mantine/core';
import { IconFile, IconPhoto, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatBytes } from './files';

export interface StagedFilesProps {
  files: File[];
  onRemove: (index: number) => void;
}

/** Files chosen to go with a new ticket or a reply, before they are sent. */
export function StagedFiles({ files, onRemove }: StagedFilesProps) {
  const { t, i18n } = useTranslation();
  if (files.length === 0) return null;
  return (
    <Stack gap={4} role="list" aria-label={t('attachments.staged')}>
      {files.map((file, index) => (
        <Paper key={`${file.name}-${file.size}-${index}`} withBorder radius="sm" px="xs" py={4} role="listitem">
          <Group gap="xs" wrap="nowrap" justify="space-between">
            <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
              {file.type.startsWith('image/') ? (
                <IconPhoto size={16} aria-hidden />
              ) : (
                <IconFile size={16} aria-hidden />
              )}
              <Text size="sm" truncate>
                {file.name}
              </Text>
              <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                {formatBytes(file.size, i18n.language)}
              </Text>
            </Group>
            <ActionIcon
              variant="subtle"
              color="gray"
              size="sm"
              aria-label={t('attachments.remove', { name: file.name })}
              onClick={() => onRemove(index)}
            >
              <IconX size={14} />
            </ActionIcon>
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}
