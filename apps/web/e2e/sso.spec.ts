import type { Server } from 'node:http';
import Provider from 'oidc-provider';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPage, screenshot, startServer, type RunningServer } from './harness';
import { freePort } from '../../server/test/ports';

/**
 * Single sign-on in Chromium against a real OpenID provider (oidc-provider on a loopback port,
 * its development login and consent pages): provisioning with the mapped role and division,
 * the mapping re-applied after a group change, and a replayed callback refused with a page.
 */
/** What the identity provider knows about each person; a test changes groups between sign-ins. */
const directory = new Map<string, { email: string; name: string; groups: string[]; department: string }>();

describe('Single sign-on with OpenID Connect in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let idp: Server;
  let issuer: string;

  beforeAll(async () => {
    server = await startServer();
    const port = await freePort();
    issuer = `http://127.0.0.1:${port}`;
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: 'bantu',
          client_secret: 'bantu-e2e-secret',
          redirect_uris: [`${server.baseUrl}/api/auth/sso/corp/callback`],
          post_logout_redirect_uris: [`${server.baseUrl}/login`],
          grant_types: ['authorization_code'],
          response_types: ['code'],
        },
      ],
      findAccount: (_ctx: unknown, id: string) => ({
        accountId: id,
        claims: async () => {
          const person = directory.get(id);
          return person
            ? {
                sub: id,
                email: person.email,
                email_verified: true,
                name: person.name,
                groups: person.groups,
                department: person.department,
              }
            : { sub: id };
        },
      }),
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups', 'department'] },
      conformIdTokenClaims: false,
      features: { devInteractions: { enabled: true } },
      cookies: { keys: ['bantu-e2e-cookie-key'] },
      pkce: { required: () => true },
    });
    idp = provider.listen(port, '127.0.0.1');

    // The admin adds the provider through the API (the Admin Panel form posts the same body).
    const login = await fetch(`${server.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@demo.local', password: 'demo1234' }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const created = await fetch(`${server.baseUrl}/api/sso/providers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({
        slug: 'corp',
        kind: 'oidc',
        label: 'Corp ID',
        issuer,
        clientId: 'bantu',
        clientSecret: 'bantu-e2e-secret',
        allowedDomains: ['corp.test'],
        divisionClaim: 'department',
        roleMappings: [
          { group: 'it-helpdesk', role: 'it_staff' },
          { group: 'it-managers', role: 'manager' },
        ],
        divisionMappings: [{ group: 'it-helpdesk', division: 'TI' }],
      }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (idp ? idp.close(() => resolve()) : resolve()));
    await server?.stop();
  });

  /** Through the provider's development login and consent pages; answers the callback URL we saw. */
  async function signInAtProvider(page: Page, account: string) {
    let callbackUrl = '';
    page.on('request', (request) => {
      if (request.url().includes('/api/auth/sso/corp/callback')) callbackUrl = request.url();
    });
    await page.goto('/login');
    await page.getByRole('link', { name: 'Masuk dengan Corp ID' }).click();
    await page.waitForURL(new RegExp(`^${issuer}/interaction/`));
    await page.locator('input[name="login"]').fill(account);
    await page.locator('input[name="password"]').fill('any');
    await page.locator('button[type="submit"]').click();
    // Consent (first sign-in of this account in this browser).
    await page.locator('button[type="submit"]').click();
    return () => callbackUrl;
  }

  it('a new user signs in, gets the mapped role and division; a group change changes the role next time', async () => {
    directory.set('rina', {
      email: 'rina@corp.test',
      name: 'Rina Wijaya',
      groups: ['it-helpdesk'],
      department: 'Operasional',
    });
    const first = await newPage(browser, server.baseUrl, 'sso-first');
    await signInAtProvider(first.page, 'rina');
    await first.page.waitForURL(/\/staff/, { timeout: 20_000 });
    const me = await first.page.evaluate(async () => {
      const res = await fetch('/api/auth/refresh', { method: 'POST' });
      return ((await res.json()) as { user: { role: string; division: string; email: string; name: string } }).user;
    });
    expect(me).toMatchObject({ email: 'rina@corp.test', role: 'it_staff', division: 'TI', name: 'Rina Wijaya' });
    await screenshot(first.page, 'sso-staff-home');
    expect(first.errors).toEqual([]);
    await first.context.close();

    directory.set('rina', { ...directory.get('rina')!, groups: ['it-managers'] });
    const second = await newPage(browser, server.baseUrl, 'sso-second');
    await signInAtProvider(second.page, 'rina');
    await second.page.waitForURL(/\/manager/, { timeout: 20_000 });
    const again = await second.page.evaluate(async () => {
      const res = await fetch('/api/auth/refresh', { method: 'POST' });
      return ((await res.json()) as { user: { role: string; division: string } }).user;
    });
    expect(again).toMatchObject({ role: 'manager', division: 'Operasional' });

    // Sign-out ends the local session and goes on to the provider's end-session page.
    await second.page.getByRole('button', { name: /Menu pengguna/ }).click();
    await second.page.getByRole('menuitem', { name: 'Keluar' }).click();
    await second.page.waitForURL(new RegExp(`^${issuer}/session/end`));
    const ended = await second.page.request.post(`${server.baseUrl}/api/auth/refresh`);
    expect(ended.status()).toBe(401);
    await second.context.close();
  });

  it('a replayed callback (code and state used) is refused with a clear page', async () => {
    directory.set('sari', { email: 'sari@corp.test', name: 'Sari', groups: [], department: 'Keuangan' });
    const { page, context } = await newPage(browser, server.baseUrl, 'sso-replay');
    const callbackUrl = await signInAtProvider(page, 'sari');
    await page.waitForURL(/\/user/, { timeout: 20_000 });
    expect(callbackUrl()).toContain('code=');
    await context.close();

    // Someone replays the same redirect in another browser.
    const other = await newPage(browser, server.baseUrl, 'sso-replay-other');
    await other.page.goto(callbackUrl());
    await other.page.waitForURL(/\/login\?ssoError=state_invalid/);
    await expect
      .poll(() => other.page.getByTestId('sso-error').textContent())
      .toContain('Tautan masuk sudah kedaluwarsa atau sudah dipakai');
    await screenshot(other.page, 'sso-refused');
    const session = await other.page.evaluate(
      async () => (await fetch('/api/auth/refresh', { method: 'POST' })).status,
    );
    expect(session).toBe(401);
    await other.context.close();
  });

  it('an unknown account outside the allowed domains gets no account and a clear page', async () => {
    directory.set('tamu', { email: 'tamu@gmail.test', name: 'Tamu', groups: [], department: '' });
    const { page, context } = await newPage(browser, server.baseUrl, 'sso-domain');
    await signInAtProvider(page, 'tamu');
    await page.waitForURL(/\/login\?ssoError=domain_not_allowed/);
    await expect.poll(() => page.getByTestId('sso-error').textContent()).toContain('Belum ada akun');
    await context.close();
  });
  it('the admin turns password sign-in off in the Admin Panel; only the break-glass admin still uses a password', async () => {
    const { page, context, errors } = await newPage(browser, server.baseUrl, 'sso-admin');
    await page.goto('/login');
    await page.getByLabel('E-mail').fill('admin@demo.local');
    await page.getByLabel('Kata sandi').first().fill('demo1234');
    await page.getByRole('button', { name: 'Masuk', exact: true }).click();
    await page.waitForURL(/\/admin/);
    await page.getByRole('navigation').getByRole('link', { name: 'Single sign-on' }).click();
    await expect.poll(() => page.getByText('Corp ID', { exact: true }).count(), { timeout: 20_000 }).toBe(1);
    await expect
      .poll(() => page.getByText(`${server.baseUrl}/api/auth/sso/corp/callback`, { exact: true }).count(), {
        timeout: 20_000,
      })
      .toBe(1);

    await page.getByRole('combobox', { name: 'Admin darurat (break-glass)' }).click();
    await page.getByRole('option', { name: /admin@demo\.local/ }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Simpan' }).click();
    await page.getByText('Kebijakan masuk disimpan').first().waitFor();
    await page.getByRole('switch', { name: 'Izinkan masuk dengan kata sandi' }).click({ force: true });
    await expect
      .poll(() => page.getByRole('switch', { name: 'Izinkan masuk dengan kata sandi' }).isChecked())
      .toBe(false);
    await screenshot(page, 'sso-admin-panel');
    expect(errors).toEqual([]);
    await context.close();

    const user = await newPage(browser, server.baseUrl, 'sso-password-off');
    await user.page.goto('/login');
    await user.page.getByText('Masuk dengan kata sandi hanya untuk akun admin darurat.').first().waitFor();
    await user.page.getByLabel('E-mail').fill('staff@demo.local');
    await user.page.getByLabel('Kata sandi').first().fill('demo1234');
    await user.page.getByRole('button', { name: 'Masuk', exact: true }).click();
    await expect
      .poll(() => user.page.getByRole('alert').allTextContents())
      .toContainEqual(expect.stringContaining('hanya untuk akun admin darurat'));
    await user.page.getByLabel('E-mail').fill('admin@demo.local');
    await user.page.getByRole('button', { name: 'Masuk', exact: true }).click();
    await user.page.waitForURL(/\/admin/);
    await user.context.close();
  });
});
