import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, startServer, type RunningServer } from './harness';
import { expectStatus, phoneContext, signIn } from './phone';

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

/** The API as another client would use it (the test's own requests, not the page's). */
async function api<T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

const tokenOf = async (email: string) =>
  (await api<{ accessToken: string }>('POST', '/api/auth/login', null, { email, password: 'demo1234' })).accessToken;

async function newTicket(token: string, title: string) {
  const categories = await api<{ items: { id: string }[] } | { id: string }[]>('GET', '/api/categories', token);
  const list = Array.isArray(categories) ? categories : categories.items;
  return api<{ id: string; ticketNumber: string; version: number }>('POST', '/api/tickets', token, {
    title,
    description: 'Dibuat oleh uji antrean luring.',
    categoryId: list[0]!.id,
  });
}

describe('the offline queue', () => {
  it('keeps a reply written offline as "waiting", and sends it exactly once when the connection returns', async () => {
    const userToken = await tokenOf('user@demo.local');
    const ticket = await newTicket(userToken, `Printer tidak mau mencetak ${Date.now()}`);
    const { context, page, errors } = await phoneContext(browser, server.baseUrl);
    const posted: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/comments')) posted.push(r.url());
    });
    await signIn(page, 'user@demo.local');
    await page.goto(`/user/tickets/${ticket.ticketNumber}`);
    await expectStatus(page, 'Terbuka');

    await context.setOffline(true);
    await page.getByText('Tidak ada koneksi.', { exact: false }).waitFor();
    const text = `Sudah dicoba printer lain, sama saja ${Date.now()}`;
    await page.getByRole('textbox', { name: 'Balasan' }).fill(text);
    await page.getByRole('button', { name: 'Kirim balasan' }).tap();
    const waiting = page.getByTestId('offline-waiting');
    await waiting.getByText('Balasan menunggu dikirim').waitFor();
    await waiting.getByText(text).waitFor();
    expect(posted).toEqual([]);
    // Still there after the page is reloaded from the service worker's cache... or simply kept in IndexedDB.
    await screenshot(page, 'offline-01-reply-waiting');

    await context.setOffline(false);
    await waiting.waitFor({ state: 'detached', timeout: 30_000 });
    await page.getByRole('main').getByText(text).first().waitFor({ timeout: 15_000 });
    await screenshot(page, 'offline-02-reply-sent');
    // A second "online" and a reload send nothing more.
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await page.reload();
    await page.getByRole('main').getByText(text).first().waitFor();
    const comments = await api<{ comment: string }[] | { items: { comment: string }[] }>(
      'GET',
      `/api/tickets/${ticket.id}/comments`,
      userToken,
    );
    const list = Array.isArray(comments) ? comments : comments.items;
    expect(list.filter((c) => c.comment === text)).toHaveLength(1);
    expect(posted).toHaveLength(1);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('reports a status change that conflicts with a change made meanwhile, and keeps its text', async () => {
    const userToken = await tokenOf('user@demo.local');
    const staffToken = await tokenOf('staff@demo.local');
    const ticket = await newTicket(userToken, `Kabel LAN putus ${Date.now()}`);
    await api('POST', `/api/tickets/${ticket.id}/transitions`, staffToken, { to: 'IN_PROGRESS' });

    const { context, page } = await phoneContext(browser, server.baseUrl);
    await signIn(page, 'staff@demo.local');
    await page.goto(`/staff/tickets/${ticket.ticketNumber}`);
    await expectStatus(page, 'Dikerjakan');

    await context.setOffline(true);
    await page.getByText('Tidak ada koneksi.', { exact: false }).waitFor();
    const reason = `Menunggu kabel pengganti dari gudang ${Date.now()}`;
    await page.getByRole('button', { name: 'Tunda', exact: true }).tap();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Alasan penundaan').fill(reason);
    await dialog.getByRole('button', { name: 'Tunda tiket' }).tap();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('offline-waiting').getByText('Perubahan status ke "Ditunda" menunggu dikirim').waitFor();

    // Meanwhile a colleague raises the priority from another device: the version moves on.
    const current = await api<{ version: number; priorityId: string }>('GET', `/api/tickets/${ticket.id}`, staffToken);
    const priorities = await api<{ id: string }[] | { items: { id: string }[] }>('GET', '/api/priorities', staffToken);
    const other = (Array.isArray(priorities) ? priorities : priorities.items).find((p) => p.id !== current.priorityId);
    await api('PATCH', `/api/tickets/${ticket.id}`, staffToken, { version: current.version, priorityId: other!.id });

    await context.setOffline(false);
    const conflict = page.getByTestId('offline-conflict');
    await conflict.waitFor({ timeout: 30_000 });
    await conflict.getByText('Perubahan status tidak dapat dikirim').waitFor();
    // Why, in the user's language (the server's own detail is English).
    expect(await conflict.getByTestId('conflict-reason').textContent()).toBe(
      'Tiket diubah orang lain sementara Anda luring.',
    );
    expect(await conflict.getByTestId('kept-text').textContent()).toBe(reason);
    await screenshot(page, 'offline-03-status-conflict');
    // Nothing went through: the ticket is still being worked on.
    const after = await api<{ status: string }>('GET', `/api/tickets/${ticket.id}`, staffToken);
    expect(after.status).toBe('IN_PROGRESS');
    // The conflict stays until the user discards it (a reload keeps it).
    await page.reload();
    await page.getByTestId('offline-conflict').getByTestId('kept-text').getByText(reason).waitFor();
    await page.getByTestId('offline-conflict').getByRole('button', { name: 'Buang' }).tap();
    await page.getByTestId('offline-conflict').waitFor({ state: 'detached' });
    await context.close();
  }, 120_000);
});
