import type {
  ComplianceFigure,
  DurationFigure,
  ReportFigures,
  ReportGroupResponse,
  ReportQueryParsed,
  ReportStaffResponse,
  ReportSummaryResponse,
  ReportTrendsResponse,
} from '@bantu/contracts';
import type { SettingsService } from '@/modules/settings/settings.service';
import type { ReportsService } from './reports.service';
import { exportLocale, formatDay, formatMoment, textFor, type ExportLocale, type ExportText } from './reports.i18n';
import type { ExportSource, ExportUser } from './reports.export';
import { writeReportPdf } from './reports.pdf';
import { inBatches, type Cell, type Column, type Table } from './reports.writers';

/** Everything one exported report shows: the metrics API's own answers for the period and filter. */
export interface ReportData {
  summary: ReportSummaryResponse;
  trends: ReportTrendsResponse;
  staff: ReportStaffResponse;
  categories: ReportGroupResponse;
  priorities: ReportGroupResponse;
  divisions: ReportGroupResponse;
}

/** Fetches a report through the metrics service (reports.service.ts). */
export type ReportFetcher = (q: ReportQueryParsed) => Promise<ReportData>;

/** What the header of a file says: organisation, period (in its time zone), when it was made. */
export interface ReportHeading {
  organization: string;
  title: string;
  period: string;
  generatedAt: string;
  locale: ExportLocale;
  t: ExportText;
}

const pct = (c: ComplianceFigure) => c.percent;
const avg = (d: DurationFigure) => (d.averageMinutes === null ? null : Math.round(d.averageMinutes * 10) / 10);
const med = (d: DurationFigure) => (d.medianMinutes === null ? null : Math.round(d.medianMinutes * 10) / 10);

export function unitLabel(t: ExportText, d: DurationFigure): string {
  return d.unit === 'business_minutes' ? t.businessMinutes : d.unit === 'minutes' ? t.minutes : `${t.minutes}*`;
}

/** The headline figures as (label, current, previous, unit) rows. */
export function summaryRows(t: ExportText, cur: ReportFigures, prev: ReportFigures): Cell[][] {
  return [
    [t.created, cur.created, prev.created, ''],
    [t.resolved, cur.resolved, prev.resolved, ''],
    [t.closed, cur.closed, prev.closed, ''],
    [t.backlog, cur.backlog, prev.backlog, ''],
    [t.slaCompliance, pct(cur.resolutionSla), pct(prev.resolutionSla), '%'],
    [t.firstResponseCompliance, pct(cur.firstResponseSla), pct(prev.firstResponseSla), '%'],
    [t.avgResolution, avg(cur.resolutionTime), avg(prev.resolutionTime), unitLabel(t, cur.resolutionTime)],
    [t.medianResolution, med(cur.resolutionTime), med(prev.resolutionTime), unitLabel(t, cur.resolutionTime)],
    [t.avgFirstResponse, avg(cur.firstResponseTime), avg(prev.firstResponseTime), unitLabel(t, cur.firstResponseTime)],
    [
      t.medianFirstResponse,
      med(cur.firstResponseTime),
      med(prev.firstResponseTime),
      unitLabel(t, cur.firstResponseTime),
    ],
    [t.reopenRate, cur.reopen.rate, prev.reopen.rate, '%'],
    [t.csatAverage, cur.csat.average, prev.csat.average, '1-5'],
    [t.csatCount, cur.csat.count, prev.csat.count, ''],
  ];
}

/** The report as tables: the same for CSV (sections) and XLSX (sheets). */
export function reportTables(data: ReportData, h: ReportHeading): Table[] {
  const { t } = h;
  const previousLabel = h.locale === 'id' ? 'Periode sebelumnya' : 'Previous period';
  const unit = h.locale === 'id' ? 'Satuan' : 'Unit';
  const groupColumns: Column[] = [
    { header: t.name, width: 28 },
    { header: t.created },
    { header: t.resolved },
    { header: t.closed },
    { header: t.backlog },
    { header: t.slaCompliance },
    { header: t.firstResponseCompliance },
    { header: t.avgResolution },
    { header: t.csatAverage },
  ];
  const groupRows = (g: ReportGroupResponse): Cell[][] =>
    g.items.map((r) => [
      r.name,
      r.created,
      r.resolved,
      r.closed,
      r.backlog,
      pct(r.resolutionSla),
      pct(r.firstResponseSla),
      avg(r.resolutionTime),
      r.csat.average,
    ]);
  return [
    {
      name: t.summary,
      columns: [
        { header: t.metric, width: 36 },
        { header: h.period, width: 24 },
        { header: previousLabel, width: 20 },
        { header: unit },
      ],
      rows: [summaryRows(t, data.summary.current, data.summary.previous)],
    },
    {
      name: t.trend,
      columns: [
        { header: t.bucket },
        { header: t.created },
        { header: t.resolved },
        { header: t.closed },
        { header: t.backlog },
        { header: t.slaCompliance },
        { header: t.firstResponseCompliance },
        { header: t.avgResolution },
      ],
      rows: inBatches(
        data.trends.buckets.map((b) => [
          b.label,
          b.created,
          b.resolved,
          b.closed,
          b.backlog,
          pct(b.resolutionSla),
          pct(b.firstResponseSla),
          avg(b.resolutionTime),
        ]),
      ),
    },
    {
      name: t.staff,
      columns: [
        { header: t.name, width: 28 },
        { header: t.assigned },
        { header: t.resolved },
        { header: t.openLoad },
        { header: t.avgResolution },
        { header: t.medianResolution },
        { header: t.slaCompliance },
        { header: t.firstResponseCompliance },
        { header: t.csatAverage },
        { header: t.csatCount },
      ],
      rows: inBatches(
        data.staff.items.map((s) => [
          s.staff?.name ?? '-',
          s.assigned,
          s.resolved,
          s.openLoad,
          avg(s.resolutionTime),
          med(s.resolutionTime),
          pct(s.resolutionSla),
          pct(s.firstResponseSla),
          s.csat.average,
          s.csat.count,
        ]),
      ),
    },
    { name: t.categories, columns: groupColumns, rows: inBatches(groupRows(data.categories)) },
    { name: t.priorities, columns: groupColumns, rows: inBatches(groupRows(data.priorities)) },
    { name: t.divisions, columns: groupColumns, rows: inBatches(groupRows(data.divisions)) },
  ];
}

/** "1 Nov 2026 – 30 Nov 2026" for a period [from, to) in its time zone (the last day shown inclusive). */
export function periodLabel(from: Date, to: Date, tz: string, locale: ExportLocale): string {
  const last = new Date(to.getTime() - 1);
  return `${formatDay(from, locale, tz)} – ${formatDay(last, locale, tz)}`;
}

/**
 * A report export source: fetches the metrics once (a handful of queries on the summary
 * tables), then renders them as tables or as a PDF.
 */
export function reportSourceFrom(fetch: ReportFetcher, organization: () => Promise<string>) {
  return async (user: ExportUser, params: Record<string, unknown>, now: Date): Promise<ExportSource> => {
    const q = params as unknown as ReportQueryParsed;
    const locale = exportLocale(user.locale);
    const t = textFor(locale);
    const [data, org] = await Promise.all([fetch(q), organization()]);
    const { period } = data.summary;
    const heading: ReportHeading = {
      organization: org,
      title: t.reportTitle,
      period: periodLabel(new Date(period.from), new Date(period.to), period.tz, locale),
      generatedAt: formatMoment(now, locale, period.tz),
      locale,
      t,
    };
    const fromDay = new Date(period.from).toLocaleDateString('en-CA', { timeZone: period.tz });
    const toDay = new Date(new Date(period.to).getTime() - 1).toLocaleDateString('en-CA', { timeZone: period.tz });
    const tables = () => reportTables(data, heading);
    return {
      fileBase: `${t.reportFile}-${fromDay}_${toDay}`,
      rowCount:
        data.trends.buckets.length +
        data.staff.items.length +
        data.categories.items.length +
        data.priorities.items.length +
        data.divisions.items.length +
        13,
      tables,
      writePdf: (filePath) => writeReportPdf(data, heading, filePath),
    };
  };
}

/** The metrics service's answers for one query, fetched together. */
export function metricsFetcher(service: ReportsService): ReportFetcher {
  return async (q) => {
    const [summary, trends, staff, categories, priorities, divisions] = await Promise.all([
      service.summary(q),
      service.trends(q),
      service.staff(q),
      service.categories(q),
      service.priorities(q),
      service.divisions(q),
    ]);
    return { summary, trends, staff, categories, priorities, divisions };
  };
}

/**
 * The report export source of the app and the worker: metrics from the read database, the
 * organisation's name and time zone from the settings.
 */
export function defaultReportSource(settings: SettingsService, reports: ReportsService) {
  const organization = async () => {
    const s = await settings.get();
    return { name: s.organizationName, timeZone: s.timezone };
  };
  return {
    organization,
    source: reportSourceFrom(metricsFetcher(reports), async () => (await organization()).name),
  };
}
