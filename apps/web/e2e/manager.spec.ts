import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, launchBrowser, newPage, screenshot, startServer, type RunningServer, signIn } from './harness';

type Api = <T>(method: string, path: string, body?: unknown) => Promise<T>;

async function apiAs(baseUrl: string, email: string): Promise<Api> {
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
    expect(answer.ok, `${method} ${path} -> ${answer.status} ${await answer.clone().text()}`).toBe(true);
    return (await answer.json()) as T;
  };
}

/** Today in the organisation's time zone (the dashboard's days), e.g. 2026-12-03. */
const jakartaToday = () =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Jakarta',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());

interface Ticket {
  id: string;
  ticketNumber: string;
  title: string;
}

/** Screen width never exceeds the viewport: nothing pushes the page sideways on a phone. */
const overflowX = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe('Manager Dashboard and all tickets in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let category: { id: string; name: string };
  const tickets: Ticket[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    // The demo data may be thin on this branch: the tickets this test counts are made here.
    const admin = await apiAs(server.baseUrl, 'admin@demo.local');
    const user = await apiAs(server.baseUrl, 'user@demo.local');
    const staff = await apiAs(server.baseUrl, 'staff@demo.local');
    category = await admin<{ id: string; name: string }>('POST', '/api/categories', {
      name: 'Proyektor E2E',
      description: 'Proyektor ruang rapat',
    });
    for (const [i, title] of [
      'Proyektor rapat berkedip',
      'Proyektor aula tidak menyala',
      'Kabel HDMI proyektor Zeta putus',
      'Remote proyektor hilang',
    ].entries()) {
      tickets.push(
        await user<Ticket>('POST', '/api/tickets', {
          title,
          description: `Tiket uji dasbor ${i + 1}`,
          categoryId: category.id,
        }),
      );
    }
    // One of them taken and resolved, so the figures differ from each other.
    const first = tickets[0]!;
    await staff('POST', `/api/tickets/${first.id}/transitions`, { to: 'IN_PROGRESS' });
    await staff('POST', `/api/tickets/${first.id}/transitions`, {
      to: 'RESOLVED',
      comment: 'Lampu proyektor diganti.',
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a manager changes the range, drills from a chart and a figure into exactly their tickets, and exports XLSX', async () => {
    const manager = await apiAs(server.baseUrl, 'manager@demo.local');
    const { page, context, errors } = await newPage(browser, server.baseUrl, 'manager-dashboard');
    await signIn(page, 'manager@demo.local');
    await page.waitForURL(/\/manager$/);
    await page.getByRole('heading', { name: 'Dasbor manajer' }).waitFor();
    await page.locator('[data-testid="figure-created"]').waitFor();
    // The charts are not part of the sign-in page: their chunk came only with the dashboard.
    const chartsLoaded = await page.evaluate(() =>
      performance.getEntriesByType('resource').some((r) => /ManagerHomePage-.*\.js$/.test(r.name)),
    );
    expect(chartsLoaded).toBe(true);

    // Change the range to "today" (organisation time zone); the figures follow.
    await page.getByRole('combobox', { name: 'Periode' }).click();
    await page.getByRole('option', { name: 'Hari ini' }).click();
    await page.waitForURL(/range=today/);
    const today = jakartaToday();
    const summary = await manager<{ current: { created: number; resolved: number } }>(
      'GET',
      `/api/reports/summary?from=${today}&to=${today}`,
    );
    expect(summary.current.created).toBeGreaterThanOrEqual(4);
    await expect
      .poll(() => page.locator('[data-testid="figure-created"]').textContent())
      .toBe(String(summary.current.created));
    await expect
      .poll(() => page.locator('[data-testid="figure-resolved"]').textContent())
      .toBe(String(summary.current.resolved));
    await screenshot(page, 'manager-dashboard-1280');

    // Drill from the categories chart: the bar of our category opens its tickets.
    const categories = await manager<{ items: { key: string; created: number }[] }>(
      'GET',
      `/api/reports/categories?from=${today}&to=${today}`,
    );
    const figure = categories.items.find((row) => row.key === category.id)?.created;
    expect(figure).toBe(4);
    const chart = page.locator('[data-chart="categories"]');
    const tick = chart.locator('text', { hasText: category.name.split(' ')[0] }).first();
    const tickBox = await tick.boundingBox();
    expect(tickBox).not.toBeNull();
    const bars = chart.locator('.recharts-bar-rectangle path');
    let clicked = false;
    for (let i = 0; i < (await bars.count()); i++) {
      const box = await bars.nth(i).boundingBox();
      const y = tickBox!.y + tickBox!.height / 2;
      if (box && y >= box.y - 2 && y <= box.y + box.height + 2) {
        await bars.nth(i).click();
        clicked = true;
        break;
      }
    }
    expect(clicked).toBe(true);
    await page.waitForURL(/\/manager\/tickets\?/);
    const drilled = new URL(page.url()).searchParams;
    expect(drilled.get('categoryId')).toBe(category.id);
    expect(drilled.get('createdFrom')).toBeTruthy();
    await page.getByRole('heading', { name: 'Semua tiket' }).waitFor();
    await expect.poll(() => page.getByTestId('ticket-total').textContent()).toBe(`Tiket ditemukan: ${figure}`);
    const rows = page.getByRole('table', { name: 'Semua tiket' }).locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(figure);
    for (const ticket of tickets) await page.getByRole('link', { name: ticket.title }).waitFor();
    await screenshot(page, 'manager-drilldown-1280');

    // Export the drilled list as XLSX: a progress bar shows while it streams, then the file is saved.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { exportStates: string[] }).exportStates = seen;
      new MutationObserver(() => {
        const state = document.querySelector('[data-testid="export-progress"]')?.getAttribute('data-state');
        if (state && seen[seen.length - 1] !== state) seen.push(state);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    const downloadStarted = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Ekspor XLSX' }).click();
    const download = await downloadStarted;
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const file = path.join(artifactsDir, 'manager-export.xlsx');
    fs.mkdirSync(artifactsDir, { recursive: true });
    await download.saveAs(file);
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK'); // an XLSX is a zip
    await page.locator('[data-testid="export-progress"][data-state="done"]').waitFor();
    const states = await page.evaluate(() => (window as unknown as { exportStates: string[] }).exportStates);
    expect(states).toEqual(['running', 'done']);
    // The period chip names the day in the organisation's time zone.
    await page.getByText(/^Dibuat \d{1,2} \w{3} \d{4} – \d{1,2} \w{3} \d{4}$/).waitFor();
    expect(await page.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    await screenshot(page, 'manager-export-1280');

    // Back on the dashboard, the "created" figure drills into exactly that many tickets.
    await page.goto('/manager?range=today');
    const createdCard = page.getByRole('link', { name: /^Tiket dibuat:/ });
    await createdCard.click();
    await page.waitForURL(/\/manager\/tickets\?/);
    await expect
      .poll(() => page.getByTestId('ticket-total').textContent())
      .toBe(`Tiket ditemukan: ${summary.current.created}`);

    // The ticket page is read-only for a manager: no actions, no reply box.
    await page.getByRole('link', { name: tickets[1]!.title }).click();
    await page.getByRole('heading', { name: tickets[1]!.title }).waitFor();
    await page.getByText('Anda dapat melihat tiket ini, tetapi tidak mengubah atau membalasnya.').waitFor();
    expect(await page.getByRole('toolbar').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Ambil' }).count()).toBe(0);
    expect(await page.getByRole('textbox', { name: 'Balasan' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the dashboard and the list are readable on a 390 px phone', async () => {
    const { page, context, errors } = await newPage(browser, server.baseUrl, 'manager-phone', {
      width: 390,
      height: 844,
    });
    await signIn(page, 'manager@demo.local');
    await page.goto('/manager?range=today');
    await page.locator('[data-testid="figure-created"]').waitFor();
    await page.locator('[data-chart="categories"] .recharts-bar-rectangle').first().waitFor();
    expect(await overflowX(page)).toBeLessThanOrEqual(0);
    // Cards stack: one per row.
    const boxes = await page.locator('[data-figure]').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().x));
    expect(new Set(boxes.map(Math.round)).size).toBe(1);
    await screenshot(page, 'manager-dashboard-390');
    await page.goto(`/manager/tickets?categoryId=${category.id}`);
    await page.getByRole('list', { name: 'Semua tiket' }).getByRole('listitem').first().waitFor();
    expect(await overflowX(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'manager-tickets-390');
    await page.getByRole('button', { name: 'Buka atau tutup navigasi' }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'Laporan' }).click();
    await page.getByRole('heading', { name: 'Laporan', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Ekspor PDF' }).waitFor();
    // A weekly report e-mail subscription appears in the list.
    await page.getByRole('button', { name: 'Langganan mingguan' }).click();
    await page.getByRole('list', { name: 'Langganan saya' }).getByRole('listitem').getByText('Mingguan').waitFor();
    expect(await overflowX(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'manager-reports-390');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('an admin finds a ticket by search in the all-tickets view', async () => {
    const { page, context, errors } = await newPage(browser, server.baseUrl, 'admin-all-tickets');
    await signIn(page, 'admin@demo.local');
    await page.getByRole('navigation').getByRole('link', { name: 'Semua tiket' }).click();
    await page.getByRole('heading', { name: 'Semua tiket' }).waitFor();
    const wanted = tickets[2]!;
    // "Zeta" is in this test's ticket only (the demo has other HDMI tickets).
    await page.getByRole('textbox', { name: 'Cari' }).fill('Zeta');
    await page.waitForURL(/q=Zeta/);
    const rows = page.getByRole('table', { name: 'Semua tiket' }).locator('tbody tr');
    await expect.poll(() => page.getByTestId('ticket-total').textContent()).toBe('Tiket ditemukan: 1');
    await expect.poll(() => rows.count()).toBe(1);
    await rows.first().getByText(wanted.ticketNumber).waitFor();
    await screenshot(page, 'admin-all-tickets-search-1280');
    await page.getByRole('link', { name: wanted.title }).click();
    await page.waitForURL(new RegExp(`/admin/tickets/${wanted.ticketNumber}`));
    await page.getByRole('heading', { name: wanted.title }).waitFor();
    // Admins "View All Data": the dashboard and the reports are in their menu too.
    await page.getByRole('navigation').getByRole('link', { name: 'Dasbor' }).click();
    await page.waitForURL(/\/admin\/dashboard/);
    await page.getByRole('heading', { name: 'Dasbor manajer' }).waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Laporan' }).click();
    await page.waitForURL(/\/admin\/reports/);
    expect(errors).toEqual([]);
    await context.close();
  });
});
