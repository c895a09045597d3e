import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPage, screenshot, startServer, type RunningServer, signIn } from './harness';

/** How far the page scrolls sideways (0 = it fits). */
const sidewaysOverflow = (page: Page) =>
  page.evaluate(() => {
    const el = document.scrollingElement!;
    return el.scrollWidth - el.clientWidth;
  });

/** The element is on screen horizontally: not cut off, not behind a sideways scroll. */
async function fullyInView(page: Page, locator: ReturnType<Page['locator']>) {
  const box = await locator.boundingBox();
  const width = page.viewportSize()!.width;
  return box !== null && box.width > 0 && box.x >= 0 && box.x + box.width <= width + 0.5;
}

const activeNav = (page: Page) => page.getByRole('navigation').locator('a[aria-current="page"]').allTextContents();

describe('layout in Chromium', () => {
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

  it('the staff queue fits 1280 px with its SLA column; one menu entry is lit; a ticket opens at its top', async () => {
    const { page, context, errors } = await newPage(browser, server.baseUrl, 'layout-queue');
    await signIn(page, 'staff@demo.local');
    await page
      .getByRole('tab', { name: /Semua aktif|Semua/ })
      .first()
      .click();
    const table = page.getByRole('table', { name: 'Antrean tiket' });
    await table.getByRole('row').nth(10).waitFor();
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    // Nor does the table scroll inside its own box: the SLA column is on screen.
    const sla = table.getByRole('columnheader', { name: 'SLA', exact: true });
    expect(await fullyInView(page, sla)).toBe(true);
    expect(await fullyInView(page, table.locator('[data-sla]').first())).toBe(true);
    await screenshot(page, 'layout-queue-1280');
    expect(await activeNav(page)).toEqual(['Antrean tiket']);

    // Far down the list, open a ticket: its page starts at the top, and the queue stays lit alone.
    const link = table.getByRole('link').nth(12);
    await link.scrollIntoViewIfNeeded();
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(100);
    const title = (await link.textContent())!;
    await link.click();
    await page.waitForURL(/\/staff\/tickets\//);
    await page.getByRole('heading', { name: title, level: 2 }).waitFor();
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    expect(await activeNav(page)).toEqual(['Antrean tiket']);
    await screenshot(page, 'layout-ticket-1280');

    await page.getByRole('navigation').getByRole('link', { name: 'Status SLA' }).click();
    await page.getByRole('heading', { name: 'Status SLA', level: 2 }).waitFor();
    expect(await activeNav(page)).toEqual(['Status SLA']);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a link opens in the app, a modified click opens a new tab, and Back returns to the list', async () => {
    const { page, context, errors } = await newPage(browser, server.baseUrl, 'layout-links');
    await signIn(page, 'staff@demo.local');
    const table = page.getByRole('table', { name: 'Antrean tiket' });
    const link = table.getByRole('link').first();
    await link.waitFor();
    const href = (await link.getAttribute('href'))!;
    expect(href).toMatch(/^\/staff\/tickets\//);

    // Ctrl-click is the browser's (a new tab), not the app's: this page stays on the queue.
    const [opened] = await Promise.all([context.waitForEvent('page'), link.click({ modifiers: ['Control'] })]);
    await opened.waitForURL(`**${href}`);
    expect(new URL(page.url()).pathname).toBe('/staff');
    await opened.close();

    // A plain click navigates inside the app; Back shows the queue again.
    await link.click();
    await page.waitForURL(`**${href}`);
    await page.goBack();
    await page.waitForURL(/\/staff$/);
    await table.getByRole('link').first().waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('admin tables show status and actions on a 390 px phone, one menu entry lit at a time', async () => {
    const { page, context, errors } = await newPage(browser, server.baseUrl, 'layout-admin-phone', {
      width: 390,
      height: 844,
    });
    await signIn(page, 'admin@demo.local');
    const pages: { path: string; heading: string; status: boolean; actions: boolean }[] = [
      { path: 'users', heading: 'Pengguna', status: true, actions: true },
      { path: 'categories', heading: 'Kategori', status: true, actions: true },
      { path: 'priorities', heading: 'Prioritas', status: true, actions: true },
      { path: 'sla-rules', heading: 'Aturan SLA', status: true, actions: true },
      { path: 'sla-calendar', heading: 'Kalender jam kerja', status: false, actions: true },
      { path: 'escalation-levels', heading: 'Level eskalasi', status: true, actions: true },
      { path: 'deliveries', heading: 'Pengiriman', status: false, actions: false },
      { path: 'mails', heading: 'Surel', status: false, actions: false },
    ];
    for (const entry of pages) {
      await page.goto(`/admin/${entry.path}`);
      const table = page.getByRole('table').last();
      await table.getByRole('columnheader').first().waitFor();
      await page.waitForLoadState('networkidle');
      expect({ page: entry.path, overflow: await sidewaysOverflow(page) }).toEqual({ page: entry.path, overflow: 0 });
      if (entry.status) {
        const status = table.getByRole('columnheader', { name: 'Status', exact: true });
        expect({ page: entry.path, status: await fullyInView(page, status) }).toEqual({
          page: entry.path,
          status: true,
        });
      }
      if (entry.actions) {
        const actions = table.getByRole('columnheader', { name: 'Aksi', exact: true });
        expect({ page: entry.path, actions: await fullyInView(page, actions) }).toEqual({
          page: entry.path,
          actions: true,
        });
        const button = table.getByRole('row').nth(1).getByRole('button').last();
        expect({ page: entry.path, button: await fullyInView(page, button) }).toEqual({
          page: entry.path,
          button: true,
        });
      }
      await screenshot(page, `layout-admin-${entry.path}-390`);
    }
    // The navbar (behind the burger on a phone) lights the SLA rules page only, not the monitor.
    await page.goto('/admin/sla-rules');
    await page.getByRole('heading', { name: 'Aturan SLA', level: 2 }).waitFor();
    expect(await activeNav(page)).toEqual(['Aturan SLA']);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the SLA rule screen says what applies; a requester sees a plain target', async () => {
    const { page, context, errors } = await newPage(browser, server.baseUrl, 'layout-sla-rules');
    await signIn(page, 'admin@demo.local');
    await page.goto('/admin/sla-rules');
    const table = page.getByRole('table', { name: 'Aturan SLA' });
    await table.getByRole('row', { name: /Kritis/ }).waitFor();
    expect(
      await table
        .getByRole('row', { name: /Kritis/ })
        .locator('[data-mode]')
        .textContent(),
    ).toBe('24x7');
    expect(
      await table
        .getByRole('row', { name: /Tinggi/ })
        .locator('[data-mode]')
        .textContent(),
    ).toBe('Jam kerja');
    await page.getByTestId('sla-rules-calendar').getByText('Asia/Jakarta', { exact: false }).waitFor();
    await screenshot(page, 'layout-sla-rules-1280');

    // With a 24x7 calendar a "business hours" rule counts every minute, and the screen says so.
    const login = await fetch(`${server.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'admin@demo.local', password: 'demo1234' }),
    });
    const token = ((await login.json()) as { accessToken: string }).accessToken;
    const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const calendar = (await (await fetch(`${server.baseUrl}/api/sla/calendar`, { headers })).json()) as {
      timezone: string;
      week: unknown[];
    };
    const put = await fetch(`${server.baseUrl}/api/sla/calendar`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ timezone: calendar.timezone, alwaysOpen: true, week: calendar.week }),
    });
    expect(put.status).toBe(200);
    await page.reload();
    await table.getByRole('row', { name: /Tinggi/ }).waitFor();
    expect(
      await table
        .getByRole('row', { name: /Tinggi/ })
        .locator('[data-mode]')
        .textContent(),
    ).toBe('24x7 (kalender tanpa jam kerja)');
    expect(
      await table
        .getByRole('row', { name: /Kritis/ })
        .locator('[data-mode]')
        .textContent(),
    ).toBe('24x7');
    await page
      .getByTestId('sla-rules-calendar')
      .getByText(/berjalan 24x7/)
      .waitFor();
    await screenshot(page, 'layout-sla-rules-24x7-1280');
    await context.close();

    const requester = await newPage(browser, server.baseUrl, 'layout-requester-target', { width: 390, height: 844 });
    await signIn(requester.page, 'user@demo.local');
    await requester.page
      .getByRole('link', { name: /Printer|Laptop|VPN|Wi-Fi|Email|Akun|Monitor|Aplikasi/ })
      .first()
      .waitFor();
    // An active ticket of Andi's: the queue lists active ones first.
    const res = await fetch(`${server.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'user@demo.local', password: 'demo1234' }),
    });
    const { accessToken } = (await res.json()) as { accessToken: string };
    const list = (await (
      await fetch(`${server.baseUrl}/api/tickets?status=IN_PROGRESS`, {
        headers: { Authorization: `Bearer ${accessToken}` },
      })
    ).json()) as { items: { ticketNumber: string }[] };
    expect(list.items.length).toBeGreaterThan(0);
    await requester.page.goto(`/user/tickets/${list.items[0]!.ticketNumber}`);
    const target = requester.page.getByTestId('sla-target');
    await target.waitFor();
    expect(await target.textContent()).toMatch(/Target: selesai paling lambat \d/);
    expect(await requester.page.getByTestId('sla-clock').count()).toBe(0);
    expect(await requester.page.getByText(/menit kerja|jam kerja/).count()).toBe(0);
    await screenshot(requester.page, 'layout-requester-ticket-390');
    expect(requester.errors).toEqual([]);
    expect(errors).toEqual([]);
    await requester.context.close();
  });
});
