import '@mantine/charts/styles.css';
import type { ReportGranularity, ReportGroupResponse, ReportTrendsResponse } from '@bantu/contracts';
import { BarChart, LineChart } from '@mantine/charts';
import { Center, Loader, Paper, SimpleGrid, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useNavigate } from '@/lib/router';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '@/lib/format';
import type { Span } from './drillDown';
import { dateTimeFormat } from '@/lib/format';

/** A bucket label (YYYY-MM-DD, or YYYY-MM for months) as people read it: "3 Des", "Des 2026". */
export function bucketLabel(label: string, granularity: ReportGranularity, locale: string): string {
  const date = new Date(`${label.length === 7 ? `${label}-01` : label}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return label;
  const options: Intl.DateTimeFormatOptions =
    granularity === 'month' ? { month: 'short', year: 'numeric' } : { day: 'numeric', month: 'short' };
  return dateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(date);
}

function ChartCard({ title, hint, children, id }: { title: string; hint?: string; children: ReactNode; id: string }) {
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={title} data-chart={id} miw={0}>
      <Title order={3} size="h5">
        {title}
      </Title>
      {hint ? (
        <Text size="xs" c="dimmed" mb="sm">
          {hint}
        </Text>
      ) : null}
      {children}
    </Paper>
  );
}

function Empty({ loading }: { loading: boolean }) {
  const { t } = useTranslation();
  return (
    <Center h={240}>
      {loading ? (
        <Loader size="sm" />
      ) : (
        <Text c="dimmed" size="sm">
          {t('reports.charts.noData')}
        </Text>
      )}
    </Center>
  );
}

export interface DashboardChartsProps {
  trends: ReportTrendsResponse | undefined;
  priorities: ReportGroupResponse | undefined;
  categories: ReportGroupResponse | undefined;
  loading: boolean;
  slaThreshold: number;
  /** Where the tickets behind a bar or point are listed. */
  hrefs: {
    bucket: (kind: 'created' | 'resolved' | 'slaMissed', span: Span) => string;
    priorityBacklog: (priorityId: string) => string;
    categoryCreated: (categoryId: string) => string;
  };
}

const HEIGHT = 240;

/** Created vs resolved, SLA compliance against its threshold, backlog by priority, categories. */
export function DashboardCharts({
  trends,
  priorities,
  categories,
  loading,
  slaThreshold,
  hrefs,
}: DashboardChartsProps) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const go = (href: string) => void navigate(href);
  const buckets = trends?.buckets ?? [];
  const granularity = trends?.granularity ?? 'day';
  const trendData = buckets.map((b) => ({
    label: bucketLabel(b.label, granularity, i18n.language),
    created: b.created,
    resolved: b.resolved,
    sla: b.resolutionSla.percent,
  }));
  const priorityRows = [...(priorities?.items ?? [])].sort((a, b) => (a.level ?? 99) - (b.level ?? 99));
  const categoryRows = [...(categories?.items ?? [])]
    .filter((row) => row.created > 0)
    .sort((a, b) => b.created - a.created)
    .slice(0, 10);
  const spanOf = (index: number): Span | null => {
    const b = buckets[index];
    return b ? { from: b.start, to: b.end } : null;
  };
  const valueFormatter = (v: number) => formatNumber(v, i18n.language, 0);

  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
      <ChartCard id="trend" title={t('reports.charts.trend')} hint={t('reports.charts.clickHint')}>
        {trendData.length === 0 ? (
          <Empty loading={loading} />
        ) : (
          <BarChart
            h={HEIGHT}
            data={trendData}
            dataKey="label"
            withLegend
            legendProps={{ verticalAlign: 'bottom', height: 36 }}
            series={[
              { name: 'created', label: t('reports.figures.created'), color: 'blue.6' },
              { name: 'resolved', label: t('reports.figures.resolved'), color: 'teal.6' },
            ]}
            valueFormatter={valueFormatter}
            yAxisProps={{ allowDecimals: false }}
            tickLine="y"
            barProps={(series) => ({
              cursor: 'pointer',
              onClick: (_data, index) => {
                const span = spanOf(index);
                if (span) go(hrefs.bucket(series.name === 'created' ? 'created' : 'resolved', span));
              },
            })}
          />
        )}
      </ChartCard>

      <ChartCard
        id="sla"
        title={t('reports.charts.sla')}
        hint={t('reports.charts.slaHint', { threshold: slaThreshold })}
      >
        {trendData.length === 0 ? (
          <Empty loading={loading} />
        ) : (
          <LineChart
            h={HEIGHT}
            data={trendData}
            dataKey="label"
            series={[{ name: 'sla', label: t('reports.figures.resolutionSla'), color: 'indigo.6' }]}
            connectNulls
            unit="%"
            yAxisProps={{ domain: [0, 100] }}
            valueFormatter={(v) => `${formatNumber(v, i18n.language, 1)}`}
            referenceLines={[
              { y: slaThreshold, label: t('reports.charts.threshold', { value: slaThreshold }), color: 'red.6' },
            ]}
            lineChartProps={{
              onClick: (state) => {
                const span = spanOf(Number(state.activeIndex));
                if (span) go(hrefs.bucket('slaMissed', span));
              },
              style: { cursor: 'pointer' },
            }}
          />
        )}
      </ChartCard>

      <ChartCard id="backlog" title={t('reports.charts.backlog')} hint={t('reports.charts.clickHint')}>
        {priorityRows.length === 0 ? (
          <Empty loading={loading} />
        ) : (
          <BarChart
            h={HEIGHT}
            data={priorityRows.map((row) => ({ name: row.name, backlog: row.backlog }))}
            dataKey="name"
            series={[{ name: 'backlog', label: t('reports.figures.backlog'), color: 'orange.6' }]}
            valueFormatter={valueFormatter}
            yAxisProps={{ allowDecimals: false }}
            barProps={{
              cursor: 'pointer',
              onClick: (_data, index) => {
                const row = priorityRows[index];
                if (row) go(hrefs.priorityBacklog(row.key));
              },
            }}
          />
        )}
      </ChartCard>

      <ChartCard id="categories" title={t('reports.charts.categories')} hint={t('reports.charts.clickHint')}>
        {categoryRows.length === 0 ? (
          <Empty loading={loading} />
        ) : (
          <BarChart
            h={Math.max(HEIGHT, categoryRows.length * 30)}
            data={categoryRows.map((row) => ({ name: row.name, created: row.created }))}
            dataKey="name"
            orientation="vertical"
            yAxisProps={{ width: 110 }}
            xAxisProps={{ allowDecimals: false }}
            series={[{ name: 'created', label: t('reports.figures.created'), color: 'blue.6' }]}
            valueFormatter={valueFormatter}
            barProps={{
              cursor: 'pointer',
              onClick: (_data, index) => {
                const row = categoryRows[index];
                if (row) go(hrefs.categoryCreated(row.key));
              },
            }}
          />
        )}
      </ChartCard>
    </SimpleGrid>
  );
}
