import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPage, screenshot, startServer, type RunningServer, signIn } from './harness';

async function apiAs(baseUrl: string, email: string) {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: 'demo1234' }),
  });
  const { accessToken } = (await res.json()) as { accessToken: string };
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const answer = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${accessToken}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(answer.ok, `${method} ${path} -> ${answer.status}`).toBe(true);
    return (await answer.json()) as T;
  };
}

const ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Bantu e2e//ID',
  'BEGIN:VEVENT',
  'UID:pahlawan@bantu',
  'DTSTART;VALUE=DATE:20261110',
  'RRULE:FREQ=YEARLY',
  'SUMMARY:Hari Pahlawan',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:tutup-buku@bantu',
  'DTSTART;VALUE=DATE:20271231',
  'SUMMARY:Tutup buku 2027',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

describe('SLA engine in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an admin sets business hours and holidays, and adds an escalation level; both stay saved', async () => {
    const { page, context, errors } = await newPage(browser, server.baseUrl, 'sla-admin');
    await signIn(page, 'admin@demo.local');
    await page.getByRole('navigation').getByRole('link', { name: 'Kalender jam kerja' }).click();
    await page.getByRole('heading', { name: 'Kalender jam kerja' }).waitFor();

    // The demo calendar has working hours (Monday to Friday 08:00-17:00), not 24x7.
    const alwaysOpen = page.getByRole('switch', { name: '24x7 (selalu buka)' });
    expect(await alwaysOpen.isChecked()).toBe(false);
    // The demo's national holidays are there.
    await page
      .getByRole('row', { name: /Hari Proklamasi Kemerdekaan RI/ })
      .first()
      .waitFor();

    // A Monday afternoon that ends before it starts is refused on the field, nothing is sent.
    const mondayEnd = page.getByLabel('Senin, selesai interval 2');
    await mondayEnd.fill('12:30');
    await page.getByRole('form', { name: 'Jam kerja' }).getByRole('button', { name: 'Simpan' }).click();
    await page.getByText('Harus setelah jam mulai').waitFor();
    await mondayEnd.fill('17:00');
    // Saturday morning becomes a working half day with its own interval.
    await page.getByRole('switch', { name: 'Sabtu hari kerja' }).check({ force: true });
    await page.getByLabel('Sabtu, selesai interval 1').fill('12:00');
    await page.getByRole('form', { name: 'Jam kerja' }).getByRole('button', { name: 'Simpan' }).click();
    await page.getByText('Kalender jam kerja disimpan.').waitFor();

    // A holiday by hand, repeating every year.
    await page.getByRole('button', { name: 'Tambah hari libur' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Tanggal' }).fill('2026-12-31');
    await dialog.getByRole('textbox', { name: 'Nama' }).fill('Libur kantor akhir tahun');
    await dialog.getByRole('switch', { name: 'Berulang setiap tahun' }).check({ force: true });
    await dialog.getByRole('button', { name: 'Tambah', exact: true }).click();
    await page.getByRole('row', { name: /Libur kantor akhir tahun/ }).waitFor();

    // Two more from an iCalendar file; a file that is not iCalendar says so under the button.
    await page.locator('input[type=file]').setInputFiles({
      name: 'libur.ics',
      mimeType: 'text/calendar',
      buffer: Buffer.from(ICS),
    });
    await page.getByText('libur.ics: 2 hari libur diimpor, 0 dilewati.').waitFor();
    await page.locator('input[type=file]').setInputFiles({
      name: 'bukan.ics',
      mimeType: 'text/calendar',
      buffer: Buffer.from('ini bukan kalender'),
    });
    await page.getByText('File ini bukan iCalendar atau tidak berisi acara sepanjang hari.').waitFor();

    // After a reload everything is still there.
    await page.reload();
    await page.getByRole('row', { name: /Hari Pahlawan/ }).waitFor();
    expect(await page.getByRole('switch', { name: '24x7 (selalu buka)' }).isChecked()).toBe(false);
    expect(await page.getByLabel('Sabtu, selesai interval 1').inputValue()).toBe('12:00');
    expect(await page.getByRole('row', { name: /Libur kantor akhir tahun/ }).count()).toBe(1);
    expect(await page.getByRole('row', { name: /Tutup buku 2027/ }).count()).toBe(1);
    await screenshot(page, 'sla-admin-calendar');

    // An escalation level: 30 business minutes after the deadline, to the managers.
    await page.getByRole('navigation').getByRole('link', { name: 'Level eskalasi' }).click();
    await page.getByRole('button', { name: 'Tambah level' }).click();
    const levelDialog = page.getByRole('dialog');
    await levelDialog.getByRole('textbox', { name: 'Nama' }).fill('Eskalasi cepat');
    await levelDialog.getByRole('combobox', { name: 'Jenis' }).click();
    await page.getByRole('option', { name: 'Eskalasi', exact: true }).click();
    await levelDialog.getByRole('combobox', { name: 'Dipicu saat' }).click();
    await page.getByRole('option', { name: 'Setelah tenggat' }).click();
    await levelDialog.getByLabel('Menit kerja setelah tenggat').fill('30');
    await levelDialog.getByRole('checkbox', { name: 'Manajer' }).check({ force: true });
    await levelDialog.getByRole('checkbox', { name: 'Penanggung jawab' }).uncheck({ force: true });
    await levelDialog.getByRole('button', { name: 'Buat level' }).click();
    await page.getByText('Level Eskalasi cepat dibuat.').waitFor();
    await page.reload();
    const row = page.getByRole('row', { name: /Eskalasi cepat/ });
    await row.waitFor();
    expect(await row.getByText('30 m waktu kerja setelah tenggat').count()).toBe(1);
    expect(await row.getByText('manajer', { exact: true }).count()).toBe(1);
    await screenshot(page, 'sla-admin-levels');

    expect(errors).toEqual([]);
    await context.close();
  });

  it('IT staff open the SLA status view and a ticket’s SLA clock shows its start and deadline', async () => {
    const asUser = await apiAs(server.baseUrl, 'user@demo.local');
    const categories = await asUser<{ items: { id: string }[] }>('GET', '/api/categories');
    const ticket = await asUser<{ ticketNumber: string }>('POST', '/api/tickets', {
      title: 'Proyektor ruang rapat tidak menyala',
      description: 'Lampu indikator mati sejak pagi.',
      categoryId: categories.items[0]?.id,
    });

    const { page, context, errors } = await newPage(browser, server.baseUrl, 'sla-staff');
    await signIn(page, 'staff@demo.local');
    await page.getByRole('navigation').getByRole('link', { name: 'Status SLA' }).click();
    await page.getByRole('heading', { name: 'Status SLA', level: 2 }).waitFor();
    await page.getByTestId('sla-at-risk-count').waitFor();
    await page.getByTestId('sla-breached-count').waitFor();
    // The demo has breached tickets: the list shows them.
    await expect.poll(async () => await page.getByTestId('sla-breached-count').textContent()).toMatch(/[1-9]/);
    await screenshot(page, 'sla-staff-status');

    await page.goto(`/staff/tickets/${ticket.ticketNumber}`);
    const clock = page.getByTestId('sla-clock');
    await clock.getByText('Riwayat jam SLA').waitFor();
    const started = clock.locator('[data-kind="started"]');
    await started.waitFor();
    expect(await started.textContent()).toContain('Jam dimulai: Sedang, target 24 j');
    const deadline = clock.getByTestId('sla-resolution-deadline');
    expect(await deadline.getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect((await deadline.textContent())?.trim()).not.toBe('');
    expect(await clock.getByTestId('sla-resolution-summary').textContent()).toMatch(/terpakai/);
    await screenshot(page, 'sla-staff-ticket-clock');

    expect(errors).toEqual([]);
    await context.close();
  });

  it('fits the SLA status view on a 360 px phone', async () => {
    const { page, context } = await newPage(browser, server.baseUrl, 'sla-phone', { width: 360, height: 740 });
    await signIn(page, 'manager@demo.local');
    await page.goto('/manager/sla');
    await page.getByRole('heading', { name: 'Monitor SLA', level: 2 }).waitFor();
    await page.getByTestId('sla-compliance').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'sla-manager-monitor-phone');
    await context.close();
  });
});
