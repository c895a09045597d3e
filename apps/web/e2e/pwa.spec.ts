import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, startServer, type RunningServer } from './harness';
import { expectPhoneFriendly, expectStatus, phoneContext, signIn } from './phone';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');

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

/** Waits until a service worker controls the page (the first visit installs it, a reload puts it in charge). */
async function controlled(page: Page) {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) await page.reload();
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null))
    .toMatch(/\/sw\.js$/);
}

describe('the installable app on a phone', () => {
  it('has a manifest and a service worker that meet the installability criteria, and opens offline', async () => {
    const { context, page, errors } = await phoneContext(browser, server.baseUrl);
    await page.goto('/login');
    await page.getByRole('button', { name: 'Masuk' }).waitFor();
    await controlled(page);

    const manifest = await page.evaluate(async () => (await fetch('/manifest.webmanifest')).json());
    expect(manifest).toMatchObject({
      lang: 'id',
      short_name: 'Bantu',
      display: 'standalone',
      start_url: '/',
      theme_color: '#1c7ed6',
      translations: { en: { name: 'Bantu — IT Helpdesk' } },
    });
    expect(manifest.name).toContain('Layanan Bantuan TI');
    const purposes = (manifest.icons as { sizes: string; purpose: string }[]).map((i) => `${i.sizes} ${i.purpose}`);
    expect(purposes).toEqual(
      expect.arrayContaining(['192x192 any', '512x512 any', '192x192 maskable', '512x512 maskable']),
    );

    // Chromium's own verdict: the manifest parses and nothing stands in the way of installing.
    const cdp = await context.newCDPSession(page);
    const appManifest = (await cdp.send('Page.getAppManifest')) as { errors: unknown[]; url: string };
    expect(appManifest.errors).toEqual([]);
    expect(appManifest.url).toMatch(/\/manifest\.webmanifest$/);
    const installability = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: unknown[] };
    // Playwright's browser contexts are incognito profiles, where Chromium never installs apps:
    // that one error is the test's setting; every criterion of the app itself must hold.
    const errorIds = (installability.installabilityErrors as { errorId: string }[]).map((e) => e.errorId);
    expect(errorIds.filter((id) => id !== 'in-incognito')).toEqual([]);

    // Signed in, the API answers; none of it lands in the service worker's caches.
    await signIn(page, 'user@demo.local');
    await page.getByRole('heading', { name: 'Tiket saya' }).waitFor();
    const cached = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
      }
      return urls;
    });
    expect(cached).toContain('/index.html');
    expect(cached.some((u) => u.startsWith('/assets/'))).toBe(true);
    expect(cached.filter((u) => u.startsWith('/api/'))).toEqual([]);

    // No connection: the shell still opens at once from the cache.
    await context.setOffline(true);
    await page.goto('/login');
    await page.getByRole('button', { name: 'Masuk' }).waitFor();
    await page.getByLabel('E-mail').waitFor();
    await screenshot(page, 'pwa-01-login-offline');
    await context.setOffline(false);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('shows "update available" when a new version is deployed, and switches to it on request', async () => {
    const { context, page } = await phoneContext(browser, server.baseUrl);
    await page.goto('/login');
    await controlled(page);
    const before = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL);
    const files = ['sw.js', 'sw.js.br', 'sw.js.gz'].map((f) => path.join(dist, f));
    const saved = files.map((f) => (fs.existsSync(f) ? fs.readFileSync(f) : null));
    try {
      // "Deploy" a new version: the same worker with another build stamp, as the server serves it.
      const next = Buffer.concat([saved[0]!, Buffer.from(`\n// build ${Date.now()}\n`)]);
      fs.writeFileSync(files[0]!, next);
      fs.writeFileSync(files[1]!, zlib.brotliCompressSync(next));
      fs.writeFileSync(files[2]!, zlib.gzipSync(next));
      await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
      const notice = page.getByRole('alert').filter({ hasText: 'Versi baru tersedia' });
      await notice.waitFor({ timeout: 30_000 });
      await screenshot(page, 'pwa-02-update-available');
      const reloaded = page.waitForEvent('load');
      await notice.getByRole('button', { name: 'Perbarui' }).tap();
      await reloaded;
      await page.getByRole('button', { name: 'Masuk' }).waitFor();
      const waiting = await page.evaluate(() =>
        navigator.serviceWorker.getRegistration().then((r) => r?.waiting ?? null),
      );
      expect(waiting).toBeNull();
      expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(before);
      expect(await page.getByText('Versi baru tersedia').count()).toBe(0);
    } finally {
      files.forEach((f, i) => (saved[i] ? fs.writeFileSync(f, saved[i]) : fs.rmSync(f, { force: true })));
    }
    await context.close();
  }, 120_000);

  it('a requester reports a problem with a photo from the camera; a technician resolves it; all by touch', async () => {
    const user = await phoneContext(browser, server.baseUrl, 360);
    const staff = await phoneContext(browser, server.baseUrl, 360);
    const title = `Proyektor ruang rapat mati ${Date.now()}`;

    await signIn(user.page, 'user@demo.local');
    await user.page.getByRole('heading', { name: 'Tiket saya' }).waitFor();
    await expectPhoneFriendly(user.page);
    await user.page.goto('/user/tickets/new');
    await user.page.getByLabel('Judul').fill(title);
    await user.page.getByLabel('Deskripsi').fill('Lampu proyektor berkedip lalu mati.');
    await user.page.getByRole('combobox', { name: 'Kategori' }).tap();
    await user.page.getByRole('option', { name: 'Perangkat Keras', exact: true }).tap();
    const photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#884422' } })
      .jpeg()
      .toBuffer();
    // The "Ambil foto" button opens the camera (capture="environment"); the test hands it a picture.
    const chooser = user.page.waitForEvent('filechooser');
    await user.page.getByRole('button', { name: 'Ambil foto' }).tap();
    await (await chooser).setFiles({ name: 'proyektor.jpg', mimeType: 'image/jpeg', buffer: photo });
    await user.page.getByText('proyektor.jpg').first().waitFor();
    await expectPhoneFriendly(user.page);
    await screenshot(user.page, 'pwa-03-phone-new-ticket-with-photo');
    await user.page.getByRole('button', { name: 'Kirim tiket' }).tap();
    await user.page.waitForURL(/\/user\/tickets\/[A-Z]+-\d{6}-\d+$/);
    const number = decodeURIComponent(new URL(user.page.url()).pathname.split('/').pop() ?? '');
    await expectStatus(user.page, 'Terbuka');
    await user.page.getByText('proyektor.jpg').first().waitFor({ timeout: 30_000 });
    await expectPhoneFriendly(user.page);
    await screenshot(user.page, 'pwa-04-phone-ticket-created');

    await signIn(staff.page, 'staff@demo.local');
    await staff.page.goto(`/staff/tickets/${number}`);
    await expectStatus(staff.page, 'Terbuka');
    await staff.page.getByRole('button', { name: 'Ambil tiket' }).tap();
    await expectStatus(staff.page, 'Dikerjakan');
    await expectPhoneFriendly(staff.page);
    await staff.page.getByRole('button', { name: 'Selesaikan' }).tap();
    const dialog = staff.page.getByRole('dialog');
    await dialog.getByLabel('Catatan penyelesaian').fill('Lampu proyektor diganti.');
    await dialog.getByRole('button', { name: 'Tandai selesai' }).tap();
    await dialog.waitFor({ state: 'hidden' });
    await expectStatus(staff.page, 'Diselesaikan');
    await screenshot(staff.page, 'pwa-05-phone-technician-resolved');

    await user.page.reload();
    await expectStatus(user.page, 'Diselesaikan');
    await user.page.getByText('Lampu proyektor diganti.').first().waitFor();
    await expectPhoneFriendly(user.page);
    await screenshot(user.page, 'pwa-06-phone-requester-asked-to-accept');
    expect(user.errors).toEqual([]);
    expect(staff.errors).toEqual([]);
    await user.context.close();
    await staff.context.close();
  }, 240_000);
});
