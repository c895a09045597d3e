import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtp } from '../../server/test/smtp';
import { launchBrowser, newPage, screenshot, startServer, submitSignIn, type RunningServer } from './harness';

describe('invitations from the Users page in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  beforeAll(async () => {
    smtp = await startSmtp();
    server = await startServer({
      SMTP_URL: smtp.url,
      MAIL_FROM: 'bantu@demo.local',
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.stop();
  });

  it('an admin invites a user, who sets their own password from the e-mailed link and signs in', async () => {
    const admin = await newPage(browser, server.baseUrl, 'invite-admin');
    await submitSignIn(admin.page, 'admin@demo.local');
    await admin.page.waitForURL(/\/admin/);
    await admin.page.goto('/admin/users');
    await admin.page.getByRole('button', { name: 'Tambah pengguna' }).click();
    const dialog = admin.page.getByRole('dialog');
    await dialog.getByLabel(/^Nama/).fill('Sari Undangan');
    await dialog.getByLabel(/^E-mail/).fill('sari.undangan@demo.local');
    await dialog.getByLabel('Divisi').fill('Keuangan');
    // Inviting is the default: no password is asked of the admin.
    expect(await dialog.getByLabel('Kirim undangan lewat e-mail').isChecked()).toBe(true);
    expect(await dialog.locator('input[type="password"]').count()).toBe(0);
    await screenshot(admin.page, 'users-invite-dialog');
    await dialog.getByRole('button', { name: 'Kirim undangan' }).click();
    await expect
      .poll(() => admin.page.getByText('Undangan untuk Sari Undangan dikirim ke sari.undangan@demo.local.').count(), {
        timeout: 20_000,
      })
      .toBe(1);
    await expect.poll(() => admin.page.getByRole('cell', { name: /^Sari Undangan/ }).count()).toBe(1);
    expect(admin.errors).toEqual([]);
    await admin.context.close();

    // The mail arrives through the worker's delivery job.
    await expect
      .poll(
        () => smtp.messages.filter((m) => m.to && JSON.stringify(m.to).includes('sari.undangan@demo.local')).length,
        {
          timeout: 30_000,
        },
      )
      .toBe(1);
    const mail = smtp.messages.find((m) => JSON.stringify(m.to).includes('sari.undangan@demo.local'))!;
    const link = /https?:\/\/\S+\/account\/invite\S*/.exec(mail.text ?? '')?.[0];
    expect(link, mail.text).toBeDefined();

    const invited = await newPage(browser, server.baseUrl, 'invite-accept');
    await invited.page.goto(new URL(link!).pathname + new URL(link!).search + new URL(link!).hash);
    await expect
      .poll(() => invited.page.getByText('Selamat datang: buat kata sandi Anda').count(), { timeout: 20_000 })
      .toBe(1);
    await invited.page.getByLabel(/^Kata sandi baru/).fill('sari-punya-sandi-1');
    await invited.page.getByLabel('Ulangi kata sandi baru').fill('sari-punya-sandi-1');
    await invited.page.getByRole('button', { name: 'Simpan kata sandi' }).click();
    await expect
      .poll(() => invited.page.getByText('Kata sandi Anda tersimpan. Silakan masuk.').count(), { timeout: 20_000 })
      .toBe(1);
    await submitSignIn(invited.page, 'sari.undangan@demo.local', 'sari-punya-sandi-1');
    await invited.page.waitForURL(/\/user/);
    await screenshot(invited.page, 'users-invite-signed-in');
    expect(invited.errors).toEqual([]);
    await invited.context.close();
  });
});
