import { ActionIcon, Group, Paper, Progress, Stack, Text } from '@mantine/core';
import { IconCheck, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '@/lib/http';
import { problemMessage } from '@/ui/notify';
import type { UploadItem } from './attachments.hooks';
import { formatBytes } from './files';

export interface UploadProgressListProps {
  items: UploadItem[];
  onDismiss: (key: number) => void;
}

function useUploadError() {
  const { t } = useTranslation();
  return (error: unknown): { title: string; detail: string | null } => {
    if (isApiError(error)) {
      if (error.code === 'PAYLOAD_TOO_LARGE') return { title: t('attachments.tooLarge'), detail: error.detail ?? null };
      if (error.code === 'UNSUPPORTED_MEDIA_TYPE') {
        return { title: t('attachments.unsupportedType'), detail: error.detail ?? null };
      }
      if (error.code === 'NETWORK') return { title: t('attachments.uploadInterrupted'), detail: null };
    }
    return { title: t('attachments.uploadFailed'), detail: problemMessage(error) };
  };
}

/** One row per file being uploaded: name, size, progress, and why it failed. */
export function UploadProgressList({ items, onDismiss }: UploadProgressListProps) {
  const { t, i18n } = useTranslation();
  const describe = useUploadError();
  if (items.length === 0) return null;
  return (
    <Stack gap="xs" aria-label={t('attachments.uploads')} role="list">
      {items.map((item) => {
        const error = item.status === 'error' ? describe(item.error) : null;
        return (
          <Paper key={item.key} withBorder radius="sm" p="xs" role="listitem" data-upload-status={item.status}>
            <Group justify="space-between" gap="xs" wrap="nowrap">
              <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
                <Group gap={6} wrap="nowrap">
                  {item.status === 'done' ? <IconCheck size={14} color="var(--mantine-color-teal-6)" /> : null}
                  <Text size="sm" truncate>
                    {item.file.name}
                  </Text>
                  <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                    {formatBytes(item.file.size, i18n.language)}
                  </Text>
                </Group>
                {error ? (
                  <Text size="xs" c="red" role="alert" lineClamp={3} title={error.detail ?? undefined}>
                    {error.title}
                    {error.detail ? ` ${error.detail}` : ''}
                  </Text>
                ) : null}
              </Stack>
              {item.status === 'done' || item.status === 'error' ? (
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size="sm"
                  aria-label={t('attachments.dismiss', { name: item.file.name })}
                  onClick={() => onDismiss(item.key)}
                >
                  <IconX size={14} />
                </ActionIcon>
              ) : null}
            </Group>
            {item.status === 'uploading' || item.status === 'queued' ? (
              <Progress
                value={item.progress}
                size="sm"
                mt={6}
                animated={item.status === 'uploading'}
                aria-label={t('attachments.progress', { name: item.file.name })}
              />
            ) : null}
          </Paper>
        );
      })}
    </Stack>
  );
}
