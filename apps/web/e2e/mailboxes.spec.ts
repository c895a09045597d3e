import nodemailer from 'nodemailer';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPage, screenshot, startServer, type RunningServer } from './harness';
import { freePort } from '../../server/test/ports';

describe('Admin Panel: mailboxes (e-mail intake) in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let smtpPort: number;
  beforeAll(async () => {
    smtpPort = await freePort();
    server = await startServer({ MAIL_INTAKE_SMTP_PORT: String(smtpPort), MAIL_INTAKE_SMTP_HOST: '127.0.0.1' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an admin adds a forwarding mailbox, mail arrives, and the log shows each fate with a retry for dead letters', async () => {
    const { page, context, errors } = await newPage(browser, server.baseUrl, 'mailboxes');
    await page.goto('/login');
    await page.getByLabel('E-mail').fill('admin@demo.local');
    await page.getByLabel('Kata sandi').first().fill('demo1234');
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.waitForURL(/\/admin/);

    await page.getByRole('navigation').getByRole('link', { name: 'Kotak surat' }).click();
    await page.getByRole('button', { name: 'Tambah kotak surat' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Nama', exact: true }).fill('Helpdesk terusan');
    await dialog.getByText('SMTP (diteruskan)').click();
    await dialog.getByRole('textbox', { name: 'Alamat', exact: true }).fill('it@kantor.test');
    await dialog.getByLabel('Kategori bawaan').click();
    await page.getByRole('option').first().click();
    await dialog.getByRole('button', { name: 'Tambah kotak surat' }).click();
    await expect.poll(() => page.getByText('it@kantor.test', { exact: true }).count(), { timeout: 15_000 }).toBe(1);

    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
    await transport.sendMail({
      from: 'Budi <user@demo.local>',
      to: 'it@kantor.test',
      subject: 'Printer lantai 2 tidak bisa mencetak',
      text: 'Sejak pagi printer lantai 2 tidak mencetak.',
    });
    await transport.sendMail({
      from: 'user@demo.local',
      to: 'it@kantor.test',
      subject: 'Sedang cuti',
      text: 'Saya sedang cuti.',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    await transport.sendMail({
      envelope: { from: 'x@demo.local', to: ['it@kantor.test'] },
      raw: 'rusak tanpa header\r\n',
    });
    transport.close();

    await page.reload();
    await expect.poll(() => page.getByText('1 gagal').count(), { timeout: 15_000 }).toBe(1);
    await screenshot(page, 'admin-mailboxes');
    await page.getByRole('button', { name: 'Log Helpdesk terusan' }).click();
    const drawer = page.getByRole('dialog');
    await expect.poll(() => drawer.getByText('Tiket dibuat').count(), { timeout: 15_000 }).toBe(1);
    await expect
      .poll(() => drawer.getByText('Diabaikan', { exact: true }).count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    await expect.poll(() => drawer.getByText(/Auto-Submitted/).count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => drawer.getByText(/sender address/).count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => drawer.getByRole('link', { name: /-\d{6}-\d{5}/ }).count(), { timeout: 15_000 }).toBe(1);
    await screenshot(page, 'admin-mailbox-log');
    await drawer.getByRole('button', { name: /^Coba ulang/ }).click();
    await expect.poll(() => page.getByText('Pesan masuk antrean').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
