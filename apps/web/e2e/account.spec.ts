import { generate } from 'otplib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPage, screenshot, startServer, submitSignIn, type RunningServer } from './harness';

/** A code for a later 30-second step: the step of the code just used is spent. */
const codeAt = (secret: string, stepsAhead: number) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + stepsAhead * 30 });

describe('second factor (TOTP) in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let secret = '';
  let recoveryCodes: string[] = [];
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('enrols from the profile: QR code, secret and ten recovery codes', async () => {
    const { page, context, errors } = await newPage(browser, server.baseUrl, 'totp-enrol');
    await submitSignIn(page, 'staff@demo.local');
    await page.waitForURL(/\/staff/);
    await page.goto('/profile');
    await page.getByRole('button', { name: 'Atur', exact: true }).click();
    await expect
      .poll(() => page.getByRole('img', { name: 'Kode QR untuk aplikasi autentikator' }).count(), { timeout: 20_000 })
      .toBe(1);
    secret = (await page.getByTestId('totp-secret').innerText()).trim();
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await page.getByLabel('Kode').fill(await codeAt(secret, 0));
    await page.getByRole('button', { name: 'Aktifkan', exact: true }).click();
    await expect.poll(() => page.getByTestId('recovery-codes').locator('code').count(), { timeout: 20_000 }).toBe(10);
    recoveryCodes = await page.getByTestId('recovery-codes').locator('code').allInnerTexts();
    await expect.poll(() => page.getByTestId('2fa-status').textContent(), { timeout: 20_000 }).toBe('Aktif');
    await screenshot(page, 'account-totp-enrolled');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('signs in with a code from the app after the password', async () => {
    const { page, context, errors } = await newPage(browser, server.baseUrl, 'totp-sign-in');
    await submitSignIn(page, 'staff@demo.local');
    await expect
      .poll(() => page.getByText('Masukkan kode 6 angka dari aplikasi autentikator Anda.').count(), { timeout: 20_000 })
      .toBe(1);
    expect(page.url()).toMatch(/\/login/);
    await page.getByLabel('Kode').fill('000000');
    await page.getByRole('button', { name: 'Verifikasi' }).click();
    await expect.poll(() => page.getByRole('alert').count(), { timeout: 20_000 }).toBe(1);
    await page.getByLabel('Kode').fill(await codeAt(secret, 1));
    await page.getByRole('button', { name: 'Verifikasi' }).click();
    await page.waitForURL(/\/staff/);
    await screenshot(page, 'account-totp-signed-in');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('signs in with a recovery code, which then no longer works', async () => {
    for (const attempt of ['first', 'again'] as const) {
      const { page, context } = await newPage(browser, server.baseUrl, `totp-recovery-${attempt}`);
      await submitSignIn(page, 'staff@demo.local');
      await page.getByRole('button', { name: 'Pakai kode pemulihan' }).click();
      await page.getByLabel('Kode pemulihan').fill(recoveryCodes[0]!);
      await page.getByRole('button', { name: 'Verifikasi' }).click();
      if (attempt === 'first') {
        await page.waitForURL(/\/staff/);
      } else {
        await expect.poll(() => page.getByRole('alert').count(), { timeout: 20_000 }).toBe(1);
        expect(page.url()).toMatch(/\/login/);
        await screenshot(page, 'account-recovery-code-used');
      }
      await context.close();
    }
  });

  it('with "require for admins and managers" on, a manager enrols at the next sign-in', async () => {
    const admin = await newPage(browser, server.baseUrl, 'totp-required-setting');
    await submitSignIn(admin.page, 'admin@demo.local');
    await admin.page.waitForURL(/\/admin/);
    await admin.page.goto('/admin/settings');
    const toggle = admin.page.getByLabel('Wajibkan verifikasi dua langkah untuk admin dan manajer');
    await toggle.check({ force: true });
    await admin.page.locator('form button[type="submit"]').last().click();
    await expect
      .poll(() => admin.page.getByText('Pengaturan tersimpan.').count(), { timeout: 20_000 })
      .toBeGreaterThan(0);
    await admin.context.close();

    const { page, context, errors } = await newPage(browser, server.baseUrl, 'totp-required-enrol');
    await submitSignIn(page, 'manager@demo.local');
    await expect
      .poll(() => page.getByText('Aktifkan verifikasi dua langkah').count(), { timeout: 20_000 })
      .toBeGreaterThan(0);
    const managerSecret = (await page.getByTestId('totp-secret').innerText()).trim();
    await screenshot(page, 'account-required-enrolment');
    await page.getByLabel('Kode').fill(await codeAt(managerSecret, 0));
    await page.getByRole('button', { name: 'Aktifkan', exact: true }).click();
    await expect.poll(() => page.getByTestId('recovery-codes').locator('code').count(), { timeout: 20_000 }).toBe(10);
    // Not signed in until the codes were seen.
    expect(page.url()).toMatch(/\/login/);
    await page.getByRole('button', { name: 'Lanjut' }).click();
    await page.waitForURL(/\/manager/);
    expect(errors).toEqual([]);
    await context.close();

    // The next sign-in asks for a code.
    const next = await newPage(browser, server.baseUrl, 'totp-required-next');
    await submitSignIn(next.page, 'manager@demo.local');
    await expect
      .poll(() => next.page.getByText('Masukkan kode 6 angka dari aplikasi autentikator Anda.').count(), {
        timeout: 20_000,
      })
      .toBe(1);
    await next.context.close();
  });

  it("CSP: websockets reach the app's own origin only", async () => {
    const { page, context } = await newPage(browser, server.baseUrl, 'csp-websocket');
    const response = await page.goto('/login');
    const csp = response!.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/connect-src[^;]*\bws:/);
    const port = new URL(server.baseUrl).port;
    const outcome = await page.evaluate(async (p) => {
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.blockedURI));
      const open = (url: string) =>
        new Promise<string>((resolve) => {
          try {
            const ws = new WebSocket(url);
            ws.onopen = () => resolve('open');
            ws.onclose = (e) => resolve(`closed ${e.code}`);
            ws.onerror = () => resolve('error');
          } catch (error) {
            resolve(`threw ${(error as Error).name}`);
          }
        });
      // Same host and port: allowed (the server then closes it: no token).
      const same = await open(`ws://127.0.0.1:${p}/api/realtime`);
      // Same server under another host name: another origin, refused by the browser.
      const other = await open(`ws://localhost:${p}/api/realtime`);
      await new Promise((r) => setTimeout(r, 200));
      return { same, other, violations };
    }, port);
    expect(outcome.same).not.toBe('error');
    expect(outcome.violations.some((v) => v.includes('localhost'))).toBe(true);
    expect(outcome.violations.some((v) => v.includes('127.0.0.1'))).toBe(false);
    expect(outcome.other === 'error' || outcome.other.startsWith('threw')).toBe(true);
    await context.close();
  });
});
