import fs from 'node:fs';
import type {
  ReportStaffResponse,
  ReportSummaryResponse,
  ReportTrendsResponse,
  TicketResponse,
} from '@bantu/contracts';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs, type TestApp } from '@test/app';
import { makeCategory, makePriority, manualClock } from '@test/factories';
import { parseCsv } from '@test/csv';
import { readPdf } from '@test/pdf';

type Session = Awaited<ReturnType<typeof loginAs>>;

/** Wall time in Jakarta (UTC+7). */
const wib = (iso: string) => new Date(`${iso}+07:00`);

/**
 * Three tickets on 24x7 rules (4 h resolution, 1 h first response) in Asia/Jakarta:
 * T1 created Mon 2 Nov 09:00, answered 09:20, resolved 10:00 (met), closed with 5 stars;
 * T2 created Mon 2 Nov 10:00, resolved Wed 4 Nov 10:00 (missed);
 * T3 created Tue 3 Nov 09:00, still open. Period 2-4 Nov, by day.
 */
describe('report exports (CSV, XLSX, PDF)', () => {
  const clock = manualClock(wib('2026-11-01T10:00:00'));
  let t: TestApp;
  let admin: Session;
  let manager: Session;
  let staff: Session;
  let requester: Session;
  const ids: Record<string, string> = {};
  const query = 'from=2026-11-02&to=2026-11-04&granularity=day';

  const ok = async (as: Session, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => {
    const res = await t.app.inject({ method, url, headers: as.headers, payload });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
    return res;
  };
  const at = async (iso: string, step: () => Promise<unknown>) => {
    clock.set(wib(iso));
    await step();
  };

  beforeAll(async () => {
    t = await buildTestApp({ clock });
    admin = await loginAs(t.app, 'admin');
    manager = await loginAs(t.app, 'manager');
    staff = await loginAs(t.app, 'it_staff');
    requester = await loginAs(t.app, 'user');
    await t.app.db.updateTable('users').set({ name: 'Budi Santoso' }).where('id', '=', staff.user.id).execute();
    await ok(admin, 'PATCH', '/api/settings', { organizationName: 'PT Maju Jaya' });
    const category = (await makeCategory(t.app.db, { name: 'Perangkat keras' })).id;
    const priority = (await makePriority(t.app.db, { name: 'Tinggi', level: 1 })).id;
    await ok(admin, 'POST', '/api/sla-rules', {
      priorityId: priority,
      durationHours: 4,
      firstResponseHours: 1,
      businessHours: false,
    });
    const create = async (name: string) => {
      const res = await ok(requester, 'POST', '/api/tickets', {
        title: `Laptop ${name} tidak menyala`,
        description: 'Mohon bantuannya',
        categoryId: category,
        priorityId: priority,
      });
      ids[name] = res.json<TicketResponse>().id;
    };
    const move = (as: Session, name: string, to: string, extra: object = {}) =>
      ok(as, 'POST', `/api/tickets/${ids[name]}/transitions`, { to, ...extra });
    await at('2026-11-02T09:00:00', () => create('T1'));
    await at('2026-11-02T09:10:00', () => move(staff, 'T1', 'IN_PROGRESS'));
    await at('2026-11-02T09:20:00', () =>
      ok(staff, 'POST', `/api/tickets/${ids.T1}/comments`, { comment: 'Sedang dicek' }),
    );
    await at('2026-11-02T10:00:00', () => move(staff, 'T1', 'RESOLVED', { comment: 'Adaptor diganti' }));
    await at('2026-11-02T11:00:00', () => move(requester, 'T1', 'CLOSED', { rating: 5 }));
    await at('2026-11-02T10:00:00', () => create('T2'));
    await at('2026-11-02T10:30:00', () => move(staff, 'T2', 'IN_PROGRESS'));
    await at('2026-11-04T10:00:00', () => move(staff, 'T2', 'RESOLVED', { comment: 'Baterai baru' }));
    await at('2026-11-03T09:00:00', () => create('T3'));
    clock.set(wib('2026-11-05T08:30:00'));
  });
  afterAll(() => t.close());

  const api = async <T>(p: string) => (await ok(manager, 'GET', `/api/reports/${p}?${query}`)).json<T>();

  it('CSV: the summary and trend sections hold the API figures, headers in the reader language', async () => {
    const summary = await api<ReportSummaryResponse>('summary');
    const trends = await api<ReportTrendsResponse>('trends');
    expect(summary.current).toMatchObject({ created: 3, resolved: 2 });
    expect(summary.current.resolutionSla.percent).toBe(50);

    const res = await ok(manager, 'GET', `/api/reports/export?format=csv&${query}`);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain('laporan-2026-11-02_2026-11-04.csv');
    const rows = parseCsv(res.body.slice(1));
    expect(rows[0]).toEqual(['Ukuran', '2 Nov 2026 – 4 Nov 2026', 'Periode sebelumnya', 'Satuan']);
    const byLabel = new Map(rows.map((r) => [r[0], r]));
    expect(byLabel.get('Dibuat')![1]).toBe(String(summary.current.created));
    expect(byLabel.get('Diselesaikan')![1]).toBe(String(summary.current.resolved));
    expect(byLabel.get('Kepatuhan SLA penyelesaian (%)')![1]).toBe('50');
    expect(byLabel.get('Rata-rata kepuasan (CSAT)')![1]).toBe(String(summary.current.csat.average));
    const trendStart = rows.findIndex((r) => r[0] === 'Tren');
    const trendRows = rows.slice(trendStart + 2, trendStart + 2 + trends.buckets.length);
    expect(trendRows.map((r) => [r[0], Number(r[1]), Number(r[2])])).toEqual(
      trends.buckets.map((b) => [b.label, b.created, b.resolved]),
    );
  });

  it('XLSX: one sheet per table, the same figures as the API', async () => {
    const summary = await api<ReportSummaryResponse>('summary');
    const trends = await api<ReportTrendsResponse>('trends');
    const staffReport = await api<ReportStaffResponse>('staff');
    await t.app.db.updateTable('users').set({ locale: 'en' }).where('id', '=', manager.user.id).execute();
    try {
      const res = await ok(manager, 'GET', `/api/reports/export?format=xlsx&${query}`);
      expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
      expect(res.headers['content-disposition']).toContain('report-2026-11-02_2026-11-04.xlsx');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      expect(book.worksheets.map((w) => w.name)).toEqual([
        'Summary',
        'Trend',
        'IT staff',
        'Categories',
        'Priorities',
        'Divisions',
      ]);
      const rows = (ws: string) =>
        (book.getWorksheet(ws)!.getSheetValues().slice(2) as unknown[][]).map((r) => r.slice(1));
      const sums = new Map(rows('Summary').map((r) => [r[0], r]));
      expect(sums.get('Created')![1]).toBe(summary.current.created);
      expect(sums.get('Resolution SLA compliance (%)')![1]).toBe(summary.current.resolutionSla.percent);
      expect(sums.get('Backlog at period end')![1]).toBe(summary.current.backlog);
      expect(rows('Trend').map((r) => [r[0], r[1], r[2]])).toEqual(
        trends.buckets.map((b) => [b.label, b.created, b.resolved]),
      );
      const budi = rows('IT staff').find((r) => r[0] === 'Budi Santoso')!;
      const fromApi = staffReport.items.find((s) => s.staff?.name === 'Budi Santoso')!;
      expect([budi[1], budi[2]]).toEqual([fromApi.assigned, fromApi.resolved]);
    } finally {
      await t.app.db.updateTable('users').set({ locale: 'id' }).where('id', '=', manager.user.id).execute();
    }
  });

  it('PDF in Indonesian and English: organisation, period, generated-at, charts and tables (pdftotext, pdftoppm)', async () => {
    const id = await ok(manager, 'GET', `/api/reports/export?format=pdf&${query}`);
    expect(id.headers['content-type']).toBe('application/pdf');
    expect(id.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const idPdf = readPdf(id.rawPayload, 'report-id');
    for (const text of [
      'PT Maju Jaya',
      'Laporan Layanan TI',
      'Periode: 2 Nov 2026 – 4 Nov 2026',
      'Dibuat pada: 5 Nov 2026',
      'Tiket dibuat vs diselesaikan',
      'Tren kepatuhan SLA (%)',
      'Ambang 90%',
      'Budi Santoso',
      'Perangkat keras',
      'Kepatuhan SLA penyelesaian (%)',
    ]) {
      expect(idPdf.text).toContain(text);
    }
    expect(idPdf.pages.length).toBeGreaterThanOrEqual(2);
    for (const page of idPdf.pages) expect(fs.readFileSync(page).subarray(1, 4).toString()).toBe('PNG');

    await t.app.db.updateTable('users').set({ locale: 'en' }).where('id', '=', manager.user.id).execute();
    try {
      const en = await ok(manager, 'GET', `/api/reports/export?format=pdf&${query}`);
      const enPdf = readPdf(en.rawPayload, 'report-en');
      for (const text of [
        'PT Maju Jaya',
        'IT Service Report',
        'Period: 2 Nov 2026 – 4 Nov 2026',
        'Generated at: 5 Nov 2026',
        'Tickets created vs resolved',
        'SLA compliance trend (%)',
        'Threshold 90%',
        'Budi Santoso',
      ]) {
        expect(enPdf.text).toContain(text);
      }
      expect(enPdf.text).not.toContain('Laporan Layanan TI');
    } finally {
      await t.app.db.updateTable('users').set({ locale: 'id' }).where('id', '=', manager.user.id).execute();
    }
  });

  it('refuses roles without report:export (403), lets admins export, and refuses bad input (400)', async () => {
    for (const who of [staff, requester]) {
      const res = await t.app.inject({ url: `/api/reports/export?format=pdf&${query}`, headers: who.headers });
      expect(res.statusCode).toBe(403);
    }
    // Admins "View All Data": they export reports too.
    const asAdmin = await t.app.inject({ url: `/api/reports/export?format=csv&${query}`, headers: admin.headers });
    expect(asAdmin.statusCode).toBe(200);
    const bad = await t.app.inject({ url: '/api/reports/export?format=pdf&from=yesterday', headers: manager.headers });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
  });
});
