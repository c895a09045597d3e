import { ActionIcon, Button, Group, Paper, Progress, Stack, Text } from '@mantine/core';
import { IconDownload, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatBytes } from '@/features/attachments/files';
import type { QueryValue } from '@/lib/http';
import { useExport } from './useExport';
import type { ExportEndpoint, ExportFormat } from './useExport';

export interface ExportButtonsProps {
  /** The export endpoint, e.g. endpoints.exportTickets. */
  endpoint: ExportEndpoint;
  formats: readonly ExportFormat[];
  /** The filters and period of what is on screen; `format` is added per button. */
  query: Record<string, QueryValue>;
  /** Used when the server names no file. */
  fallbackName: string;
}

/** One button per format; while a file downloads, a progress bar with what arrived so far. */
export function ExportButtons({ endpoint, formats, query, fallbackName }: ExportButtonsProps) {
  const { t, i18n } = useTranslation();
  const exporter = useExport();
  const { state } = exporter;
  const busy = state.phase === 'running';
  const percent = state.total > 0 ? Math.min(100, Math.round((state.loaded / state.total) * 100)) : null;
  const size = formatBytes(state.loaded, i18n.language);

  return (
    <Stack gap={6} style={{ minWidth: 0 }}>
      <Group gap="xs" wrap="wrap">
        {formats.map((format) => (
          <Button
            key={format}
            variant="default"
            leftSection={<IconDownload size={16} />}
            onClick={() => exporter.start({ endpoint, format, query, fallbackName })}
            loading={busy && state.format === format}
            disabled={busy && state.format !== format}
          >
            {t('exports.button', { format: format.toUpperCase() })}
          </Button>
        ))}
      </Group>
      {state.phase !== 'idle' && state.phase !== 'failed' ? (
        <Paper withBorder radius="md" p="xs" data-testid="export-progress" data-state={state.phase} maw={420}>
          <Group gap="xs" wrap="nowrap" align="center">
            <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
              <Progress
                value={state.phase === 'done' ? 100 : (percent ?? 100)}
                animated={state.phase === 'running' && percent === null}
                striped={state.phase === 'running' && percent === null}
                color={state.phase === 'done' ? 'teal' : 'blue'}
                aria-label={t('exports.progressLabel', { format: (state.format ?? '').toUpperCase() })}
                transitionDuration={150}
              />
              <Text size="xs" c="dimmed" aria-live="polite" truncate>
                {state.phase === 'done'
                  ? t('exports.done', { name: state.filename ?? '', size })
                  : percent !== null
                    ? t('exports.progressPercent', { percent, size })
                    : t('exports.progressBytes', { size })}
              </Text>
            </Stack>
            {busy ? (
              <ActionIcon variant="subtle" color="gray" onClick={exporter.cancel} aria-label={t('exports.cancel')}>
                <IconX size={16} />
              </ActionIcon>
            ) : (
              <ActionIcon variant="subtle" color="gray" onClick={exporter.dismiss} aria-label={t('common.close')}>
                <IconX size={16} />
              </ActionIcon>
            )}
          </Group>
        </Paper>
      ) : null}
    </Stack>
  );
}
