import type { AttachmentResponse } from '@bantu/contracts';
import { ActionIcon, Anchor, Badge, Group, Image, Paper, Stack, Text, ThemeIcon, Tooltip } from '@mantine/core';
import {
  IconDownload,
  IconFile,
  IconFileSpreadsheet,
  IconFileText,
  IconFileTypePdf,
  IconFileZip,
  IconPhoto,
  IconTrash,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '@/lib/format';
import { formatBytes } from './files';

function FileIcon({ type }: { type: string }) {
  const size = 22;
  if (type.startsWith('image/')) return <IconPhoto size={size} />;
  if (type === 'application/pdf') return <IconFileTypePdf size={size} />;
  if (type.includes('zip') || type.includes('7z')) return <IconFileZip size={size} />;
  if (type.includes('spreadsheet') || type.includes('excel') || type === 'text/csv') {
    return <IconFileSpreadsheet size={size} />;
  }
  if (type.startsWith('text/') || type.includes('word')) return <IconFileText size={size} />;
  return <IconFile size={size} />;
}

export interface AttachmentListProps {
  attachments: AttachmentResponse[];
  onDelete?: (attachment: AttachmentResponse) => void;
  /** Smaller rows without uploader and date, e.g. under a comment. */
  compact?: boolean;
}

/** Files with a preview (images) or an icon, name, size, who added them, and a download link. */
export function AttachmentList({ attachments, onDelete, compact = false }: AttachmentListProps) {
  const { t, i18n } = useTranslation();
  if (attachments.length === 0) return null;
  return (
    <Stack gap="xs" role="list" aria-label={t('attachments.title')}>
      {attachments.map((file) => (
        <Paper
          key={file.id}
          withBorder
          radius="sm"
          p={compact ? 4 : 'xs'}
          role="listitem"
          bg={file.isInternal ? 'var(--mantine-color-yellow-0)' : undefined}
        >
          <Group gap="sm" wrap="nowrap" align="center">
            <a
              href={file.downloadUrl}
              target="_blank"
              rel="noopener noreferrer"
              aria-label={t('attachments.open', { name: file.fileName })}
              style={{ display: 'block', flexShrink: 0, lineHeight: 0 }}
            >
              {file.thumbnailUrl ? (
                <Image
                  src={file.thumbnailUrl}
                  alt={t('attachments.thumbnailOf', { name: file.fileName })}
                  w={compact ? 36 : 48}
                  h={compact ? 36 : 48}
                  radius="sm"
                  fit="cover"
                />
              ) : (
                <ThemeIcon variant="light" color="gray" size={compact ? 36 : 48} radius="sm">
                  <FileIcon type={file.fileType} />
                </ThemeIcon>
              )}
            </a>
            <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
              <Anchor href={file.downloadUrl} target="_blank" rel="noopener noreferrer" size="sm" truncate="end">
                {file.fileName}
              </Anchor>
              <Text size="xs" c="dimmed" truncate="end">
                {formatBytes(file.fileSize, i18n.language)}
              </Text>
              {compact ? null : (
                <Text size="xs" c="dimmed" truncate="end">
                  {t('attachments.meta', {
                    name: file.uploadedBy.name,
                    time: formatDateTime(file.createdAt, i18n.language),
                  })}
                </Text>
              )}
              {file.isInternal && !compact ? (
                <Badge color="yellow" variant="light" size="xs" mt={2}>
                  {t('tickets.comments.internalLabel')}
                </Badge>
              ) : null}
            </Stack>
            <Group gap={2} wrap="nowrap">
              <Tooltip label={t('attachments.download')} withArrow openDelay={300}>
                <ActionIcon
                  component="a"
                  href={file.downloadUrl}
                  download={file.fileName}
                  variant="subtle"
                  color="gray"
                  aria-label={t('attachments.downloadNamed', { name: file.fileName })}
                >
                  <IconDownload size={16} />
                </ActionIcon>
              </Tooltip>
              {file.canDelete && onDelete ? (
                <Tooltip label={t('common.delete')} withArrow openDelay={300}>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={t('common.deleteNamed', { name: file.fileName })}
                    onClick={() => onDelete(file)}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Tooltip>
              ) : null}
            </Group>
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}
