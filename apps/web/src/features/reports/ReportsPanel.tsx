import { can } from '@bantu/contracts';
import { Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '@/features/auth/auth.hooks';
import { ExportButtons } from '@/features/exports/ExportButtons';
import { PageHeader } from '@/ui/PageHeader';
import { ProblemAlert } from '@/ui/ProblemAlert';
import { FigureCards } from './FigureCards';
import { useDivisionNames, useReportPeriod } from './useReportPeriod';
import { PeriodPicker } from './PeriodPicker';
import { ReportFilterPanel } from './ReportFilterFields';
import { useReportSummary } from './reports.hooks';
import { SubscriptionsPanel } from './SubscriptionsPanel';
import { endpoints } from '@/lib/http';

/** Reports: a period (daily, weekly, monthly or custom) and filters, exported as CSV, XLSX or PDF. */
export function ReportsPanel() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const { preset, range, today, ready, query, filters, setPeriod, setFilters } = useReportPeriod();
  const summary = useReportSummary(query, ready);
  const divisions = useDivisionNames(query, ready);
  return (
    <>
      <PageHeader title={t('reports.page.title')} description={t('reports.page.subtitle')} />
      <Stack gap="md">
        <Paper withBorder radius="md" p="md">
          <Stack gap="sm">
            <ReportFilterPanel value={filters} onChange={setFilters} divisions={divisions}>
              <PeriodPicker preset={preset} range={range} today={today} onChange={setPeriod} />
            </ReportFilterPanel>
          </Stack>
        </Paper>
        {can(user.role, 'report:export') ? (
          <Paper withBorder radius="md" p="md" component="section" aria-label={t('reports.page.exportTitle')}>
            <Title order={3} size="h5" mb={4}>
              {t('reports.page.exportTitle')}
            </Title>
            <Text size="sm" c="dimmed" mb="xs">
              {t('reports.page.exportText')}
            </Text>
            <List size="sm" c="dimmed" mb="sm" spacing={2}>
              <List.Item>{t('reports.page.csv')}</List.Item>
              <List.Item>{t('reports.page.xlsx')}</List.Item>
              <List.Item>{t('reports.page.pdf')}</List.Item>
            </List>
            <Group>
              <ExportButtons
                endpoint={endpoints.exportReport}
                formats={['csv', 'xlsx', 'pdf']}
                query={{ ...query }}
                fallbackName={`report-${range.from}-${range.to}`}
              />
            </Group>
          </Paper>
        ) : null}
        {can(user.role, 'report:export') ? <SubscriptionsPanel filters={filters} /> : null}
        {summary.isError ? <ProblemAlert error={summary.error} onRetry={() => void summary.refetch()} /> : null}
        {summary.data ? <FigureCards summary={summary.data} hrefOf={() => undefined} /> : null}
      </Stack>
    </>
  );
}
