import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs, type TestApp } from '@test/app';
import { makeCategory, makePriority, makeTicket, manualClock } from '@test/factories';
import { startTestWorker, until } from '@test/worker';
import { parseCsv } from '@test/csv';
import { captureMailer } from '@/infra/mail/mailer';
import { prepareQueues } from '@/worker';
import { cursorBatches } from './reports.export';

type Session = Awaited<ReturnType<typeof loginAs>>;

const TITLES = [
  '=HYPERLINK("http://evil.example","klik")',
  '+62 812 telepon',
  '-1 monitor mati',
  '@SUM(A1:A2)',
  '\tTab di depan',
  'Printer "HP", lantai 3\r\nbaris kedua',
  'Jaringan lambat di ruang rapat',
];

describe('ticket list export (CSV, XLSX)', () => {
  let t: TestApp;
  let manager: Session;
  let staff: Session;
  let requester: Session;
  let categoryId: string;
  const clock = manualClock(new Date('2026-11-20T03:00:00Z'));

  beforeAll(async () => {
    t = await buildTestApp({ clock, env: { EXPORT_INLINE_MAX_ROWS: '5000' } });
    manager = await loginAs(t.app, 'manager');
    staff = await loginAs(t.app, 'it_staff');
    requester = await loginAs(t.app, 'user');
    const category = await makeCategory(t.app.db, { name: 'Perangkat keras' });
    const other = await makeCategory(t.app.db, { name: 'Lainnya' });
    const priority = await makePriority(t.app.db, { name: 'Tinggi' });
    categoryId = category.id;
    for (const [i, title] of TITLES.entries()) {
      await makeTicket(t.app.db, {
        userId: requester.user.id,
        categoryId,
        priorityId: priority.id,
        title,
        status: i % 2 === 0 ? 'OPEN' : 'RESOLVED',
        assignedTo: i % 2 === 0 ? null : staff.user.id,
        createdAt: new Date(Date.UTC(2026, 10, 1 + i, 2)),
      });
    }
    await makeTicket(t.app.db, {
      userId: requester.user.id,
      categoryId: other.id,
      priorityId: priority.id,
      title: 'Bukan',
    });
  });
  afterAll(() => t.close());

  const listed = async (query: string) =>
    (await t.app.inject({ url: `/api/tickets?limit=100&${query}`, headers: manager.headers })).json<{
      items: { ticketNumber: string; title: string; createdAt: string; assignee: { name: string } | null }[];
    }>().items;

  it('streams the filtered list as CSV: BOM, Indonesian headers, the API rows in order, formulas neutralised', async () => {
    const res = await t.app.inject({ url: `/api/tickets/export?categoryId=${categoryId}`, headers: manager.headers });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="tiket-2026-11-20.csv"; filename*=UTF-8''tiket-2026-11-20.csv`,
    );
    expect(res.headers['x-export-rows']).toBe('7');
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const [header, ...rows] = parseCsv(res.body.slice(1));
    expect(header).toEqual([
      'Nomor tiket',
      'Judul',
      'Status',
      'Prioritas',
      'Kategori',
      'Pelapor',
      'Petugas',
      'Status SLA',
      'Batas SLA',
      'Dibuat pada',
      'Diselesaikan pada',
      'Ditutup pada',
    ]);
    const api = await listed(`categoryId=${categoryId}`);
    expect(rows.map((r) => r[0])).toEqual(api.map((x) => x.ticketNumber));
    expect(rows.map((r) => r[9])).toEqual(api.map((x) => x.createdAt));
    expect(rows.map((r) => r[6])).toEqual(api.map((x) => x.assignee?.name ?? ''));
    const titles = new Map(rows.map((r) => [r[0], r[1]]));
    for (const x of api) {
      const expected = /^[=+\-@\t\r]/.test(x.title) ? `'${x.title}` : x.title;
      expect(titles.get(x.ticketNumber)).toBe(expected);
    }
    // Every dangerous first character was defused, and plain text was left alone.
    expect([...titles.values()].filter((v) => v!.startsWith("'"))).toHaveLength(5);
    expect(titles.get(api.find((x) => x.title.startsWith('Printer'))!.ticketNumber)).toBe(TITLES[5]);
    expect(new Set(rows.map((r) => r[2]))).toEqual(new Set(['Terbuka', 'Diselesaikan']));
  });

  it('writes moments as ISO 8601 UTC with milliseconds, a stored microsecond cut off as Date#toISOString does', async () => {
    const [first] = await listed(`categoryId=${categoryId}&status=RESOLVED`);
    await sql`update tickets set resolved_at = timestamptz '2026-11-05 04:05:06.789654Z', closed_at = null
               where ticket_number = ${first!.ticketNumber}`.execute(t.app.db);
    const res = await t.app.inject({ url: `/api/tickets/export?categoryId=${categoryId}`, headers: manager.headers });
    const row = parseCsv(res.body.slice(1)).find((r) => r[0] === first!.ticketNumber)!;
    expect(row.slice(9, 12)).toEqual([first!.createdAt, '2026-11-05T04:05:06.789Z', '']);
  });

  it('uses the reader language for headers and values, and the same filters, search and sort as the list', async () => {
    await t.app.db.updateTable('users').set({ locale: 'en' }).where('id', '=', staff.user.id).execute();
    const res = await t.app.inject({
      url: `/api/tickets/export?categoryId=${categoryId}&status=RESOLVED&sort=priority`,
      headers: staff.headers,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('tickets-2026-11-20.csv');
    const [header, ...rows] = parseCsv(res.body.slice(1));
    expect(header!.slice(0, 3)).toEqual(['Ticket number', 'Title', 'Status']);
    const api = await listed(`categoryId=${categoryId}&status=RESOLVED&sort=priority`);
    expect(rows.map((r) => r[0])).toEqual(api.map((x) => x.ticketNumber));
    expect(new Set(rows.map((r) => r[2]))).toEqual(new Set(['Resolved']));

    const search = await t.app.inject({ url: '/api/tickets/export?q=jaringan', headers: manager.headers });
    const found = parseCsv(search.body.slice(1)).slice(1);
    expect(found.map((r) => r[1])).toEqual(['Jaringan lambat di ruang rapat']);
    expect(search.headers['x-export-rows']).toBe('1');
  });

  it('writes the same rows as XLSX (read back with exceljs), with a Content-Length', async () => {
    const res = await t.app.inject({
      url: `/api/tickets/export?format=xlsx&categoryId=${categoryId}`,
      headers: manager.headers,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const values = sheet.getSheetValues().slice(1) as unknown[][];
    expect(values[0]!.slice(1, 4)).toEqual(['Nomor tiket', 'Judul', 'Status']);
    const api = await listed(`categoryId=${categoryId}`);
    expect(values.slice(1).map((r) => r[1])).toEqual(api.map((x) => x.ticketNumber));
    expect(values.slice(1).map((r) => (r[10] as Date).toISOString())).toEqual(api.map((x) => x.createdAt));
    const injected = values.slice(1).find((r) => String(r[2]).includes('HYPERLINK'))!;
    expect(injected[2]).toBe(`'${TITLES[0]}`);
    // No cell of the sheet is a formula.
    sheet.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));
  });

  it('reads every row (PostgreSQL: one cursor, 2,000-row batches; PGlite: keyset pages), each once, in list order', async () => {
    const priority = await makePriority(t.app.db, { name: 'Banyak' });
    await sql`
      insert into tickets (ticket_number, user_id, category_id, priority_id, title, description, status, created_at, updated_at, priority_level)
      select 'TKT-BULK-' || lpad(g::text, 5, '0'), ${requester.user.id}, ${categoryId}, ${priority.id}, 'Massal ' || g, 'x', 'OPEN',
             timestamptz '2026-10-01 00:00Z' + (g % 50) * interval '1 minute', now(), ${priority.level}
      from generate_series(1, 4500) g`.execute(t.app.db);
    const res = await t.app.inject({
      url: `/api/tickets/export?priorityId=${priority.id}&sort=newest`,
      headers: manager.headers,
    });
    const rows = parseCsv(res.body.slice(1)).slice(1);
    expect(rows).toHaveLength(4500);
    expect(new Set(rows.map((r) => r[0])).size).toBe(4500);
    const keys = rows.map((r) => r[9]!);
    expect([...keys].sort().reverse()).toEqual(keys);
    const first = await listed(`priorityId=${priority.id}&sort=newest`);
    expect(rows.slice(0, 100).map((r) => r[0])).toEqual(first.map((x) => x.ticketNumber));
  });

  it('reads a cursor batch by batch and ends its transaction when the reader stops early', async () => {
    const query = t.app.db.selectFrom('tickets').select('ticket_number').orderBy('ticket_number');
    const sizes: number[] = [];
    for await (const batch of cursorBatches(t.app.db, query, 3)) {
      sizes.push(batch.length);
      if (sizes.length === 2) break;
    }
    expect(sizes).toEqual([3, 3]);
    // Nothing left open: the next cursor gets every row, in order.
    const all: string[] = [];
    for await (const batch of cursorBatches(t.app.db, query, 1000)) all.push(...batch.map((r) => r.ticket_number));
    expect(all).toEqual((await query.execute()).map((r) => r.ticket_number));
    expect(all.length).toBeGreaterThan(1000);
  });

  it('refuses requesters (403) and anonymous callers (401)', async () => {
    expect((await t.app.inject({ url: '/api/tickets/export', headers: requester.headers })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/tickets/export' })).statusCode).toBe(401);
    const bad = await t.app.inject({ url: '/api/tickets/export?format=docx', headers: manager.headers });
    expect(bad.statusCode).toBe(400);
  });
});

describe('an export too large for a request', () => {
  let t: TestApp;
  let manager: Session;
  let otherManager: Session;
  const clock = manualClock(new Date('2026-11-20T03:00:00Z'));

  beforeAll(async () => {
    t = await buildTestApp({ clock, env: { EXPORT_INLINE_MAX_ROWS: '3' } });
    await prepareQueues(t.database);
    manager = await loginAs(t.app, 'manager');
    otherManager = await loginAs(t.app, 'manager');
    const requester = await loginAs(t.app, 'user');
    const category = await makeCategory(t.app.db);
    const priority = await makePriority(t.app.db);
    for (let i = 0; i < 5; i++) {
      await makeTicket(t.app.db, {
        userId: requester.user.id,
        categoryId: category.id,
        priorityId: priority.id,
        title: `Tiket ${i}`,
        createdAt: new Date(Date.UTC(2026, 10, 1, i)),
      });
    }
  });
  afterAll(() => t.close());

  it('runs as a job: 202, then a report_ready notification and a file only its requester can download, until it expires', async () => {
    const res = await t.app.inject({ url: '/api/tickets/export?format=csv', headers: manager.headers });
    expect(res.statusCode).toBe(202);
    const queued = res.json<{ export: { id: string; status: string; rowCount: number } }>().export;
    expect(queued).toMatchObject({ status: 'queued', rowCount: 5 });

    const worker = await startTestWorker(t, {
      mailer: captureMailer(t.app.db),
      exportLimits: { inlineMaxRows: 3, linkTtlHours: 2 },
    });
    try {
      await until(
        async () =>
          (await t.app.inject({ url: `/api/reports/exports/${queued.id}`, headers: manager.headers })).json().status ===
          'ready',
        30_000,
        'export ready',
      );
    } finally {
      await worker.stop();
    }
    const notes = (await t.app.inject({ url: '/api/notifications', headers: manager.headers })).json<{
      items: { kind: string; title: string; export: { id: string; downloadUrl: string } | null }[];
    }>().items;
    const note = notes.find((n) => n.kind === 'report_ready')!;
    expect(note.export!.id).toBe(queued.id);
    expect(note.title).toContain('tiket-2026-11-20.csv');

    const file = await t.app.inject({ url: note.export!.downloadUrl, headers: manager.headers });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toContain('tiket-2026-11-20.csv');
    const rows = parseCsv(file.body.slice(1));
    expect(rows).toHaveLength(6);
    const inline = await t.app.inject({ url: '/api/tickets?limit=100', headers: manager.headers });
    expect(rows.slice(1).map((r) => r[0])).toEqual(
      inline.json<{ items: { ticketNumber: string }[] }>().items.map((x) => x.ticketNumber),
    );

    // Someone else: as if it did not exist.
    expect((await t.app.inject({ url: note.export!.downloadUrl, headers: otherManager.headers })).statusCode).toBe(404);
    expect(
      (await t.app.inject({ url: `/api/reports/exports/${queued.id}`, headers: otherManager.headers })).statusCode,
    ).toBe(404);

    clock.advance(3 * 3_600_000);
    const expired = await t.app.inject({ url: note.export!.downloadUrl, headers: manager.headers });
    expect(expired.statusCode).toBe(410);
  });
});
