import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs, TEST_PASSWORD, type TestApp } from '../../../test/app';
import { makeUser } from '../../../test/factories';
import { startOidcIdp } from '../../../test/oidc-idp';

const CLIENT_ID = 'bantu-test';
const CLIENT_SECRET = 'very-secret-client-value';

let t: TestApp;
let idp: Awaited<ReturnType<typeof startOidcIdp>>;
let admin: Awaited<ReturnType<typeof loginAs>>;
let slug: string;
let seq = 0;

beforeAll(async () => {
  idp = await startOidcIdp({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  t = await buildTestApp();
  admin = await loginAs(t.app, 'admin');
});
afterAll(async () => {
  await t.close();
  await idp.stop();
});

beforeEach(async () => {
  idp.setUp(true);
  slug = `corp-${++seq}`;
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/sso/providers',
    headers: admin.headers,
    payload: {
      slug,
      kind: 'oidc',
      label: 'Corp SSO',
      issuer: idp.issuer,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      allowedDomains: ['corp.test'],
      groupsClaim: 'groups',
      divisionClaim: 'department',
      defaultRole: 'user',
      roleMappings: [
        { group: 'it-helpdesk', role: 'it_staff' },
        { group: 'it-managers', role: 'manager' },
      ],
      divisionMappings: [{ group: 'finance', division: 'Keuangan' }],
    },
  });
  expect(res.statusCode, res.body).toBe(201);
});

const cookieOf = (res: { cookies: { name: string; value: string }[] }, name: string) =>
  res.cookies.find((c) => c.name === name)?.value;

/** Starts a sign-in; answers the IdP's authorize URL and the browser-binding cookie. */
async function start() {
  const res = await t.app.inject({ method: 'GET', url: `/api/auth/sso/${slug}/start` });
  expect(res.statusCode, res.body).toBe(303);
  return { authorizeUrl: res.headers.location as string, stateCookie: cookieOf(res, 'bantu_sso_state')! };
}

async function callback(path: string, stateCookie: string | undefined) {
  const res = await t.app.inject({
    method: 'GET',
    url: path,
    cookies: stateCookie ? { bantu_sso_state: stateCookie } : {},
  });
  expect(res.statusCode, res.body).toBe(303);
  return { location: res.headers.location as string, refresh: cookieOf(res, 'bantu_refresh') };
}

async function me(refresh: string | undefined) {
  expect(refresh).toBeTruthy();
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/refresh', cookies: { bantu_refresh: refresh! } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ user: { id: string; email: string; role: string; division: string | null } }>().user;
}

async function signIn(claims: Record<string, unknown>, spoil = {}) {
  const { authorizeUrl, stateCookie } = await start();
  const { callback: path } = idp.issueCode(authorizeUrl, claims, spoil);
  return callback(path, stateCookie);
}

const person = (sub: string, extra: Record<string, unknown> = {}) => ({
  sub,
  email: `${sub}@corp.test`,
  email_verified: true,
  name: `Person ${sub}`,
  ...extra,
});

describe('OpenID Connect sign-in', () => {
  it('starts with PKCE, state and nonce, and keeps the client secret encrypted', async () => {
    const { authorizeUrl, stateCookie } = await start();
    const params = new URL(authorizeUrl).searchParams;
    expect(authorizeUrl.startsWith(`${idp.issuer}/authorize?`)).toBe(true);
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(params.get('nonce')).toBeTruthy();
    expect(params.get('state')).toBe(stateCookie);
    expect(params.get('redirect_uri')).toBe(`http://localhost:80/api/auth/sso/${slug}/callback`);
    const row = await t.app.db
      .selectFrom('sso_providers')
      .select('client_secret_enc')
      .where('slug', '=', slug)
      .executeTakeFirstOrThrow();
    expect(row.client_secret_enc).toMatch(/^v1:/);
    expect(row.client_secret_enc).not.toContain(CLIENT_SECRET);
    const list = await t.app.inject({ method: 'GET', url: '/api/sso/providers', headers: admin.headers });
    expect(list.body).not.toContain(CLIENT_SECRET);
    expect(list.json<{ items: { slug: string; hasClientSecret: boolean }[] }>().items).toContainEqual(
      expect.objectContaining({ slug, hasClientSecret: true }),
    );
  });

  it('creates a new user with the mapped role and division, and re-applies the mapping at every sign-in', async () => {
    const first = await signIn(person('ana', { groups: ['it-helpdesk', 'finance'] }));
    expect(first.location).toBe('/login');
    const user = await me(first.refresh);
    expect(user).toMatchObject({ email: 'ana@corp.test', role: 'it_staff', division: 'Keuangan' });
    const row = await t.app.db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toBeNull();
    expect(idp.tokenRequests.at(-1)?.get('client_secret')).toBe(CLIENT_SECRET);

    const second = await signIn(person('ana', { groups: ['it-managers'], department: 'Operasional' }));
    const again = await me(second.refresh);
    expect(again.id).toBe(user.id);
    expect(again).toMatchObject({ role: 'manager', division: 'Operasional' });

    const third = await signIn(person('ana', { groups: [] }));
    expect((await me(third.refresh)).role).toBe('user');
    const identities = await t.app.db.selectFrom('sso_identities').selectAll().where('user_id', '=', user.id).execute();
    expect(identities).toHaveLength(1);
  });

  it('leaves roles alone when the provider has no role mappings', async () => {
    const provider = await t.app.db
      .selectFrom('sso_providers')
      .select('id')
      .where('slug', '=', slug)
      .executeTakeFirstOrThrow();
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/sso/providers/${provider.id}`,
      headers: admin.headers,
      payload: { roleMappings: [], defaultRole: 'user' },
    });
    expect(patch.statusCode, patch.body).toBe(200);
    const first = await me((await signIn(person('fajar'))).refresh);
    expect(first.role).toBe('user');
    await t.app.db.updateTable('users').set({ role: 'it_staff' }).where('id', '=', first.id).execute();
    const again = await me((await signIn(person('fajar', { groups: ['it-managers'] }))).refresh);
    expect(again.role).toBe('it_staff');
  });

  it('never demotes the last active admin through a mapping', async () => {
    const fresh = await buildTestApp();
    try {
      const onlyAdmin = await makeUser(fresh.app.db, { role: 'admin', email: 'boss@corp.test' });
      const adminSession = await fresh.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'boss@corp.test', password: 'password-123' },
      });
      const headers = { authorization: `Bearer ${adminSession.json<{ accessToken: string }>().accessToken}` };
      const created = await fresh.app.inject({
        method: 'POST',
        url: '/api/sso/providers',
        headers,
        payload: {
          slug: 'only',
          kind: 'oidc',
          label: 'Only',
          issuer: idp.issuer,
          clientId: CLIENT_ID,
          clientSecret: CLIENT_SECRET,
          roleMappings: [{ group: 'staff', role: 'it_staff' }],
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      const started = await fresh.app.inject({ method: 'GET', url: '/api/auth/sso/only/start' });
      const { callback: path } = idp.issueCode(
        started.headers.location as string,
        person('boss', { groups: ['staff'] }),
      );
      const res = await fresh.app.inject({
        method: 'GET',
        url: path,
        cookies: { bantu_sso_state: cookieOf(started, 'bantu_sso_state')! },
      });
      expect(res.headers.location).toBe('/login');
      const row = await fresh.app.db
        .selectFrom('users')
        .select('role')
        .where('id', '=', onlyAdmin.id)
        .executeTakeFirstOrThrow();
      expect(row.role).toBe('admin');
    } finally {
      await fresh.close();
    }
  });

  it('links an existing local user only through a verified e-mail', async () => {
    const local = await makeUser(t.app.db, { email: 'budi@corp.test', role: 'user' });
    const unverified = await signIn(person('budi-idp', { email: 'budi@corp.test', email_verified: false }));
    expect(unverified.location).toBe('/login?ssoError=email_unverified');
    expect(unverified.refresh).toBeUndefined();
    expect(await t.app.db.selectFrom('sso_identities').selectAll().where('user_id', '=', local.id).execute()).toEqual(
      [],
    );

    const verified = await signIn(person('budi-idp', { email: 'BUDI@corp.test', groups: ['it-helpdesk'] }));
    const user = await me(verified.refresh);
    expect(user.id).toBe(local.id);
    expect(user.role).toBe('it_staff');
    const users = await t.app.db.selectFrom('users').select('id').where('email', '=', 'budi@corp.test').execute();
    expect(users).toHaveLength(1);
  });

  it('creates nobody outside the allowed domains', async () => {
    const res = await signIn(person('eve', { email: 'eve@elsewhere.test' }));
    expect(res.location).toBe('/login?ssoError=domain_not_allowed');
    const row = await t.app.db.selectFrom('users').select('id').where('email', '=', 'eve@elsewhere.test').execute();
    expect(row).toEqual([]);
  });

  it('refuses a deactivated account', async () => {
    await makeUser(t.app.db, { email: 'gone@corp.test', status: false });
    const res = await signIn(person('gone'));
    expect(res.location).toBe('/login?ssoError=account_disabled');
    expect(res.refresh).toBeUndefined();
  });

  it.each([
    ['a wrong audience', { audience: 'someone-else' }],
    ['an expired ID token', { expiresInSeconds: -600 }],
    ['a bad signature', { foreignKey: true }],
    ['a wrong nonce', { nonce: 'not-the-one' }],
  ])('refuses %s', async (_name, spoil) => {
    const res = await signIn(person(`spoiled-${seq}`), spoil);
    expect(res.location).toBe('/login?ssoError=token_invalid');
    expect(res.refresh).toBeUndefined();
    const row = await t.app.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', `spoiled-${seq}@corp.test`)
      .execute();
    expect(row).toEqual([]);
  });

  it('refuses a wrong state, a state from another browser and a replayed callback', async () => {
    const { authorizeUrl, stateCookie } = await start();
    const { callback: path } = idp.issueCode(authorizeUrl, person('cici'));
    const tampered = path.replace(/state=[^&]+/, 'state=forged');
    expect((await callback(tampered, stateCookie)).location).toBe('/login?ssoError=state_invalid');
    expect((await callback(path, undefined)).location).toBe('/login?ssoError=state_invalid');
    expect((await callback(path, 'another-browser')).location).toBe('/login?ssoError=state_invalid');

    const ok = await callback(path, stateCookie);
    expect(ok.location).toBe('/login');
    const replay = await callback(path, stateCookie);
    expect(replay.location).toBe('/login?ssoError=state_invalid');
    expect(replay.refresh).toBeUndefined();
  });

  it('follows a key rotation at the provider', async () => {
    expect((await signIn(person('dewi'))).location).toBe('/login');
    await idp.rotateKey();
    const res = await signIn(person('dewi'));
    expect(res.location).toBe('/login');
    expect((await me(res.refresh)).email).toBe('dewi@corp.test');
  });

  it('signs out locally and at the provider', async () => {
    const res = await signIn(person('eko'));
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sso/logout',
      cookies: { bantu_refresh: res.refresh! },
    });
    expect(out.statusCode).toBe(200);
    const redirect = new URL(out.json<{ redirectUrl: string }>().redirectUrl);
    expect(redirect.href.startsWith(`${idp.issuer}/logout?`)).toBe(true);
    expect(redirect.searchParams.get('id_token_hint')).toMatch(/^ey/);
    expect(redirect.searchParams.get('post_logout_redirect_uri')).toBe('http://localhost:80/login');
    const refresh = await t.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      cookies: { bantu_refresh: res.refresh! },
    });
    expect(refresh.statusCode).toBe(401);
  });

  it('shows the buttons of active providers and refuses an unknown or unavailable one', async () => {
    const buttons = await t.app.inject({ method: 'GET', url: '/api/auth/sso/providers' });
    expect(buttons.json<{ items: { slug: string; startUrl: string }[] }>().items).toContainEqual(
      expect.objectContaining({ slug, startUrl: `/api/auth/sso/${slug}/start` }),
    );
    const unknown = await t.app.inject({ method: 'GET', url: '/api/auth/sso/nope/start' });
    expect(unknown.headers.location).toBe('/login?ssoError=provider_unknown');
    idp.setUp(false);
    const down = await t.app.inject({ method: 'GET', url: `/api/auth/sso/${slug}/start` });
    expect(down.headers.location).toBe('/login?ssoError=provider_unavailable');
  });
});

describe('identity provider administration', () => {
  it.each([
    ['an OIDC provider without issuer', { slug: 'x1', kind: 'oidc', label: 'X', clientId: 'c' }],
    [
      'a SAML provider without certificate',
      { slug: 'x2', kind: 'saml', label: 'X', entryPoint: 'https://idp.test/sso' },
    ],
    ['a bad slug', { slug: 'Bad Slug!', kind: 'oidc', label: 'X', issuer: 'https://idp.test', clientId: 'c' }],
    [
      'scopes without openid',
      { slug: 'x3', kind: 'oidc', label: 'X', issuer: 'https://idp.test', clientId: 'c', scopes: 'email' },
    ],
    [
      'an unknown role',
      {
        slug: 'x4',
        kind: 'oidc',
        label: 'X',
        issuer: 'https://idp.test',
        clientId: 'c',
        roleMappings: [{ group: 'g', role: 'root' }],
      },
    ],
    ['a javascript: issuer', { slug: 'x5', kind: 'oidc', label: 'X', issuer: 'javascript:alert(1)', clientId: 'c' }],
  ])('refuses %s with a 400 problem and stores nothing', async (_name, payload) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/sso/providers', headers: admin.headers, payload });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const rows = await t.app.db
      .selectFrom('sso_providers')
      .select('id')
      .where('slug', '=', String(payload.slug))
      .execute();
    expect(rows).toEqual([]);
  });

  it('refuses a duplicate slug with 409 and keeps the secret when an edit leaves it out', async () => {
    const dup = await t.app.inject({
      method: 'POST',
      url: '/api/sso/providers',
      headers: admin.headers,
      payload: { slug, kind: 'oidc', label: 'Again', issuer: idp.issuer, clientId: CLIENT_ID },
    });
    expect(dup.statusCode).toBe(409);
    const before = await t.app.db
      .selectFrom('sso_providers')
      .selectAll()
      .where('slug', '=', slug)
      .executeTakeFirstOrThrow();
    const edit = await t.app.inject({
      method: 'PATCH',
      url: `/api/sso/providers/${before.id}`,
      headers: admin.headers,
      payload: { label: 'Renamed' },
    });
    expect(edit.statusCode).toBe(200);
    const after = await t.app.db
      .selectFrom('sso_providers')
      .selectAll()
      .where('id', '=', before.id)
      .executeTakeFirstOrThrow();
    expect(after.label).toBe('Renamed');
    expect(after.client_secret_enc).toBe(before.client_secret_enc);
    expect((await signIn(person('gita'))).location).toBe('/login');
  });

  it('loads providers from SSO_PROVIDERS, read-only in the panel', async () => {
    const env = await buildTestApp({
      env: {
        SSO_PROVIDERS: JSON.stringify([
          {
            slug: 'envsso',
            kind: 'oidc',
            label: 'From env',
            issuer: idp.issuer,
            clientId: CLIENT_ID,
            clientSecret: CLIENT_SECRET,
          },
        ]),
      },
    });
    try {
      const envAdmin = await loginAs(env.app, 'admin');
      const list = await env.app.inject({ method: 'GET', url: '/api/sso/providers', headers: envAdmin.headers });
      const item = list.json<{ items: { id: string; slug: string; fromEnv: boolean }[] }>().items[0]!;
      expect(item).toMatchObject({ slug: 'envsso', fromEnv: true });
      const edit = await env.app.inject({
        method: 'PATCH',
        url: `/api/sso/providers/${item.id}`,
        headers: envAdmin.headers,
        payload: { label: 'Changed' },
      });
      expect(edit.statusCode).toBe(409);
    } finally {
      await env.close();
    }
  });
});

describe('sign-in policy', () => {
  it('turns password sign-in off except for break-glass admins, who get in while the provider is down', async () => {
    const breakGlass = await makeUser(t.app.db, { role: 'admin', password: TEST_PASSWORD });
    const otherAdmin = await makeUser(t.app.db, { role: 'admin', password: TEST_PASSWORD });
    const staff = await makeUser(t.app.db, { role: 'it_staff', password: TEST_PASSWORD });

    const refused = await t.app.inject({
      method: 'PATCH',
      url: '/api/sso/policy',
      headers: admin.headers,
      payload: { passwordLoginEnabled: false, breakGlassUserIds: [] },
    });
    expect(refused.statusCode).toBe(400);
    const notAdmin = await t.app.inject({
      method: 'PATCH',
      url: '/api/sso/policy',
      headers: admin.headers,
      payload: { passwordLoginEnabled: false, breakGlassUserIds: [staff.id] },
    });
    expect(notAdmin.statusCode).toBe(400);

    const ok = await t.app.inject({
      method: 'PATCH',
      url: '/api/sso/policy',
      headers: admin.headers,
      payload: { passwordLoginEnabled: false, breakGlassUserIds: [breakGlass.id] },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ passwordLoginEnabled: false, breakGlassUserIds: [breakGlass.id] });

    idp.setUp(false);
    const login = (email: string, password = TEST_PASSWORD) =>
      t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
    expect((await login(breakGlass.email)).statusCode).toBe(200);
    const other = await login(otherAdmin.email);
    expect(other.statusCode).toBe(403);
    expect(other.json()).toMatchObject({ code: 'PASSWORD_LOGIN_DISABLED' });
    expect((await login(staff.email)).statusCode).toBe(403);
    // A wrong password is still a wrong password (no hint about the policy).
    expect((await login(staff.email, 'wrong-password-1')).statusCode).toBe(401);
    const buttons = await t.app.inject({ method: 'GET', url: '/api/auth/sso/providers' });
    expect(buttons.json()).toMatchObject({ passwordLoginEnabled: false });

    const back = await t.app.inject({
      method: 'PATCH',
      url: '/api/sso/policy',
      headers: admin.headers,
      payload: { passwordLoginEnabled: true },
    });
    expect(back.statusCode).toBe(200);
    expect((await login(staff.email)).statusCode).toBe(200);
  });

  it('is for admins only', async () => {
    const staff = await loginAs(t.app, 'it_staff');
    for (const [method, url] of [
      ['GET', '/api/sso/policy'],
      ['GET', '/api/sso/providers'],
    ] as const) {
      expect((await t.app.inject({ method, url, headers: staff.headers })).statusCode).toBe(403);
    }
  });
});
