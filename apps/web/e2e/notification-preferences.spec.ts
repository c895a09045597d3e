import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPage, screenshot, startServer, type RunningServer, signIn } from './harness';

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

/** Calls the API as a demo user (what another person does meanwhile). */
async function api(email: string) {
  const login = await fetch(`${server.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'demo1234' }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  return async <T>(method: string, url: string, body?: object): Promise<T> => {
    const res = await fetch(`${server.baseUrl}${url}`, {
      method,
      headers: { authorization: `Bearer ${accessToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw new Error(`${method} ${url} -> ${res.status}: ${await res.text()}`);
    return (await res.json()) as T;
  };
}

/** HH:MM in Jakarta (the demo organisation's time zone), `offset` minutes from now. */
function jakartaTime(offset: number): string {
  const at = new Date(Date.now() + offset * 60_000);
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Jakarta',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
}

describe('notification preferences', () => {
  it('an admin locks a default on; a user sees it, sets quiet hours, and the bell shows the e-mail held', async () => {
    const admin = await newPage(browser, server.baseUrl, 'prefs-admin');
    await signIn(admin.page, 'admin@demo.local');
    await admin.page.goto('/admin/settings');
    const defaults = admin.page.getByRole('region', { name: 'Notifikasi bawaan' });
    await defaults.getByRole('button', { name: 'Status berubah: E-mail – Wajibkan untuk semua' }).click();
    await defaults.getByRole('button', { name: 'Simpan' }).click();
    await admin.page.getByText('Notifikasi bawaan disimpan.').waitFor();
    await screenshot(admin.page, 'notification-defaults-admin');
    expect(admin.errors).toEqual([]);
    await admin.context.close();

    const { page, errors } = await newPage(browser, server.baseUrl, 'prefs-user');
    await signIn(page, 'user@demo.local');
    await page.goto('/profile');
    const panel = page.getByRole('region', { name: 'Notifikasi', exact: true });
    // The locked channel is on and cannot be unticked; the others can.
    const locked = page.getByRole('checkbox', { name: 'Status berubah: E-mail' });
    expect(await locked.isChecked()).toBe(true);
    expect(await locked.isDisabled()).toBe(true);
    await page.getByRole('checkbox', { name: 'Tiket ditugaskan: E-mail' }).uncheck();
    await page.getByRole('switch', { name: 'Jam tenang' }).check();
    await page.getByRole('textbox', { name: 'Mulai', exact: true }).fill(jakartaTime(-60));
    await page.getByRole('textbox', { name: 'Sampai', exact: true }).fill(jakartaTime(120));
    await panel.getByRole('button', { name: 'Simpan' }).click();
    await page.getByText('Preferensi notifikasi disimpan.').waitFor();
    await page.reload();
    await panel.getByRole('checkbox', { name: 'Tiket ditugaskan: E-mail' }).waitFor();
    expect(await page.getByRole('checkbox', { name: 'Tiket ditugaskan: E-mail' }).isChecked()).toBe(false);
    expect(await page.getByRole('switch', { name: 'Jam tenang' }).isChecked()).toBe(true);
    await screenshot(page, 'notification-preferences-profile');

    // Meanwhile staff take the user's ticket and reply to it.
    const asUser = await api('user@demo.local');
    const asStaff = await api('staff@demo.local');
    const categories = await asUser<{ items: { id: string }[] }>('GET', '/api/categories');
    const ticket = await asUser<{ id: string; ticketNumber: string }>('POST', '/api/tickets', {
      title: `Headset rusak ${Date.now()}`,
      description: 'Suara putus-putus',
      categoryId: categories.items[0]!.id,
    });
    const me = await asStaff<{ id: string }>('GET', '/api/auth/me');
    await asStaff('POST', `/api/tickets/${ticket.id}/assign`, { assigneeId: me.id });
    await asStaff('POST', `/api/tickets/${ticket.id}/comments`, { comment: 'Headset baru sedang dikirim' });

    // The bell rings (live) and each item says what happened to its e-mail.
    await expect
      .poll(async () => page.getByRole('button', { name: /belum dibaca/ }).count(), { timeout: 10_000 })
      .toBe(1);
    await page.getByRole('button', { name: /^Notifikasi/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Notifikasi' });
    await expect
      .poll(async () => dialog.getByTestId('delivery-state').allInnerTexts(), { timeout: 10_000 })
      // The reply's e-mail and the ticket's receipt ("we received your ticket") both wait.
      .toEqual([
        expect.stringMatching(/^E-mail ditahan hingga .+ \(jam tenang\)$/),
        expect.stringMatching(/^E-mail ditahan hingga .+ \(jam tenang\)$/),
      ]);
    // The assignment (e-mail off) is there too, without any held e-mail.
    expect(await dialog.getByText(ticket.ticketNumber).count()).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'notification-bell-held');
    expect(errors).toEqual([]);
  });
});
