import { REPORT_FREQUENCIES } from '@bantu/contracts';
import type { ReportFrequency } from '@bantu/contracts';
import { ActionIcon, Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { IconMailPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '@/lib/format';
import { notifyProblem, notifySuccess } from '@/ui/notify';
import { ProblemAlert } from '@/ui/ProblemAlert';
import type { ReportFilters } from './drillDown';
import { useReportSubscriptions, useSubscribe, useUnsubscribe } from './subscriptions.hooks';

export interface SubscriptionsPanelProps {
  /** The filters on screen: a new subscription keeps them. */
  filters: ReportFilters;
}

/** Daily, weekly or monthly report e-mails with the PDF and XLSX attached. */
export function SubscriptionsPanel({ filters }: SubscriptionsPanelProps) {
  const { t, i18n } = useTranslation();
  const list = useReportSubscriptions();
  const subscribe = useSubscribe();
  const unsubscribe = useUnsubscribe();
  const add = (frequency: ReportFrequency) =>
    subscribe.mutate(
      { frequency, filters },
      {
        onSuccess: () =>
          notifySuccess(
            t('reports.subscriptions.added', { frequency: t(`reports.subscriptions.frequency.${frequency}`) }),
          ),
        onError: (error) => notifyProblem(error),
      },
    );
  const filterCount = Object.values(filters).filter(Boolean).length;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={t('reports.subscriptions.title')}>
      <Title order={3} size="h5" mb={4}>
        {t('reports.subscriptions.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {filterCount > 0
          ? t('reports.subscriptions.textFiltered', { n: filterCount })
          : t('reports.subscriptions.text')}
      </Text>
      <Group gap="xs" mb="sm" wrap="wrap">
        {REPORT_FREQUENCIES.map((frequency) => (
          <Button
            key={frequency}
            variant="default"
            leftSection={<IconMailPlus size={16} />}
            onClick={() => add(frequency)}
            loading={subscribe.isPending && subscribe.variables?.frequency === frequency}
          >
            {t(`reports.subscriptions.subscribe.${frequency}`)}
          </Button>
        ))}
      </Group>
      {list.isError ? <ProblemAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.isPending ? <Loader size="sm" /> : null}
      <Stack gap={6} role="list" aria-label={t('reports.subscriptions.mine')}>
        {(list.data ?? []).map((s) => (
          <Group key={s.id} role="listitem" justify="space-between" wrap="nowrap" gap="xs">
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Text size="sm" fw={500}>
                {t(`reports.subscriptions.frequency.${s.frequency}`)}
                {Object.values(s.filters).some(Boolean) ? ` · ${t('reports.subscriptions.withFilters')}` : ''}
              </Text>
              <Text size="xs" c="dimmed">
                {s.lastSentAt
                  ? t('reports.subscriptions.lastSent', { time: formatDateTime(s.lastSentAt, i18n.language) })
                  : t('reports.subscriptions.notSent')}
              </Text>
            </Stack>
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={t('reports.subscriptions.remove', {
                frequency: t(`reports.subscriptions.frequency.${s.frequency}`),
              })}
              onClick={() => unsubscribe.mutate(s.id, { onError: (error) => notifyProblem(error) })}
              loading={unsubscribe.isPending && unsubscribe.variables === s.id}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}
