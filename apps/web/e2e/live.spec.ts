import type { Browser, Page } from 'playwright-core';
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

/** The bell's accessible name carries the unread count: "Notifikasi (3 belum dibaca)". */
async function unreadCount(page: Page): Promise<number> {
  const name = await page.getByRole('button', { name: /^Notifikasi/ }).getAttribute('aria-label');
  const match = /\((\d+) belum dibaca\)/.exec(name ?? '');
  return match ? Number(match[1]) : 0;
}

describe('live updates', () => {
  it('shows a new ticket in the open staff queue and rings the bell, without a reload', async () => {
    const staff = await newPage(browser, server.baseUrl, 'live-staff');
    const user = await newPage(browser, server.baseUrl, 'live-user');
    const title = `Proyektor ruang rapat mati ${Date.now()}`;

    await signIn(staff.page, 'staff@demo.local');
    await staff.page.getByRole('heading', { name: 'Antrean tiket' }).waitFor();
    await staff.page.getByRole('tab', { name: /Belum ditangani/ }).waitFor();
    await staff.page.getByRole('button', { name: /^Notifikasi/ }).waitFor();
    // Give the socket a moment to be up; then note the count and mark the page to detect reloads.
    await staff.page.waitForLoadState('networkidle');
    const before = await unreadCount(staff.page);
    await staff.page.evaluate(() => {
      (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
    });

    await signIn(user.page, 'user@demo.local');
    await user.page.getByRole('main').getByRole('link', { name: 'Buat tiket' }).click();
    await user.page.getByLabel('Judul').fill(title);
    await user.page.getByLabel('Deskripsi').fill('Proyektor tidak menyala sejak pagi.');
    await user.page.getByRole('combobox', { name: 'Kategori' }).click();
    await user.page.getByRole('option', { name: 'Perangkat Keras', exact: true }).click();
    const createResponse = user.page.waitForResponse(
      (res) => res.request().method() === 'POST' && new URL(res.url()).pathname === '/api/tickets',
    );
    await user.page.getByRole('button', { name: 'Kirim tiket' }).click();
    const created = await createResponse;
    expect(created.status()).toBe(201);
    const { ticketNumber } = (await created.json()) as { ticketNumber: string };
    const createdAt = Date.now();

    // The queue shows the new ticket within 2 s of the create response, without a reload.
    await expect
      .poll(() => staff.page.getByRole('link', { name: title }).count(), {
        timeout: Math.max(0, 2000 - (Date.now() - createdAt)),
        interval: 100,
      })
      .toBe(1);
    expect(Date.now() - createdAt).toBeLessThanOrEqual(2500);
    await expect.poll(() => unreadCount(staff.page), { timeout: 5000, interval: 100 }).toBeGreaterThan(before);
    expect(await staff.page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(
      true,
    );
    await screenshot(staff.page, 'live-01-staff-queue-updated');

    // The bell lists the notification; opening it leads to the ticket and marks it read.
    const afterCreate = await unreadCount(staff.page);
    await staff.page.getByRole('button', { name: /^Notifikasi/ }).click();
    const panel = staff.page.getByRole('dialog', { name: 'Notifikasi' });
    const item = panel.getByRole('button', { name: new RegExp(`Andi Pegawai membuat tiket ${ticketNumber}`) });
    await item.waitFor();
    expect(await item.getAttribute('data-unread')).toBe('true');
    await screenshot(staff.page, 'live-02-bell-open');
    await item.click();
    await staff.page.waitForURL(new RegExp(`/staff/tickets/${ticketNumber}$`));
    await expect.poll(() => unreadCount(staff.page), { timeout: 5000 }).toBe(afterCreate - 1);

    // A second staff member on the same ticket: both see the collision warning.
    const staff2 = await newPage(browser, server.baseUrl, 'live-staff2');
    await signIn(staff2.page, 'staff2@demo.local');
    await staff2.page.goto(`/staff/tickets/${ticketNumber}`);
    await staff.page.getByText('Juga sedang membuka: Budi Teknisi').waitFor({ timeout: 5000 });
    await staff2.page.getByText('Juga sedang membuka: Sari Teknisi').waitFor({ timeout: 5000 });
    await screenshot(staff.page, 'live-03-also-viewing');

    // Leaving the ticket clears the warning for the other.
    await staff2.page.goto('/staff');
    await staff.page.getByText('Juga sedang membuka: Budi Teknisi').waitFor({ state: 'detached', timeout: 5000 });

    expect([...staff.errors, ...user.errors, ...staff2.errors]).toEqual([]);
    await Promise.all([staff.context.close(), user.context.close(), staff2.context.close()]);
  });

  it('opens a mail link (/tickets/<number>) in the reader’s own area, after signing in', async () => {
    const staff = await newPage(browser, server.baseUrl, 'live-mail-link');
    const res = await fetch(`${server.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'user@demo.local', password: 'demo1234' }),
    });
    const { accessToken } = (await res.json()) as { accessToken: string };
    const ticket = await fetch(`${server.baseUrl}/api/tickets?limit=1`, {
      headers: { Authorization: `Bearer ${accessToken}` },
    }).then((r) => r.json() as Promise<{ items: { ticketNumber: string }[] }>);
    const number = ticket.items[0]?.ticketNumber;
    expect(number).toBeTruthy();

    await staff.page.goto(`/tickets/${number}`);
    await staff.page.waitForURL(/\/login$/);
    await staff.page.getByLabel('E-mail').fill('staff@demo.local');
    await staff.page.getByLabel('Kata sandi').fill('demo1234');
    await staff.page.getByRole('button', { name: 'Masuk' }).click();
    await staff.page.waitForURL(new RegExp(`/staff/tickets/${number}$`));
    await staff.page
      .getByText(number ?? '')
      .first()
      .waitFor();
    await staff.context.close();
  });
});
