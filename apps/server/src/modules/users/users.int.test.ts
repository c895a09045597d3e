import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs, type TestApp } from '@test/app';
import { makeUser } from '@test/factories';

describe('user administration', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof loginAs>>;
  beforeAll(async () => {
    t = await buildTestApp();
    admin = await loginAs(t.app, 'admin');
  });
  afterAll(() => t.close());

  const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: admin.headers, payload });

  it('creates a user who can then sign in, and never returns the password hash', async () => {
    const res = await api('POST', '/api/users', {
      name: '  Rina Kasir ',
      email: 'Rina@Example.CO.ID',
      password: 'rahasia123',
      division: 'Keuangan',
      role: 'user',
      phone: '0812 1111 2222',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      name: 'Rina Kasir',
      email: 'rina@example.co.id',
      division: 'Keuangan',
      role: 'user',
      status: true,
      phone: '081211112222',
      locale: 'id',
    });
    expect(res.body).not.toMatch(/argon|password_hash|passwordHash/);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'rina@example.co.id', password: 'rahasia123' },
    });
    expect(login.statusCode).toBe(200);
  });

  it('refuses a duplicate e-mail, whatever its case, with 409 on the field', async () => {
    await api('POST', '/api/users', { name: 'A', email: 'dup@test.local', password: 'password1' });
    const res = await api('POST', '/api/users', { name: 'B', email: 'DUP@test.local', password: 'password1' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'DUPLICATE', errors: [{ field: 'body.email' }] });
    const other = await makeUser(t.app.db);
    const rename = await api('PATCH', `/api/users/${other.id}`, { email: 'dup@test.local' });
    expect(rename.statusCode).toBe(409);
  });

  it('validates every field and lists each problem', async () => {
    const res = await api('POST', '/api/users', {
      name: '',
      email: 'not-an-email',
      password: 'short',
      role: 'superuser',
      phone: 'call me',
    });
    expect(res.statusCode).toBe(400);
    const fields = res
      .json()
      .errors.map((e: { field: string }) => e.field)
      .sort();
    expect(fields).toEqual(['body.email', 'body.name', 'body.password', 'body.phone', 'body.role']);
  });

  it('edits role, division and phone', async () => {
    const u = await makeUser(t.app.db);
    const res = await api('PATCH', `/api/users/${u.id}`, { role: 'it_staff', division: 'Infrastruktur', phone: null });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ role: 'it_staff', division: 'Infrastruktur', phone: null });
    expect((await api('GET', `/api/users/${u.id}`)).json().role).toBe('it_staff');
  });

  it('answers 404 for a user that does not exist', async () => {
    const res = await api('PATCH', '/api/users/00000000-0000-4000-8000-000000000000', { name: 'x' });
    expect(res.statusCode).toBe(404);
  });

  it('keeps at least one active admin and stops admins from locking themselves out', async () => {
    const self = await api('PATCH', `/api/users/${admin.user.id}`, { status: false });
    expect(self.statusCode).toBe(409);
    const demote = await api('PATCH', `/api/users/${admin.user.id}`, { role: 'user' });
    expect(demote.statusCode).toBe(409);
    expect((await api('GET', `/api/users/${admin.user.id}`)).json()).toMatchObject({ role: 'admin', status: true });
    const second = await makeUser(t.app.db, { role: 'admin' });
    expect((await api('PATCH', `/api/users/${second.id}`, { role: 'manager' })).statusCode).toBe(200);
  });

  it('resets a password, ending the user’s sessions', async () => {
    const victim = await loginAs(t.app, 'user');
    const res = await api('POST', `/api/users/${victim.user.id}/reset-password`, { password: 'temporary-123' });
    expect(res.statusCode).toBe(204);
    const refresh = await t.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      cookies: { bantu_refresh: victim.refreshCookie! },
    });
    expect(refresh.statusCode).toBe(401);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: victim.user.email, password: 'temporary-123' },
    });
    expect(login.statusCode).toBe(200);
  });

  it('lists users by name with search, filters and cursor pagination', async () => {
    for (const name of ['Zaki Satu', 'Zaki Dua', 'Zaki Tiga', 'Zaki Empat', 'Zaki Lima']) {
      await makeUser(t.app.db, { name, role: name.endsWith('Tiga') ? 'manager' : 'user' });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await api('GET', `/api/users?q=zaki&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      const page = res.json<{ items: { name: string }[]; nextCursor: string | null }>();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((u) => u.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['Zaki Dua', 'Zaki Empat', 'Zaki Lima', 'Zaki Satu', 'Zaki Tiga']);
    const managers = (await api('GET', '/api/users?q=zaki&role=manager')).json();
    expect(managers.items.map((u: { name: string }) => u.name)).toEqual(['Zaki Tiga']);
    const inactive = await makeUser(t.app.db, { name: 'Zaki Nonaktif', status: false });
    const onlyInactive = (await api('GET', '/api/users?q=zaki&status=false')).json();
    expect(onlyInactive.items.map((u: { id: string }) => u.id)).toEqual([inactive.id]);
    // LIKE wildcards in the search are literal.
    expect((await api('GET', '/api/users?q=%25')).json().items).toEqual([]);
  });

  it('lets IT staff look up active users to open a ticket for them', async () => {
    const staff = await loginAs(t.app, 'it_staff');
    const user = await loginAs(t.app, 'user');
    await makeUser(t.app.db, { name: 'Yudi Aktif' });
    await makeUser(t.app.db, { name: 'Yudi Nonaktif', status: false });
    const res = await t.app.inject({ method: 'GET', url: '/api/users/lookup?q=yudi', headers: staff.headers });
    expect(res.json().items.map((u: { name: string }) => u.name)).toEqual(['Yudi Aktif']);
    expect(res.json().items[0]).not.toHaveProperty('role');
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/users/lookup?q=yudi', headers: user.headers })).statusCode,
    ).toBe(403);
  });
});
