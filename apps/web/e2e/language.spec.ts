import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, startServer, type RunningServer } from './harness';
import { phoneContext } from './phone';

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

describe('the interface language', () => {
  it('loads only Indonesian first; the language menu and the English strings come on switch', async () => {
    const { context, page, errors } = await phoneContext(browser, server.baseUrl);
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
    });
    await page.goto('/login');
    await page.getByRole('button', { name: 'Masuk' }).waitFor();
    await page.waitForLoadState('networkidle');
    const english = (list: string[]) => list.filter((p) => /\/assets\/en-[\w-]+\.js$/.test(p));
    const menu = (list: string[]) => list.filter((p) => /\/assets\/LanguageMenu-[\w-]+\.js$/.test(p));
    expect(scripts.filter((p) => /\/assets\/id-[\w-]+\.js$/.test(p))).toHaveLength(1);
    expect(english(scripts)).toEqual([]);
    expect(menu(scripts)).toEqual([]);

    await page.getByRole('button', { name: 'Bahasa: Bahasa Indonesia' }).tap();
    await page.getByRole('menuitem', { name: 'English' }).tap();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(english(scripts)).toHaveLength(1);
    expect(menu(scripts)).toHaveLength(1);
    await screenshot(page, 'language-01-login-english');

    // Remembered on this device: a reload opens in English.
    await page.reload();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
