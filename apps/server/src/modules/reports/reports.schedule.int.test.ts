import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs, type TestApp } from '@test/app';
import { makeCategory, makePriority, makeTicket, manualClock } from '@test/factories';
import { startSmtp } from '@test/smtp';
import { startTestWorker } from '@test/worker';
import { smtpMailer } from '@/infra/mail/mailer';
import { rebuildReportStats } from './reports.stats';
import { dayStartIn, lastFinishedPeriod } from './reports.schedule';
import { readPdf } from '@test/pdf';

type Session = Awaited<ReturnType<typeof loginAs>>;
const wib = (iso: string) => new Date(`${iso}+07:00`);

describe('report periods', () => {
  it('takes the last finished day, ISO week and month in the organisation time zone', () => {
    // Thu 5 Nov 2026 00:30 in Jakarta is still Wed 4 Nov in UTC.
    const now = wib('2026-11-05T00:30:00');
    expect(lastFinishedPeriod('daily', now, 'Asia/Jakarta')).toMatchObject({ first: '2026-11-04', last: '2026-11-04' });
    expect(lastFinishedPeriod('weekly', now, 'Asia/Jakarta')).toMatchObject({
      first: '2026-10-26',
      last: '2026-11-01',
    });
    expect(lastFinishedPeriod('monthly', now, 'Asia/Jakarta')).toMatchObject({
      first: '2026-10-01',
      last: '2026-10-31',
    });
    expect(lastFinishedPeriod('daily', now, 'UTC')).toMatchObject({ first: '2026-11-03' });
    expect(lastFinishedPeriod('daily', now, 'Asia/Jakarta').end.toISOString()).toBe('2026-11-04T17:00:00.000Z');
    expect(dayStartIn('2026-03-29', 'Europe/Berlin').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(dayStartIn('2026-03-30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T22:00:00.000Z');
  });
});

describe('scheduled report mails', () => {
  const clock = manualClock(wib('2026-11-03T12:00:00'));
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let manager: Session;
  let english: Session;
  let staff: Session;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await buildTestApp({ clock });
    manager = await loginAs(t.app, 'manager');
    english = await loginAs(t.app, 'manager');
    staff = await loginAs(t.app, 'it_staff');
    await t.app.db.updateTable('users').set({ locale: 'en' }).where('id', '=', english.user.id).execute();
    const admin = await loginAs(t.app, 'admin');
    await t.app.inject({
      method: 'PATCH',
      url: '/api/settings',
      headers: admin.headers,
      payload: { organizationName: 'PT Maju Jaya' },
    });
    const requester = await loginAs(t.app, 'user');
    const category = await makeCategory(t.app.db, { name: 'Jaringan' });
    const priority = await makePriority(t.app.db, { name: 'Sedang' });
    for (const hour of [9, 10, 11]) {
      await makeTicket(t.app.db, {
        userId: requester.user.id,
        categoryId: category.id,
        priorityId: priority.id,
        createdAt: wib(`2026-11-04T${String(hour).padStart(2, '0')}:00:00`),
      });
    }
    await rebuildReportStats(t.app.db);
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  it('lets managers subscribe, list and unsubscribe; others get 403', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/reports/subscriptions',
      headers: manager.headers,
      payload: { frequency: 'weekly' },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json<{ id: string }>().id;
    const list = await t.app.inject({ url: '/api/reports/subscriptions', headers: manager.headers });
    expect(list.json<{ items: { id: string; frequency: string }[] }>().items).toEqual([
      expect.objectContaining({ id, frequency: 'weekly', lastSentAt: null }),
    ]);
    // Another manager neither sees nor deletes it.
    expect((await t.app.inject({ url: '/api/reports/subscriptions', headers: english.headers })).json().items).toEqual(
      [],
    );
    const foreign = await t.app.inject({
      method: 'DELETE',
      url: `/api/reports/subscriptions/${id}`,
      headers: english.headers,
    });
    expect(foreign.statusCode).toBe(404);
    const gone = await t.app.inject({
      method: 'DELETE',
      url: `/api/reports/subscriptions/${id}`,
      headers: manager.headers,
    });
    expect(gone.statusCode).toBe(204);
    const denied = await t.app.inject({
      method: 'POST',
      url: '/api/reports/subscriptions',
      headers: staff.headers,
      payload: { frequency: 'daily' },
    });
    expect(denied.statusCode).toBe(403);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/reports/subscriptions',
      headers: manager.headers,
      payload: { frequency: 'hourly' },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('mails each daily subscriber the PDF and XLSX once, in their language, with two workers running the job', async () => {
    for (const who of [manager, english]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/reports/subscriptions',
        headers: who.headers,
        payload: { frequency: 'daily' },
      });
      expect(res.statusCode).toBe(201);
    }
    clock.set(wib('2026-11-05T06:00:00'));
    const mailer = () => smtpMailer(smtp.url);
    const a = await startTestWorker(t, { mailer: mailer() });
    const b = await startTestWorker(t, { mailer: mailer() });
    try {
      const jobs = await Promise.all([
        a.queue.trigger('report-subscriptions'),
        b.queue.trigger('report-subscriptions'),
        a.queue.trigger('report-subscriptions'),
      ]);
      for (const id of jobs) expect(await a.queue.waitFor('report-subscriptions', id, 60_000)).toBe('completed');
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    const toManager = smtp.messages.filter((m) => m.to && JSON.stringify(m.to).includes(manager.user.email));
    const toEnglish = smtp.messages.filter((m) => m.to && JSON.stringify(m.to).includes(english.user.email));
    expect(toManager).toHaveLength(1);
    expect(toEnglish).toHaveLength(1);

    const id = toManager[0]!;
    expect(id.subject).toBe('[PT Maju Jaya] Laporan harian: 2026-11-04');
    expect(id.text).toContain('Terlampir laporan harian');
    expect(id.attachments.map((x) => [x.filename, x.contentType])).toEqual([
      ['laporan-2026-11-04_2026-11-04.pdf', 'application/pdf'],
      ['laporan-2026-11-04_2026-11-04.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ]);
    const pdf = readPdf(id.attachments[0]!.content, 'mail-id');
    expect(pdf.text).toContain('Laporan Layanan TI');
    expect(pdf.text).toContain('Periode: 4 Nov 2026 – 4 Nov 2026');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(id.attachments[1]!.content as unknown as ArrayBuffer);
    const summary = book.getWorksheet('Ringkasan')!.getSheetValues() as unknown[][];
    expect(summary.find((r) => r?.[1] === 'Dibuat')?.[2]).toBe(3);

    const en = toEnglish[0]!;
    expect(en.subject).toBe('[PT Maju Jaya] Daily report: 2026-11-04');
    expect(en.attachments.map((x) => x.filename)).toEqual([
      'report-2026-11-04_2026-11-04.pdf',
      'report-2026-11-04_2026-11-04.xlsx',
    ]);
    expect(readPdf(en.attachments[0]!.content, 'mail-en').text).toContain('IT Service Report');

    const list = await t.app.inject({ url: '/api/reports/subscriptions', headers: manager.headers });
    expect(list.json().items[0]).toMatchObject({ frequency: 'daily', lastPeriod: '2026-11-04' });
  });
});
