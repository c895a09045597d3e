import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs, TEST_PASSWORD, type TestApp } from '@test/app';
import { makeUser } from '@test/factories';
import { LOGIN_LIMITS } from './auth.service';

const cookieOf = (res: { cookies: { name: string; value: string }[] }) =>
  res.cookies.find((c) => c.name === 'bantu_refresh');

describe('sign-in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  const login = (email: string, password: string, ip = '10.0.0.1') =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress: ip });
  it('signs in with e-mail (any case) and password, returning a token, the user and an httpOnly refresh cookie', async () => {
    const user = await makeUser(t.app.db, { role: 'it_staff', password: TEST_PASSWORD });
    const res = await login(user.email.toUpperCase(), TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user).toMatchObject({ id: user.id, email: user.email, role: 'it_staff', hasPassword: true });
    expect(body.user).not.toHaveProperty('password_hash');
    expect(JSON.stringify(body)).not.toContain('argon2');
    const cookie = cookieOf(res);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/auth' });
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { authorization: `Bearer ${body.accessToken}` },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json().lastLoginAt).not.toBeNull();
  });

  it('answers an unknown e-mail and a wrong password identically', async () => {
    const user = await makeUser(t.app.db, { password: TEST_PASSWORD });
    const wrong = await login(user.email, 'wrong-password', '10.0.0.2');
    const unknown = await login('nobody@test.local', 'wrong-password', '10.0.0.2');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
    expect(strip(wrong.json())).toEqual(strip(unknown.json()));
    expect(wrong.json().code).toBe('INVALID_CREDENTIALS');
    expect(wrong.headers['content-type']).toContain('application/problem+json');
  });

  it('takes as long for an unknown e-mail as for a wrong password (both verify an argon2 hash)', async () => {
    const user = await makeUser(t.app.db, { password: TEST_PASSWORD });
    const time = async (email: string, i: number) => {
      const start = performance.now();
      await login(email, `wrong-${i}`, `10.1.0.${i}`);
      return performance.now() - start;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 4; i++) {
      known.push(await time(user.email, i));
      unknown.push(await time(`ghost-${i}@test.local`, i + 10));
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const ratio = median(unknown) / median(known);
    // Without the dummy hash an unknown e-mail answers ~50x faster; allow scheduling noise.
    expect(ratio).toBeGreaterThan(0.4);
    expect(ratio).toBeLessThan(2.5);
  });

  it('refuses a deactivated account with the same answer as a wrong password', async () => {
    const user = await makeUser(t.app.db, { password: TEST_PASSWORD, status: false });
    const res = await login(user.email, TEST_PASSWORD, '10.0.0.3');
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('INVALID_CREDENTIALS');
  });

  it('locks an account after repeated failures, even for the right password, and says when to retry', async () => {
    const user = await makeUser(t.app.db, { password: TEST_PASSWORD });
    for (let i = 0; i < LOGIN_LIMITS.account.max; i++) {
      expect((await login(user.email, 'nope-nope', `10.2.0.${i}`)).statusCode).toBe(401);
    }
    const locked = await login(user.email, TEST_PASSWORD, '10.2.0.99');
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('ACCOUNT_LOCKED');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('limits failures per client address across many accounts', async () => {
    for (let i = 0; i < LOGIN_LIMITS.ip.max; i++) {
      await login(`spray-${i}@test.local`, 'password1', '10.3.0.1');
    }
    const user = await makeUser(t.app.db, { password: TEST_PASSWORD });
    const res = await login(user.email, TEST_PASSWORD, '10.3.0.1');
    expect(res.statusCode).toBe(429);
    expect(res.json().code).toBe('RATE_LIMITED');
    // Another address is not affected.
    expect((await login(user.email, TEST_PASSWORD, '10.3.0.2')).statusCode).toBe(200);
  });

  it('rejects malformed login bodies with field errors', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 42 } });
    expect(res.statusCode).toBe(400);
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['body.email', 'body.password']));
    const notJson = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":',
    });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.headers['content-type']).toContain('application/problem+json');
  });
});

describe('sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  const refresh = (token: string | undefined) =>
    t.app.inject({ method: 'POST', url: '/api/auth/refresh', cookies: token ? { bantu_refresh: token } : {} });

  it('rotates the refresh token on every use', async () => {
    const { refreshCookie } = await loginAs(t.app, 'user');
    const first = await refresh(refreshCookie);
    expect(first.statusCode).toBe(200);
    const next = cookieOf(first)?.value;
    expect(next).toBeTruthy();
    expect(next).not.toBe(refreshCookie);
    expect(first.json().accessToken).toBeTruthy();
    expect((await refresh(next)).statusCode).toBe(200);
  });

  it('revokes the whole family when an old refresh token is reused', async () => {
    const { refreshCookie } = await loginAs(t.app, 'user');
    const rotated = cookieOf(await refresh(refreshCookie))?.value;
    const replay = await refresh(refreshCookie);
    expect(replay.statusCode).toBe(401);
    // The legitimate holder of the newest token is signed out too: the family is burnt.
    expect((await refresh(rotated)).statusCode).toBe(401);
  });

  it('logout revokes the session', async () => {
    const { refreshCookie } = await loginAs(t.app, 'user');
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      cookies: { bantu_refresh: refreshCookie! },
    });
    expect(out.statusCode).toBe(204);
    expect((await refresh(refreshCookie)).statusCode).toBe(401);
  });

  it('refuses refresh without or with a made-up cookie', async () => {
    expect((await refresh(undefined)).statusCode).toBe(401);
    expect((await refresh('made-up')).statusCode).toBe(401);
  });

  it("ends a deactivated user's access token on the very next request, and their refresh token", async () => {
    const admin = await loginAs(t.app, 'admin');
    const victim = await loginAs(t.app, 'it_staff');
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: victim.headers })).statusCode).toBe(200);
    const off = await t.app.inject({
      method: 'PATCH',
      url: `/api/users/${victim.user.id}`,
      headers: admin.headers,
      payload: { status: false },
    });
    expect(off.statusCode).toBe(200);
    const after = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: victim.headers });
    expect(after.statusCode).toBe(401);
    expect((await refresh(victim.refreshCookie)).statusCode).toBe(401);
  });

  it('applies a role change on the very next request: the old session ends, the next one has the new role', async () => {
    const admin = await loginAs(t.app, 'admin');
    const staff = await loginAs(t.app, 'it_staff');
    expect((await t.app.inject({ method: 'GET', url: '/api/users', headers: staff.headers })).statusCode).toBe(403);
    await t.app.inject({
      method: 'PATCH',
      url: `/api/users/${staff.user.id}`,
      headers: admin.headers,
      payload: { role: 'admin' },
    });
    // A role change revokes the user's sessions, and the access token of a revoked session stops at once.
    expect((await t.app.inject({ method: 'GET', url: '/api/users', headers: staff.headers })).statusCode).toBe(401);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: staff.user.email, password: TEST_PASSWORD },
    });
    const headers = { authorization: `Bearer ${again.json().accessToken}` };
    expect((await t.app.inject({ method: 'GET', url: '/api/users', headers })).statusCode).toBe(200);
  });

  it('refuses tampered, foreign and missing access tokens', async () => {
    const { accessToken } = await loginAs(t.app, 'user');
    const [h, p] = accessToken.split('.');
    const forged = `${h}.${p}.${'A'.repeat(43)}`;
    for (const authorization of [`Bearer ${forged}`, 'Bearer not-a-jwt', 'Basic abc', '']) {
      const res = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization } });
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('UNAUTHENTICATED');
    }
  });
});

describe('own profile and password', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('lets users edit their name, phone and language', async () => {
    const me = await loginAs(t.app, 'user');
    const res = await t.app.inject({
      method: 'PATCH',
      url: '/api/auth/me',
      headers: me.headers,
      payload: { name: 'Andi Baru', phone: '+62 812-3456-7890', locale: 'en' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: 'Andi Baru', phone: '+6281234567890', locale: 'en' });
    // Role is not theirs to change: unknown fields are dropped, not applied.
    const sneaky = await t.app.inject({
      method: 'PATCH',
      url: '/api/auth/me',
      headers: me.headers,
      payload: { name: 'X', role: 'admin' },
    });
    expect(sneaky.json().role).toBe('user');
    const bad = await t.app.inject({
      method: 'PATCH',
      url: '/api/auth/me',
      headers: me.headers,
      payload: { locale: 'fr' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('body.locale');
  });

  it('changes the password only with the current one, and ends other sessions', async () => {
    const me = await loginAs(t.app, 'user');
    const other = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: me.user.email, password: TEST_PASSWORD },
    });
    const otherCookie = cookieOf(other)?.value;

    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: me.headers,
      payload: { currentPassword: 'not-it-at-all', newPassword: 'brand-new-pass' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].field).toBe('body.currentPassword');

    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: me.headers,
      cookies: { bantu_refresh: me.refreshCookie! },
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'brand-new-pass' },
    });
    expect(ok.statusCode).toBe(204);
    const oldLogin = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: me.user.email, password: TEST_PASSWORD },
    });
    expect(oldLogin.statusCode).toBe(401);
    const newLogin = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: me.user.email, password: 'brand-new-pass' },
    });
    expect(newLogin.statusCode).toBe(200);
    const sessionRefresh = (token?: string) =>
      t.app.inject({ method: 'POST', url: '/api/auth/refresh', cookies: { bantu_refresh: token! } });
    expect((await sessionRefresh(otherCookie)).statusCode).toBe(401);
    expect((await sessionRefresh(me.refreshCookie)).statusCode).toBe(200);
  });
});
