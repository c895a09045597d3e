import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, startServer, type RunningServer } from './harness';
import { expectPhoneFriendly, expectStatus, phoneContext, signIn } from './phone';

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
async function api<T>(method: string, path: string, token: string, body?: unknown): Promise<T> {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function signedIn(email: string) {
  const response = await fetch(`${server.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'demo1234' }),
  });
  const body = (await response.json()) as { accessToken: string; user: { id: string } };
  return { token: body.accessToken, id: body.user.id };
}

describe('a technician on a 360 px phone', () => {
  it('opens an assigned ticket, replies with a photo of the fix, resolves it, and sees the SLA countdown; all by touch', async () => {
    const requester = await signedIn('user@demo.local');
    const technician = await signedIn('staff@demo.local');
    const categories = await api<{ id: string }[] | { items: { id: string }[] }>(
      'GET',
      '/api/categories',
      requester.token,
    );
    const title = `Wi-Fi lantai 3 putus-putus ${Date.now()}`;
    const ticket = await api<{ id: string; ticketNumber: string }>('POST', '/api/tickets', requester.token, {
      title,
      description: 'Sinyal hilang setiap beberapa menit di ruang rapat lantai 3.',
      categoryId: (Array.isArray(categories) ? categories : categories.items)[0]!.id,
    });
    await api('POST', `/api/tickets/${ticket.id}/assign`, technician.token, { assigneeId: technician.id });

    const { context, page, errors } = await phoneContext(browser, server.baseUrl, 360);
    await signIn(page, 'staff@demo.local');
    await page.getByRole('heading', { name: 'Antrean tiket' }).waitFor();
    // "My tasks": the ticket assigned to this technician, opened by a tap.
    await page.getByRole('tab', { name: /Tugas saya/ }).tap();
    const row = page.getByRole('main').getByRole('link', { name: new RegExp(title) });
    await row.first().waitFor();
    await expectPhoneFriendly(page);
    await screenshot(page, 'technician-01-my-tasks');
    await row.first().tap();
    await page.waitForURL(new RegExp(`/staff/tickets/${ticket.ticketNumber}$`));
    // Assigning starts the work: the ticket is in progress.
    await expectStatus(page, 'Dikerjakan');

    // The SLA countdown of the resolution target: a running (or, out of hours, paused) clock
    // with the time left.
    const resolution = page.getByTestId('sla-clock').getByTestId('sla-resolution');
    await resolution.waitFor();
    await expect.poll(() => resolution.textContent(), { timeout: 15_000 }).toMatch(/(Berjalan|Dijeda).*Sisa \d/);
    expect(await resolution.getByTestId('sla-resolution-deadline').getAttribute('datetime')).toMatch(
      /^\d{4}-\d{2}-\d{2}T/,
    );
    await expectPhoneFriendly(page);
    await screenshot(page, 'technician-02-ticket-sla-countdown');

    // A reply with a photo of the fix, taken with the camera (capture="environment").
    const reply = `Access point lantai 3 sudah diganti ${Date.now()}`;
    await page.getByRole('textbox', { name: 'Balasan' }).fill(reply);
    const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#226688' } })
      .jpeg()
      .toBuffer();
    const chooser = page.waitForEvent('filechooser');
    // The reply box's own camera button (the ticket's attachment panel has another).
    await page.getByRole('region', { name: 'Percakapan' }).getByRole('button', { name: 'Ambil foto' }).tap();
    const camera = await chooser;
    expect(await camera.element().getAttribute('capture')).toBe('environment');
    await camera.setFiles({ name: 'access-point-baru.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.getByText('access-point-baru.jpg').first().waitFor();
    await expectPhoneFriendly(page);
    await screenshot(page, 'technician-03-reply-with-photo');
    await page.getByRole('button', { name: 'Kirim balasan' }).tap();
    await page.getByRole('main').getByText(reply).first().waitFor({ timeout: 30_000 });
    // The photo goes up after the reply, attached to that comment (not as a loose file).
    const photoOfFix = async () => {
      const { items } = await api<{ items: { fileName: string; commentId: string | null }[] }>(
        'GET',
        `/api/tickets/${ticket.id}/attachments`,
        technician.token,
      );
      return items.find((a) => a.fileName === 'access-point-baru.jpg') ?? null;
    };
    await expect.poll(photoOfFix, { timeout: 30_000 }).toMatchObject({ commentId: expect.any(String) });
    await page.getByRole('region', { name: 'Percakapan' }).getByText('access-point-baru.jpg').first().waitFor();
    await screenshot(page, 'technician-04-reply-sent');

    // Resolved, by touch; the resolution clock then stops as met.
    await page.getByRole('button', { name: 'Selesaikan' }).tap();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Catatan penyelesaian').fill('Access point diganti, sinyal stabil.');
    await expectPhoneFriendly(page);
    await dialog.getByRole('button', { name: 'Tandai selesai' }).tap();
    await dialog.waitFor({ state: 'hidden' });
    await expectStatus(page, 'Diselesaikan');
    await expect.poll(() => resolution.textContent(), { timeout: 15_000 }).toContain('Terpenuhi');
    await expectPhoneFriendly(page);
    await screenshot(page, 'technician-05-resolved');

    const after = await api<{ status: string }>('GET', `/api/tickets/${ticket.id}`, technician.token);
    expect(after.status).toBe('RESOLVED');
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);
});
