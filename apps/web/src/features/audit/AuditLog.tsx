import { AUDIT_ACTIONS, endpoints, type AuditEventResponse } from '@bantu/contracts';
import { Button, Code, Group, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadWithProgress, saveBlob } from '@/lib/http';
import { notifyProblem } from '@/ui/notify';
import { LoadMore } from '@/ui/LoadMore';
import { useAuditLog, type AuditFilters } from './audit.hooks';

const change = (value: unknown) => (value == null ? '' : JSON.stringify(value));

function Row({ event }: { event: AuditEventResponse }) {
  const { t, i18n } = useTranslation();
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm">{new Date(event.occurredAt).toLocaleString(i18n.language)}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" fw={500}>
          {t(`audit.actions.${event.action}`, { defaultValue: event.action })}
        </Text>
        <Text size="xs" c="dimmed">
          {event.action}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{event.actorName ?? event.actorEmail ?? '—'}</Text>
        {event.actorName && event.actorEmail ? (
          <Text size="xs" c="dimmed">
            {event.actorEmail}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <Text size="xs">{event.ip ?? '—'}</Text>
        <Text size="xs" c="dimmed" lineClamp={1} title={event.userAgent ?? ''}>
          {event.userAgent ?? ''}
        </Text>
      </Table.Td>
      <Table.Td>
        {event.before != null ? <Code block>{change(event.before)}</Code> : null}
        {event.after != null ? <Code block>{change(event.after)}</Code> : null}
      </Table.Td>
    </Table.Tr>
  );
}

/** The audit log for admins: filter by action, newest first, more on demand, CSV of the filter. */
export function AuditLog() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<AuditFilters>({});
  const log = useAuditLog(filters);
  const [exporting, setExporting] = useState(false);
  const events = log.data?.pages.flatMap((p) => p.items) ?? [];

  const exportCsv = () => {
    setExporting(true);
    downloadWithProgress(endpoints.exportAudit, { query: { ...filters } })
      .then((result) => {
        if (result.kind === 'file') saveBlob(result.blob, result.filename ?? 'audit-log.csv');
      })
      .catch(notifyProblem)
      .finally(() => setExporting(false));
  };

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>{t('audit.title')}</Title>
        <Button leftSection={<IconDownload size={16} />} variant="light" loading={exporting} onClick={exportCsv}>
          {t('audit.exportCsv')}
        </Button>
      </Group>
      <Select
        label={t('audit.action')}
        placeholder={t('audit.allActions')}
        clearable
        searchable
        data={AUDIT_ACTIONS.map((a) => ({ value: a, label: t(`audit.actions.${a}`, { defaultValue: a }) }))}
        value={filters.action ?? null}
        onChange={(value) => setFilters((f) => ({ ...f, action: value ?? undefined }))}
        maw={360}
      />
      <Paper withBorder radius="md">
        <Table.ScrollContainer minWidth={800}>
          <Table striped verticalSpacing="xs" data-testid="audit-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('audit.when')}</Table.Th>
                <Table.Th>{t('audit.action')}</Table.Th>
                <Table.Th>{t('audit.actor')}</Table.Th>
                <Table.Th>{t('audit.client')}</Table.Th>
                <Table.Th>{t('audit.change')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {events.map((event) => (
                <Row key={event.id} event={event} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {!log.isPending && events.length === 0 ? (
          <Text p="md" c="dimmed">
            {t('audit.empty')}
          </Text>
        ) : null}
      </Paper>
      <LoadMore list={log} label={t('audit.more')} variant="subtle" centered={false} />
    </Stack>
  );
}
