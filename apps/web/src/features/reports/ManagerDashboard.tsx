import { HOME_AREA, can } from '@bantu/contracts';
import { Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '@/features/auth/auth.hooks';
import { ticketListHref } from '@/features/tickets/ticketListParams';
import { formatDateTime } from '@/lib/format';
import { PageHeader } from '@/ui/PageHeader';
import { ProblemAlert } from '@/ui/ProblemAlert';
import { DashboardCharts } from './DashboardCharts';
import { drillFilters } from './drillDown';
import type { DrillFigure, Span } from './drillDown';
import { FigureCards } from './FigureCards';
import type { CardFigure } from './FigureCards';
import { PeriodPicker } from './PeriodPicker';
import {
  useReportCategories,
  useReportPriorities,
  useReportStaff,
  useReportSummary,
  useReportTrends,
} from './reports.hooks';
import { ReportFilterPanel } from './ReportFilterFields';
import { useDivisionNames, useReportPeriod } from './useReportPeriod';
import { StaffTable } from './StaffTable';

/** The Manager Dashboard: headline figures, trends, backlog, categories and staff, all drillable. */
export function ManagerDashboard() {
  const { t, i18n } = useTranslation();
  const user = useCurrentUser();
  const { preset, range, today, ready, query, filters, setPeriod, setFilters } = useReportPeriod();
  const summary = useReportSummary(query, ready);
  const trends = useReportTrends(query, ready);
  const priorities = useReportPriorities(query, ready);
  const categories = useReportCategories(query, ready);
  const staff = useReportStaff(query, ready && can(user.role, 'staff_performance:view'));
  const divisions = useDivisionNames(query, ready);

  // The all-tickets list of the viewer's area: /manager/tickets, or /admin/tickets for admins.
  const list = `/${HOME_AREA[user.role]}/tickets`;
  const period: Span | undefined = summary.data
    ? { from: summary.data.period.from, to: summary.data.period.to }
    : undefined;
  const drill = (figure: DrillFigure, span: Span | undefined = period, extra = {}) =>
    span ? ticketListHref(list, drillFilters(figure, span, filters, extra)) : list;
  const cardFigure: Record<CardFigure, DrillFigure> = {
    created: 'created',
    resolved: 'resolved',
    backlog: 'backlog',
    resolutionSla: 'resolutionSlaMissed',
    firstResponseSla: 'firstResponseSlaMissed',
    resolutionTime: 'resolved',
    reopen: 'rejected',
    csat: 'rated',
  };
  const staffFilter = (id: string | null) => ({ assigneeId: id ?? 'none' });
  const error = summary.error ?? trends.error ?? priorities.error ?? categories.error ?? staff.error;

  return (
    <>
      <PageHeader
        title={t('reports.dashboard.title')}
        description={
          summary.data
            ? t('reports.dashboard.generated', {
                // In the zone it names: the report's days are that zone's days.
                time: formatDateTime(summary.data.generatedAt, i18n.language, summary.data.period.tz),
                tz: summary.data.period.tz,
              })
            : t('reports.dashboard.subtitle')
        }
      />
      <Stack gap="md">
        <ReportFilterPanel value={filters} onChange={setFilters} divisions={divisions}>
          <PeriodPicker preset={preset} range={range} today={today} onChange={setPeriod} />
        </ReportFilterPanel>
        {error ? <ProblemAlert error={error} onRetry={() => void summary.refetch()} /> : null}
        {summary.data ? <FigureCards summary={summary.data} hrefOf={(figure) => drill(cardFigure[figure])} /> : null}
        {summary.isPending ? (
          <Text c="dimmed" size="sm">
            {t('common.loading')}
          </Text>
        ) : null}
        <DashboardCharts
          trends={trends.data}
          priorities={priorities.data}
          categories={categories.data}
          loading={trends.isPending || priorities.isPending || categories.isPending}
          slaThreshold={summary.data?.slaThreshold ?? trends.data?.slaThreshold ?? 90}
          hrefs={{
            bucket: (kind, span) => drill(kind === 'slaMissed' ? 'resolutionSlaMissed' : kind, span),
            priorityBacklog: (priorityId) => drill('backlog', period, { priorityId }),
            categoryCreated: (categoryId) => drill('created', period, { categoryId }),
          }}
        />
        {can(user.role, 'staff_performance:view') ? (
          <Stack gap="xs" component="section" aria-label={t('reports.staff.title')}>
            <Title order={3} size="h4">
              {t('reports.staff.title')}
            </Title>
            <StaffTable
              rows={staff.data?.items ?? []}
              loading={staff.isPending}
              hrefs={{
                resolved: (id) => drill('resolved', period, staffFilter(id)),
                openLoad: (id) => drill('backlog', period, staffFilter(id)),
                slaMissed: (id) => drill('resolutionSlaMissed', period, staffFilter(id)),
              }}
            />
          </Stack>
        ) : null}
      </Stack>
    </>
  );
}
