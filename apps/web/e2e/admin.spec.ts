import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPage, screenshot, startServer, type RunningServer, submitSignIn } from './harness';

describe('Admin Panel in Chromium', () => {
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

  it('an admin creates a category and a user, and the new user signs in', async () => {
    const { page, context, errors } = await newPage(browser, server.baseUrl, 'admin-flow');
    await submitSignIn(page, 'admin@demo.local', 'demo1234');
    await page.waitForURL(/\/admin/);

    await page.getByRole('navigation').getByRole('link', { name: 'Kategori' }).click();
    await page.getByRole('button', { name: 'Tambah kategori' }).first().click();
    const categoryDialog = page.getByRole('dialog');
    await categoryDialog.getByLabel('Nama').fill('Telepon Kantor');
    await categoryDialog.getByLabel('Deskripsi').fill('Pesawat telepon meja dan IP phone');
    await categoryDialog.getByRole('button', { name: 'Buat kategori' }).click();
    await expect.poll(() => page.getByRole('cell', { name: 'Telepon Kantor', exact: true }).count()).toBe(1);
    await screenshot(page, 'admin-categories');
    // Switched off and on again from its row, each said in a toast.
    await page.getByRole('button', { name: 'Nonaktifkan Telepon Kantor' }).click();
    await expect.poll(() => page.getByText('Kategori Telepon Kantor dinonaktifkan.').count()).toBe(1);
    await page.getByRole('button', { name: 'Aktifkan Telepon Kantor' }).click();
    await expect.poll(() => page.getByText('Kategori Telepon Kantor diaktifkan.').count()).toBe(1);

    await page.getByRole('navigation').getByRole('link', { name: 'Pengguna' }).click();
    await page.getByRole('button', { name: 'Tambah pengguna' }).first().click();
    const userDialog = page.getByRole('dialog');
    await userDialog.getByLabel('Nama').first().fill('Rina Kasir');
    await userDialog.getByLabel('E-mail').first().fill('rina@demo.local');
    // Inviting by e-mail is the default; this admin sets the first password instead.
    await userDialog.getByLabel('Kirim undangan lewat e-mail').uncheck();
    await userDialog.getByLabel('Kata sandi').first().fill('rahasia-rina-1');
    await userDialog.getByLabel('Divisi').fill('Keuangan');
    await userDialog.getByRole('button', { name: 'Buat pengguna' }).click();
    await expect.poll(() => page.getByText('rina@demo.local').count()).toBeGreaterThan(0);
    await screenshot(page, 'admin-users');
    await context.close();

    const second = await newPage(browser, server.baseUrl, 'new-user-signs-in');
    await submitSignIn(second.page, 'rina@demo.local', 'rahasia-rina-1');
    await second.page.waitForURL(/\/user/);
    await expect.poll(() => second.page.getByText('Rina Kasir').count()).toBeGreaterThan(0);
    await screenshot(second.page, 'new-user-home');
    expect(second.errors).toEqual([]);
    expect(errors).toEqual([]);
    await second.context.close();
  });

  it('finds the new user in the audit log by action, actor and day, field by field', async () => {
    const { page, context, errors } = await newPage(browser, server.baseUrl, 'audit-log');
    await submitSignIn(page, 'admin@demo.local', 'demo1234');
    await page.waitForURL(/\/admin/);
    await page.goto('/admin/audit');
    const table = page.getByTestId('audit-table');
    await expect.poll(() => table.getByText('Masuk', { exact: true }).count(), { timeout: 20_000 }).toBeGreaterThan(0);

    await page.getByLabel('Aksi', { exact: true }).first().fill('Pengguna dibuat');
    await page.getByRole('option', { name: 'Pengguna dibuat', exact: true }).click();
    const actor = page.getByLabel('Oleh', { exact: true }).first();
    await actor.fill('Admin Demo');
    await page.getByRole('option', { name: /^Admin Demo/ }).click();
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 20_000 }).toBe(1);
    // The change is shown per field, not as raw JSON.
    await expect.poll(() => table.getByText('rina@demo.local', { exact: true }).count()).toBe(1);
    expect(await table.getByText('email', { exact: true }).count()).toBe(1);
    expect(await table.getByText('{', { exact: false }).count()).toBe(0);
    await screenshot(page, 'admin-audit-filtered');

    // Today keeps the row; yesterday alone (when it is in this month's view) has none.
    const dayButton = (n: number) =>
      page.locator('button.mantine-DatePickerInput-day:not([data-outside])').filter({ hasText: new RegExp(`^${n}$`) });
    const pickDay = async (n: number) => {
      await page.getByLabel('Tanggal', { exact: true }).first().click();
      await dayButton(n).click();
      await dayButton(n).click();
    };
    const today = new Date().getDate();
    await pickDay(today);
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 20_000 }).toBe(1);
    if (today > 1) {
      await pickDay(today - 1);
      await expect.poll(() => page.getByText('Tidak ada kejadian').count(), { timeout: 20_000 }).toBe(1);
      expect(await table.locator('tbody tr').count()).toBe(0);
    }
    await page.keyboard.press('Escape');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('refuses a wrong password with a clear message and keeps the user on the sign-in page', async () => {
    const { page, context } = await newPage(browser, server.baseUrl, 'wrong-password');
    await submitSignIn(page, 'admin@demo.local', 'salah-sekali');
    await expect.poll(() => page.getByText('E-mail atau kata sandi salah.').count()).toBe(1);
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  });

  it('keeps a user out of the Admin Panel and works on a 360 px wide phone', async () => {
    const { page, context } = await newPage(browser, server.baseUrl, 'user-no-admin', { width: 360, height: 740 });
    await submitSignIn(page, 'user@demo.local', 'demo1234');
    await page.waitForURL(/\/user/);
    await page.goto('/admin/users');
    await page.waitForURL(/\/user/);
    // The home page itself, not its loader, is what must fit the phone.
    await page.getByRole('heading', { name: 'Tiket saya' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'phone-user-home');
    await context.close();
  });
});
