import fs from 'node:fs';
import { once } from 'node:events';
import type { ReportData, ReportHeading } from './reports.report';
import { summaryRows } from './reports.report';

/**
 * DejaVu Sans (Debian's fonts-dejavu-core; scripts/test.mjs installs it, a production image must
 * too) covers Indonesian and English text and symbols such as "–" and "≥". Without it the PDF
 * falls back to the built-in Helvetica (Latin-1 only, still fine for both languages' letters).
 */
const FONT_DIR = '/usr/share/fonts/truetype/dejavu';
const FONTS = { regular: `${FONT_DIR}/DejaVuSans.ttf`, bold: `${FONT_DIR}/DejaVuSans-Bold.ttf` };

const COLORS = { created: '#1c7ed6', resolved: '#37b24d', sla: '#f08c00', threshold: '#e03131', grid: '#dee2e6' };

type Doc = PDFKit.PDFDocument;

interface Series {
  name: string;
  color: string;
  values: (number | null)[];
}

function fontsOf(doc: Doc) {
  const haveDejaVu = fs.existsSync(FONTS.regular) && fs.existsSync(FONTS.bold);
  if (haveDejaVu) {
    doc.registerFont('body', FONTS.regular);
    doc.registerFont('bold', FONTS.bold);
    return { body: 'body', bold: 'bold' };
  }
  return { body: 'Helvetica', bold: 'Helvetica-Bold' };
}

const fmt = (v: number | null | undefined, locale: string) =>
  v === null || v === undefined ? '–' : new Intl.NumberFormat(locale === 'id' ? 'id-ID' : 'en-GB').format(v);

/**
 * A line chart drawn with pdfkit's vector operations: axes, horizontal grid with labels, one
 * polyline with markers per series (gaps where a value is null), an optional dashed threshold.
 */
function lineChart(
  doc: Doc,
  fonts: { body: string; bold: string },
  box: { x: number; y: number; w: number; h: number },
  chart: {
    title: string;
    labels: string[];
    series: Series[];
    yMax?: number;
    threshold?: { value: number; label: string };
  },
) {
  const { x, y, w, h } = box;
  doc.font(fonts.bold).fontSize(11).fillColor('#212529').text(chart.title, x, y, { width: w });
  // Legend
  let lx = x;
  const ly = y + 18;
  doc.font(fonts.body).fontSize(8);
  for (const s of [
    ...chart.series,
    ...(chart.threshold ? [{ name: chart.threshold.label, color: COLORS.threshold }] : []),
  ]) {
    doc.rect(lx, ly + 1, 10, 6).fill(s.color);
    doc.fillColor('#495057').text(s.name, lx + 14, ly, { lineBreak: false });
    lx += 14 + doc.widthOfString(s.name) + 16;
  }
  const plot = { x: x + 34, y: y + 36, w: w - 44, h: h - 60 };
  const all = chart.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const rawMax = chart.yMax ?? Math.max(1, ...all, chart.threshold?.value ?? 0);
  const step = niceStep(rawMax / 4);
  const yMax = chart.yMax ?? Math.ceil(rawMax / step) * step;
  const ticks = chart.yMax
    ? [0, 25, 50, 75, 100]
    : Array.from({ length: Math.round(yMax / step) + 1 }, (_, i) => i * step);
  const yOf = (v: number) => plot.y + plot.h - (v / yMax) * plot.h;
  doc.lineWidth(0.5);
  for (const tick of ticks) {
    doc
      .strokeColor(COLORS.grid)
      .moveTo(plot.x, yOf(tick))
      .lineTo(plot.x + plot.w, yOf(tick))
      .stroke();
    doc
      .fillColor('#868e96')
      .fontSize(7)
      .text(String(tick), x, yOf(tick) - 3, { width: 30, align: 'right', lineBreak: false });
  }
  doc.strokeColor('#868e96').lineWidth(0.8);
  doc
    .moveTo(plot.x, plot.y)
    .lineTo(plot.x, plot.y + plot.h)
    .lineTo(plot.x + plot.w, plot.y + plot.h)
    .stroke();
  const n = chart.labels.length;
  const xOf = (i: number) => (n <= 1 ? plot.x + plot.w / 2 : plot.x + (i / (n - 1)) * plot.w);
  const every = Math.max(1, Math.ceil(n / 8));
  for (let i = 0; i < n; i += every) {
    doc
      .fillColor('#868e96')
      .fontSize(7)
      .text(chart.labels[i]!, xOf(i) - 30, plot.y + plot.h + 4, { width: 60, align: 'center', lineBreak: false });
  }
  if (chart.threshold) {
    doc
      .strokeColor(COLORS.threshold)
      .lineWidth(1)
      .dash(4, { space: 3 })
      .moveTo(plot.x, yOf(chart.threshold.value))
      .lineTo(plot.x + plot.w, yOf(chart.threshold.value))
      .stroke()
      .undash();
  }
  for (const s of chart.series) {
    doc.strokeColor(s.color).fillColor(s.color).lineWidth(1.5);
    let drawing = false;
    s.values.forEach((v, i) => {
      if (v === null) {
        drawing = false;
        return;
      }
      if (drawing) doc.lineTo(xOf(i), yOf(v));
      else doc.moveTo(xOf(i), yOf(v));
      drawing = true;
    });
    doc.stroke();
    s.values.forEach((v, i) => {
      if (v !== null) doc.circle(xOf(i), yOf(v), 2.6).fill(s.color);
    });
  }
  if (all.length === 0) {
    doc
      .fillColor('#868e96')
      .fontSize(9)
      .text('–', plot.x, plot.y + plot.h / 2 - 5, { width: plot.w, align: 'center' });
  }
  doc.fillColor('#212529');
}

function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}

/** A simple table that continues on the next page when it runs out of room. */
function table(
  doc: Doc,
  fonts: { body: string; bold: string },
  title: string,
  header: string[],
  rows: string[][],
  widths: number[],
  empty: string,
) {
  const left = doc.page.margins.left;
  const bottom = () => doc.page.height - doc.page.margins.bottom - 24;
  if (doc.y > bottom() - 60) doc.addPage();
  doc.moveDown(0.6).font(fonts.bold).fontSize(11).fillColor('#212529').text(title, left);
  const drawRow = (cells: string[], bold: boolean, shade: boolean) => {
    const y = doc.y + 2;
    doc.font(bold ? fonts.bold : fonts.body).fontSize(8);
    const height = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: widths[i]! - 6 }))) + 6;
    if (y + height > bottom()) {
      doc.addPage();
      return drawRow(cells, bold, shade);
    }
    if (shade)
      doc
        .rect(
          left,
          y,
          widths.reduce((a, b) => a + b, 0),
          height,
        )
        .fill('#f1f3f5');
    let x = left;
    cells.forEach((c, i) => {
      doc.fillColor('#212529').text(c, x + 3, y + 3, { width: widths[i]! - 6, align: i === 0 ? 'left' : 'right' });
      x += widths[i]!;
    });
    doc.x = left;
    doc.y = y + height;
  };
  drawRow(header, true, true);
  if (rows.length === 0) {
    doc
      .font(fonts.body)
      .fontSize(8)
      .fillColor('#868e96')
      .text(empty, left + 3, doc.y + 3);
    return;
  }
  for (const r of rows) drawRow(r, false, false);
}

/**
 * The report as a PDF (A4): the organisation, title, period and generation time, the headline
 * figures, the created-vs-resolved and SLA compliance trends as vector charts, then the staff,
 * category, priority and division tables; page numbers in the footer. Written to `filePath`.
 */
export async function writeReportPdf(data: ReportData, h: ReportHeading, filePath: string): Promise<void> {
  const { t, locale } = h;
  // Loaded on first use (with its font and PNG libraries), not at every start.
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    margin: 40,
    bufferPages: true,
    info: { Title: `${h.title} – ${h.period}`, Author: h.organization, Creator: 'Bantu' },
    lang: locale === 'id' ? 'id-ID' : 'en-GB',
  });
  const out = fs.createWriteStream(filePath);
  doc.pipe(out);
  const fonts = fontsOf(doc);
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const left = doc.page.margins.left;

  doc.font(fonts.bold).fontSize(18).fillColor('#212529').text(h.organization, left, 40, { width });
  doc.font(fonts.bold).fontSize(14).fillColor('#1c7ed6').text(h.title, { width });
  doc.moveDown(0.3).font(fonts.body).fontSize(10).fillColor('#495057');
  doc.text(`${t.period}: ${h.period}`, { width });
  doc.text(`${t.generatedAt}: ${h.generatedAt}`, { width });
  doc.moveDown(0.5);

  const previousLabel = locale === 'id' ? 'Sebelumnya' : 'Previous';
  table(
    doc,
    fonts,
    t.summary,
    [t.metric, h.period, previousLabel, ''],
    summaryRows(t, data.summary.current, data.summary.previous).map((r) => [
      String(r[0]),
      fmt(r[1] as number | null, locale),
      fmt(r[2] as number | null, locale),
      String(r[3] ?? ''),
    ]),
    [230, 110, 90, 85],
    t.noData,
  );

  const buckets = data.trends.buckets;
  doc.addPage();
  const chartH = 230;
  lineChart(
    doc,
    fonts,
    { x: left, y: doc.page.margins.top, w: width, h: chartH },
    {
      title: t.createdVsResolved,
      labels: buckets.map((b) => b.label),
      series: [
        { name: t.created, color: COLORS.created, values: buckets.map((b) => b.created) },
        { name: t.resolved, color: COLORS.resolved, values: buckets.map((b) => b.resolved) },
      ],
    },
  );
  lineChart(
    doc,
    fonts,
    { x: left, y: doc.page.margins.top + chartH + 30, w: width, h: chartH },
    {
      title: t.slaTrend,
      labels: buckets.map((b) => b.label),
      series: [{ name: t.slaCompliance, color: COLORS.sla, values: buckets.map((b) => b.resolutionSla.percent) }],
      yMax: 100,
      threshold: { value: data.trends.slaThreshold, label: `${t.threshold} ${fmt(data.trends.slaThreshold, locale)}%` },
    },
  );
  doc.x = left;
  doc.y = doc.page.margins.top + 2 * chartH + 40;

  const n = (v: number | null) => fmt(v, locale);
  const mins = (v: number | null) => (v === null ? '–' : fmt(Math.round(v), locale));
  table(
    doc,
    fonts,
    t.staff,
    [t.name, t.assigned, t.resolved, t.openLoad, t.avgResolution, t.slaCompliance, t.csatAverage],
    data.staff.items.map((s) => [
      s.staff?.name ?? '–',
      n(s.assigned),
      n(s.resolved),
      n(s.openLoad),
      mins(s.resolutionTime.averageMinutes),
      n(s.resolutionSla.percent),
      n(s.csat.average),
    ]),
    [135, 55, 60, 60, 75, 70, 60],
    t.noData,
  );
  for (const [title, group] of [
    [t.categories, data.categories],
    [t.priorities, data.priorities],
    [t.divisions, data.divisions],
  ] as const) {
    table(
      doc,
      fonts,
      title,
      [t.name, t.created, t.resolved, t.backlog, t.avgResolution, t.slaCompliance, t.csatAverage],
      group.items.map((g) => [
        g.name,
        n(g.created),
        n(g.resolved),
        n(g.backlog),
        mins(g.resolutionTime.averageMinutes),
        n(g.resolutionSla.percent),
        n(g.csat.average),
      ]),
      [135, 55, 60, 60, 75, 70, 60],
      t.noData,
    );
  }

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const y = doc.page.height - doc.page.margins.bottom - 10;
    // The footer sits inside the bottom margin: no automatic page break for it.
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font(fonts.body)
      .fontSize(7)
      .fillColor('#868e96')
      .text(`${h.organization} · ${h.period} · ${t.page} ${i + 1}/${range.count}`, left, y + 16, {
        width,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottomMargin;
  }
  doc.end();
  await once(out, 'finish');
}
