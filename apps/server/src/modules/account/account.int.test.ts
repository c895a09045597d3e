import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs, TEST_PASSWORD, type TestApp } from '@test/app';
import { makeUser } from '@test/factories';
import { startSmtp } from '@test/smtp';
import { startTestWorker, until } from '@test/worker';
import { smtpMailer } from '@/infra/mail/mailer';
import { RECOVERY_CODE_COUNT } from './account.totp';

const post = (t: TestApp, url: string, payload: object, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url, payload, headers });

/** A code for the next time step: the step of a code just used is spent. */
const codeAt = (secret: string, offsetSteps = 0) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSteps * 30 });

async function enrol(t: TestApp, headers: Record<string, string>) {
  const setup = await post(t, '/api/account/2fa/setup', {}, headers);
  expect(setup.statusCode, setup.body).toBe(200);
  const { secret, qrDataUrl, otpauthUrl } = setup.json();
  expect(qrDataUrl).toMatch(/^data:image\/png;base64,/);
  expect(otpauthUrl).toContain(`secret=${secret}`);
  const enable = await post(t, '/api/account/2fa/enable', { code: await codeAt(secret) }, headers);
  expect(enable.statusCode, enable.body).toBe(200);
  return { secret: secret as string, recoveryCodes: enable.json().recoveryCodes as string[] };
}

describe('TOTP second factor', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('enrols, then asks for a code after the password; a code works once; recovery codes work once', async () => {
    const me = await loginAs(t.app, 'it_staff');
    const { secret, recoveryCodes } = await enrol(t, me.headers);
    expect(recoveryCodes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(recoveryCodes).size).toBe(RECOVERY_CODE_COUNT);
    // Secrets and codes are not stored in the clear.
    const row = await t.app.db.selectFrom('users').selectAll().where('id', '=', me.user.id).executeTakeFirstOrThrow();
    expect(row.totp_secret).toMatch(/^v1:/);
    expect(row.totp_secret).not.toContain(secret);
    const stored = await t.app.db
      .selectFrom('user_recovery_codes')
      .select('code_hash')
      .where('user_id', '=', me.user.id)
      .execute();
    expect(stored.map((r) => r.code_hash)).not.toContain(recoveryCodes[0]);

    const login = await post(t, '/api/auth/login', { email: me.user.email, password: TEST_PASSWORD });
    expect(login.statusCode).toBe(200);
    expect(login.json()).not.toHaveProperty('accessToken');
    expect(login.cookies.find((c) => c.name === 'bantu_refresh')).toBeUndefined();
    const { step, token } = login.json().challenge;
    expect(step).toBe('totp');

    const wrong = await post(t, '/api/auth/login/2fa', { token, code: '000000' });
    expect(wrong.statusCode).toBe(400);
    // The code used at enrolment is spent; the next step's code signs in.
    const next = await codeAt(secret, 1);
    const ok = await post(t, '/api/auth/login/2fa', { token, code: next });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().user.twoFactorEnabled).toBe(true);
    expect(ok.cookies.find((c) => c.name === 'bantu_refresh')).toBeTruthy();
    const me2 = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { authorization: `Bearer ${ok.json().accessToken}` },
    });
    expect(me2.statusCode).toBe(200);
    // Replaying the same code is refused.
    expect((await post(t, '/api/auth/login/2fa', { token, code: next })).statusCode).toBe(400);

    const recovery = await post(t, '/api/auth/login/2fa', { token, recoveryCode: recoveryCodes[3]!.toUpperCase() });
    expect(recovery.statusCode, recovery.body).toBe(200);
    const again = await post(t, '/api/auth/login/2fa', { token, recoveryCode: recoveryCodes[3] });
    expect(again.statusCode).toBe(400);
    expect(again.json().errors[0].field).toBe('body.recoveryCode');
    const status = await t.app.inject({ method: 'GET', url: '/api/account/2fa', headers: me.headers });
    expect(status.json()).toMatchObject({ enabled: true, recoveryCodesLeft: RECOVERY_CODE_COUNT - 1 });
  });

  it('refuses a made-up or wrong-step challenge, and locks the second step after five wrong codes', async () => {
    const me = await loginAs(t.app, 'user');
    await enrol(t, me.headers);
    expect((await post(t, '/api/auth/login/2fa', { token: 'made-up', code: '123456' })).statusCode).toBe(401);
    const { token } = (await post(t, '/api/auth/login', { email: me.user.email, password: TEST_PASSWORD })).json()
      .challenge;
    expect((await post(t, '/api/auth/login/password', { token, newPassword: 'another-password' })).statusCode).toBe(
      401,
    );
    for (let i = 0; i < 5; i++)
      expect((await post(t, '/api/auth/login/2fa', { token, code: '000000' })).statusCode).toBe(400);
    const locked = await post(t, '/api/auth/login/2fa', { token, code: '000000' });
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('turns off with password and code, unless the role requires it', async () => {
    const admin = await loginAs(t.app, 'admin');
    const { secret } = await enrol(t, admin.headers);
    const on = await t.app.inject({
      method: 'PATCH',
      url: '/api/settings',
      headers: admin.headers,
      payload: { require2faForPrivileged: true },
    });
    expect(on.statusCode).toBe(200);
    const refused = await post(
      t,
      '/api/account/2fa/disable',
      { password: TEST_PASSWORD, code: await codeAt(secret, 1) },
      admin.headers,
    );
    expect(refused.statusCode).toBe(403);
    await t.app.inject({
      method: 'PATCH',
      url: '/api/settings',
      headers: admin.headers,
      payload: { require2faForPrivileged: false },
    });
    const badPassword = await post(
      t,
      '/api/account/2fa/disable',
      { password: 'nope-nope', code: await codeAt(secret, 1) },
      admin.headers,
    );
    expect(badPassword.statusCode).toBe(400);
    const off = await post(
      t,
      '/api/account/2fa/disable',
      { password: TEST_PASSWORD, code: await codeAt(secret, 1) },
      admin.headers,
    );
    expect(off.statusCode, off.body).toBe(204);
    const login = await post(t, '/api/auth/login', { email: admin.user.email, password: TEST_PASSWORD });
    expect(login.json().accessToken).toBeTruthy();
  });

  it('with the setting on, an admin without a second factor enrols at sign-in; a plain user does not', async () => {
    const admin = await loginAs(t.app, 'admin');
    await t.app.inject({
      method: 'PATCH',
      url: '/api/settings',
      headers: admin.headers,
      payload: { require2faForPrivileged: true },
    });
    try {
      const manager = await makeUser(t.app.db, { role: 'manager', password: TEST_PASSWORD });
      const login = await post(t, '/api/auth/login', { email: manager.email, password: TEST_PASSWORD });
      expect(login.json().challenge.step).toBe('enrol');
      const { token } = login.json().challenge;
      const start = await post(t, '/api/auth/login/enrol', { token });
      expect(start.statusCode).toBe(200);
      const { secret } = start.json();
      const confirm = await post(t, '/api/auth/login/enrol/confirm', { token, code: await codeAt(secret) });
      expect(confirm.statusCode, confirm.body).toBe(200);
      expect(confirm.json().recoveryCodes).toHaveLength(RECOVERY_CODE_COUNT);
      expect(confirm.json().accessToken).toBeTruthy();
      // From now on the manager signs in with a code.
      expect(
        (await post(t, '/api/auth/login', { email: manager.email, password: TEST_PASSWORD })).json().challenge.step,
      ).toBe('totp');

      const user = await makeUser(t.app.db, { role: 'user', password: TEST_PASSWORD });
      expect(
        (await post(t, '/api/auth/login', { email: user.email, password: TEST_PASSWORD })).json().accessToken,
      ).toBeTruthy();
    } finally {
      await t.app.inject({
        method: 'PATCH',
        url: '/api/settings',
        headers: admin.headers,
        payload: { require2faForPrivileged: false },
      });
    }
  });
});

describe('forced password change after an admin reset', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('the next sign-in must choose a new password, different from the one the admin set', async () => {
    const admin = await loginAs(t.app, 'admin');
    const user = await makeUser(t.app.db, { password: TEST_PASSWORD });
    const reset = await post(
      t,
      `/api/users/${user.id}/reset-password`,
      { password: 'admin-chose-this' },
      admin.headers,
    );
    expect(reset.statusCode).toBe(204);
    const login = await post(t, '/api/auth/login', { email: user.email, password: 'admin-chose-this' });
    expect(login.json().challenge.step).toBe('password_change');
    const { token } = login.json().challenge;
    const same = await post(t, '/api/auth/login/password', { token, newPassword: 'admin-chose-this' });
    expect(same.statusCode).toBe(400);
    const ok = await post(t, '/api/auth/login/password', { token, newPassword: 'my-own-password' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().user.mustChangePassword).toBe(false);
    expect(
      (await post(t, '/api/auth/login', { email: user.email, password: 'my-own-password' })).json().accessToken,
    ).toBeTruthy();
  });
});

describe('password reset and invitations through a real SMTP server', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let worker: Awaited<ReturnType<typeof startTestWorker>>;
  beforeAll(async () => {
    t = await buildTestApp();
    smtp = await startSmtp();
    worker = await startTestWorker(t, {
      mailer: smtpMailer(smtp.url),
      accountMail: { secrets: t.app.accountKeys.mail },
    });
  });
  afterAll(async () => {
    await worker.stop();
    await smtp.stop();
    await t.close();
  });

  const mailTo = async (address: string, after = 0) => {
    await until(
      () => smtp.messages.filter((m) => m.to && JSON.stringify(m.to).includes(address)).length > after,
      20_000,
      `mail to ${address}`,
    );
    return smtp.messages.filter((m) => JSON.stringify(m.to).includes(address)).at(-1)!;
  };
  const tokenOf = (text: string, path: string) => {
    const match = new RegExp(`https?://\\S+${path}#([\\w-]+)`).exec(text);
    expect(match, text).not.toBeNull();
    return match![1]!;
  };

  it('answers the same for a known and an unknown address; the link sets a password once; an old link is refused', async () => {
    const user = await makeUser(t.app.db, { password: TEST_PASSWORD });
    const known = await post(t, '/api/auth/forgot-password', { email: user.email });
    const unknown = await post(t, '/api/auth/forgot-password', { email: 'nobody-here@test.local' });
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(known.body).toBe(unknown.body);

    const mail = await mailTo(user.email);
    expect(mail.subject).toContain('Atur ulang kata sandi');
    const token = tokenOf(mail.text!, '/account/reset');
    // Only the hash is stored.
    const rows = await t.app.db
      .selectFrom('account_tokens')
      .select('token_hash')
      .where('user_id', '=', user.id)
      .execute();
    expect(rows.map((r) => r.token_hash)).not.toContain(token);
    expect((await post(t, '/api/auth/account-token', { token })).json()).toMatchObject({
      purpose: 'reset',
      email: user.email,
    });

    const session = await loginAs(t.app, 'user', { email: `other-${user.email}` });
    void session;
    const done = await post(t, '/api/auth/reset-password', { token, password: 'fresh-password-1' });
    expect(done.statusCode, done.body).toBe(204);
    expect((await post(t, '/api/auth/login', { email: user.email, password: 'fresh-password-1' })).statusCode).toBe(
      200,
    );
    const reused = await post(t, '/api/auth/reset-password', { token, password: 'fresh-password-2' });
    expect(reused.statusCode).toBe(410);
    expect(reused.json().code).toBe('LINK_EXPIRED');
    expect((await post(t, '/api/auth/login', { email: user.email, password: 'fresh-password-2' })).statusCode).toBe(
      401,
    );
  });

  it('refuses an expired link (30 minutes)', async () => {
    const user = await makeUser(t.app.db, { password: TEST_PASSWORD });
    await post(t, '/api/auth/forgot-password', { email: user.email });
    const token = tokenOf((await mailTo(user.email)).text!, '/account/reset');
    await t.app.db
      .updateTable('account_tokens')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('user_id', '=', user.id)
      .execute();
    expect((await post(t, '/api/auth/reset-password', { token, password: 'fresh-password-1' })).statusCode).toBe(410);
    expect((await post(t, '/api/auth/account-token', { token })).statusCode).toBe(410);
  });

  it('an invited user (English) sets their own password from the link, once', async () => {
    const admin = await loginAs(t.app, 'admin');
    const invite = await post(
      t,
      '/api/users/invitations',
      { name: 'Rina Baru', email: 'rina.baru@test.local', role: 'it_staff', locale: 'en', phone: '+6281234567890' },
      admin.headers,
    );
    expect(invite.statusCode, invite.body).toBe(201);
    expect(invite.json()).toMatchObject({ hasPassword: false, role: 'it_staff', phone: '+6281234567890' });
    expect(
      (await post(t, '/api/users/invitations', { name: 'X', email: 'rina.baru@test.local' }, admin.headers)).statusCode,
    ).toBe(409);
    const mail = await mailTo('rina.baru@test.local');
    expect(mail.subject).toContain('invitation');
    expect(mail.html).toContain('Rina Baru');
    const token = tokenOf(mail.text!, '/account/invite');
    expect((await post(t, '/api/auth/reset-password', { token, password: 'rina-password' })).statusCode).toBe(410);
    expect((await post(t, '/api/auth/accept-invitation', { token, password: 'rina-password' })).statusCode).toBe(204);
    expect((await post(t, '/api/auth/accept-invitation', { token, password: 'rina-password-2' })).statusCode).toBe(410);
    const login = await post(t, '/api/auth/login', { email: 'rina.baru@test.local', password: 'rina-password' });
    expect(login.json().user).toMatchObject({ role: 'it_staff', hasPassword: true });
  });

  it('rate limits reset requests per address', async () => {
    let last = 0;
    for (let i = 0; i < 12; i++) {
      last = (
        await t.app.inject({
          method: 'POST',
          url: '/api/auth/forgot-password',
          payload: { email: `x${i}@test.local` },
          remoteAddress: '10.9.9.9',
        })
      ).statusCode;
    }
    expect(last).toBe(429);
  });
});

describe('sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());
  const me = (headers: Record<string, string>) => t.app.inject({ method: 'GET', url: '/api/auth/me', headers });

  it('an access token stops working at logout, while another session goes on', async () => {
    const a = await loginAs(t.app, 'user');
    const other = await post(t, '/api/auth/login', { email: a.user.email, password: TEST_PASSWORD });
    const otherHeaders = { authorization: `Bearer ${other.json().accessToken}` };
    expect((await me(a.headers)).statusCode).toBe(200);
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: a.headers,
      cookies: { bantu_refresh: a.refreshCookie! },
    });
    expect(out.statusCode).toBe(204);
    expect((await me(a.headers)).statusCode).toBe(401);
    expect((await me(otherHeaders)).statusCode).toBe(200);
  });

  it('logout with only the access token (no cookie) ends that session too', async () => {
    const a = await loginAs(t.app, 'user');
    await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: a.headers });
    expect((await me(a.headers)).statusCode).toBe(401);
  });

  it('"sign out everywhere" ends every access and refresh token of the user, and no one else\'s', async () => {
    const a = await loginAs(t.app, 'user');
    const second = await post(t, '/api/auth/login', { email: a.user.email, password: TEST_PASSWORD });
    const b = await loginAs(t.app, 'user');
    const out = await post(t, '/api/auth/logout-everywhere', {}, a.headers);
    expect(out.statusCode).toBe(204);
    expect((await me(a.headers)).statusCode).toBe(401);
    expect((await me({ authorization: `Bearer ${second.json().accessToken}` })).statusCode).toBe(401);
    const refresh = await t.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      cookies: { bantu_refresh: a.refreshCookie! },
    });
    expect(refresh.statusCode).toBe(401);
    expect((await me(b.headers)).statusCode).toBe(200);
  });

  it('a refreshed access token belongs to the same session', async () => {
    const a = await loginAs(t.app, 'user');
    const refreshed = await t.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      cookies: { bantu_refresh: a.refreshCookie! },
    });
    const headers = { authorization: `Bearer ${refreshed.json().accessToken}` };
    expect((await me(headers)).statusCode).toBe(200);
    await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers });
    expect((await me(headers)).statusCode).toBe(401);
    expect((await me(a.headers)).statusCode).toBe(401);
  });

  it('limits searches and exports per user', async () => {
    const staff = await loginAs(t.app, 'it_staff');
    let status = 0;
    // One over the configured budget (SEARCH_LIMIT_PER_MINUTE, EXPORT_LIMIT_PER_MINUTE).
    const { search, export: exports } = t.app.config.userLimits;
    for (let i = 0; i <= search; i++) {
      status = (await t.app.inject({ method: 'GET', url: '/api/tickets?q=printer', headers: staff.headers }))
        .statusCode;
    }
    expect(status).toBe(429);
    // Listing without words is not a search; another user has their own budget.
    expect((await t.app.inject({ method: 'GET', url: '/api/tickets', headers: staff.headers })).statusCode).toBe(200);
    const other = await loginAs(t.app, 'it_staff');
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/tickets?q=printer', headers: other.headers })).statusCode,
    ).toBe(200);
    for (let i = 0; i <= exports; i++) {
      status = (await t.app.inject({ method: 'GET', url: '/api/tickets/export?format=csv', headers: staff.headers }))
        .statusCode;
    }
    expect(status).toBe(429);
  });
});
