import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';

/** A phone: 390×844 CSS px, touch, mobile viewport, Indonesian. */
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

export async function phoneContext(browser: Browser, baseURL: string, width = PHONE.viewport.width) {
  const context = await browser.newContext({ ...PHONE, viewport: { width, height: 844 }, baseURL, locale: 'id-ID' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

export async function signIn(page: Page, email: string) {
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Kata sandi').fill('demo1234');
  await page.getByRole('button', { name: 'Masuk' }).tap();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** The page does not scroll sideways, and every visible control is at least 44×44 CSS px. */
export async function expectPhoneFriendly(page: Page) {
  const layout = await page.evaluate(() => {
    const small: string[] = [];
    const controls = document.querySelectorAll<HTMLElement>(
      'button, [role="button"], [role="tab"], input:not([type="hidden"]):not([type="file"]):not([type="radio"]):not([type="checkbox"]), select, textarea',
    );
    for (const el of controls) {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (r.width === 0 || r.height === 0 || style.visibility === 'hidden' || el.closest('[aria-hidden="true"]'))
        continue;
      if (r.height < 43.5 || r.width < 43.5) {
        small.push(
          `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}" ${Math.round(r.width)}×${Math.round(r.height)}`,
        );
      }
    }
    // A control's label cut off by its own box (Mantine clips button and segment labels).
    const cut: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('.mantine-Button-label, .mantine-SegmentedControl-label')) {
      if (el.getClientRects().length > 0 && el.scrollWidth > el.clientWidth + 1)
        cut.push((el.textContent ?? '').trim());
    }
    return { scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth, small, cut };
  });
  expect(layout.small).toEqual([]);
  expect(layout.cut).toEqual([]);
  expect(layout.scrollWidth).toBeLessThanOrEqual(layout.width);
}

/** The status badge next to the ticket number. */
export async function expectStatus(page: Page, label: string) {
  await expect
    .poll(() => page.getByRole('main').locator('[data-status]').first().textContent(), { timeout: 15_000 })
    .toBe(label);
}
