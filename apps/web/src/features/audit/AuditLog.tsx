import '@mantine/dates/styles.css';
import 'dayjs/locale/id';
import 'dayjs/locale/en-gb';
import { AUDIT_ACTIONS, type AuditEventResponse } from '@bantu/contracts';
import { Button, Group, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { DatePickerInput, DatesProvider } from '@mantine/dates';
import { IconArrowRight, IconCalendar, IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UserPicker } from '@/features/users/UserPicker';
import { downloadWithProgress, saveBlob, endpoints } from '@/lib/http';
import { notifyProblem } from '@/ui/notify';
import { LoadMore } from '@/ui/LoadMore';
import { useAuditLog, type AuditFilters } from './audit.hooks';

const show = (value: unknown) =>
  value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value);
const asRecord = (value: unknown): Record<string, unknown> | null =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;

/** Before and after as one line per field that is in either ("role: it_staff → user"). */
export function changedFields(before: unknown, after: unknown) {
  const b = asRecord(before);
  const a = asRecord(after);
  if ((before != null && !b) || (after != null && !a))
    return [{ key: '', before: show(before ?? undefined), after: show(after ?? undefined) }];
  const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])];
  return keys.map((key) => ({
    key,
    before: b ? show(b[key]) : null,
    after: a ? show(a[key]) : null,
  }));
}

function Change({ before, after }: { before: unknown; after: unknown }) {
  const rows = changedFields(before, after);
  if (rows.length === 0) return null;
  return (
    <Stack gap={2}>
      {rows.map((row) => (
        <Group key={row.key} gap={4} wrap="nowrap" align="baseline">
          {row.key ? (
            <Text size="xs" fw={600} ff="monospace">
              {row.key}
            </Text>
          ) : null}
          {row.before !== null ? (
            <Text size="xs" c="dimmed" td={row.after !== null ? 'line-through' : undefined} ff="monospace">
              {row.before}
            </Text>
          ) : null}
          {row.before !== null && row.after !== null ? <IconArrowRight size={12} aria-hidden /> : null}
          {row.after !== null ? (
            <Text size="xs" ff="monospace">
              {row.after}
            </Text>
          ) : null}
        </Group>
      ))}
    </Stack>
  );
}

/** A day (YYYY-MM-DD) at local midnight, as the instant the API filters by. */
const dayStart = (day: string, plusDays = 0) => {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y!, m! - 1, d! + plusDays).toISOString();
};

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
        <Change before={event.before} after={event.after} />
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * The audit log for admins: filter by action, by who did it and by days; newest first, more on
 * demand, CSV of the same filter.
 */
export function AuditLog() {
  const { t, i18n } = useTranslation();
  const [filters, setFilters] = useState<AuditFilters>({});
  const [days, setDays] = useState<[string | null, string | null]>([null, null]);
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
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label={t('audit.action')}
          placeholder={t('audit.allActions')}
          clearable
          searchable
          data={AUDIT_ACTIONS.map((a) => ({ value: a, label: t(`audit.actions.${a}`, { defaultValue: a }) }))}
          value={filters.action ?? null}
          onChange={(value) => setFilters((f) => ({ ...f, action: AUDIT_ACTIONS.find((a) => a === value) }))}
          w={{ base: '100%', sm: 300 }}
        />
        <UserPicker
          everyone
          label={t('audit.actor')}
          placeholder={t('audit.anyone')}
          value={filters.actorId ?? null}
          onChange={(id) => setFilters((f) => ({ ...f, actorId: id ?? undefined }))}
          w={{ base: '100%', sm: 300 }}
        />
        <DatesProvider settings={{ locale: i18n.language === 'en' ? 'en-gb' : 'id', firstDayOfWeek: 1 }}>
          <DatePickerInput
            type="range"
            label={t('audit.days')}
            placeholder={t('audit.anyDay')}
            leftSection={<IconCalendar size={16} />}
            value={days}
            valueFormat="D MMM YYYY"
            allowSingleDateInRange
            clearable
            onChange={(value) => {
              const from = value[0] ? String(value[0]).slice(0, 10) : null;
              const to = value[1] ? String(value[1]).slice(0, 10) : null;
              setDays([from, to]);
              // A half-chosen range filters nothing yet; a cleared one filters nothing.
              if (from && to) setFilters((f) => ({ ...f, from: dayStart(from), to: dayStart(to, 1) }));
              else if (!from) setFilters((f) => ({ ...f, from: undefined, to: undefined }));
            }}
            w={{ base: '100%', sm: 280 }}
          />
        </DatesProvider>
      </Group>
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
