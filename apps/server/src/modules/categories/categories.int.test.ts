import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs, type TestApp } from '@test/app';
import { makeCategory, makePriority, makeTicket, makeUser } from '@test/factories';

describe('categories', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof loginAs>>;
  let user: Awaited<ReturnType<typeof loginAs>>;
  beforeAll(async () => {
    t = await buildTestApp();
    admin = await loginAs(t.app, 'admin');
    user = await loginAs(t.app, 'user');
  });
  afterAll(() => t.close());

  const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, as = admin) =>
    t.app.inject({ method, url, headers: as.headers, payload });

  it('creates, renames and lists categories', async () => {
    const created = await api('POST', '/api/categories', { name: 'Hardware', description: 'Laptop, PC, monitor' });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const renamed = await api('PATCH', `/api/categories/${id}`, { name: 'Perangkat Keras' });
    expect(renamed.json()).toMatchObject({
      name: 'Perangkat Keras',
      description: 'Laptop, PC, monitor',
      isActive: true,
    });
    const list = await api('GET', '/api/categories', undefined, user);
    expect(list.json().items.map((c: { name: string }) => c.name)).toContain('Perangkat Keras');
  });

  it('refuses duplicate names regardless of case with 409', async () => {
    await api('POST', '/api/categories', { name: 'Network' });
    const res = await api('POST', '/api/categories', { name: 'NETWORK' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'DUPLICATE', errors: [{ field: 'body.name' }] });
  });

  it('hides deactivated categories from everyone but admins who ask for them', async () => {
    const c = await makeCategory(t.app.db, { name: 'Lama' });
    await api('PATCH', `/api/categories/${c.id}`, { isActive: false });
    const names = (res: { json(): { items: { name: string }[] } }) => res.json().items.map((x) => x.name);
    expect(names(await api('GET', '/api/categories', undefined, user))).not.toContain('Lama');
    expect(names(await api('GET', '/api/categories?includeInactive=true', undefined, user))).not.toContain('Lama');
    expect(names(await api('GET', '/api/categories'))).not.toContain('Lama');
    expect(names(await api('GET', '/api/categories?includeInactive=true'))).toContain('Lama');
  });

  it('deletes an unused category but refuses one in use (409 IN_USE), which can be deactivated', async () => {
    const unused = await makeCategory(t.app.db);
    expect((await api('DELETE', `/api/categories/${unused.id}`)).statusCode).toBe(204);
    expect((await api('DELETE', `/api/categories/${unused.id}`)).statusCode).toBe(404);

    const used = await makeCategory(t.app.db);
    const priority = await makePriority(t.app.db);
    const requester = await makeUser(t.app.db);
    await makeTicket(t.app.db, { userId: requester.id, categoryId: used.id, priorityId: priority.id });
    const res = await api('DELETE', `/api/categories/${used.id}`);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('IN_USE');
    expect((await api('PATCH', `/api/categories/${used.id}`, { isActive: false })).statusCode).toBe(200);
  });
});

describe('priorities and SLA rules', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof loginAs>>;
  beforeAll(async () => {
    t = await buildTestApp();
    admin = await loginAs(t.app, 'admin');
  });
  afterAll(() => t.close());

  const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: admin.headers, payload });

  it('creates priorities ordered by level, refusing duplicate names and levels', async () => {
    expect((await api('POST', '/api/priorities', { name: 'Low', level: 4, color: '#868E96' })).statusCode).toBe(201);
    const high = await api('POST', '/api/priorities', { name: 'High', level: 2, color: '#f76707' });
    expect(high.json()).toMatchObject({ name: 'High', level: 2, color: '#f76707', isActive: true });
    const dupLevel = await api('POST', '/api/priorities', { name: 'Other', level: 2, color: '#000000' });
    expect(dupLevel.statusCode).toBe(409);
    expect(dupLevel.json().errors[0].field).toBe('body.level');
    const dupName = await api('POST', '/api/priorities', { name: 'high', level: 9, color: '#000000' });
    expect(dupName.json().errors[0].field).toBe('body.name');
    const badColour = await api('POST', '/api/priorities', { name: 'Pink', level: 10, color: 'pink' });
    expect(badColour.statusCode).toBe(400);
    const levels = (await api('GET', '/api/priorities')).json().items.map((p: { level: number }) => p.level);
    expect(levels).toEqual([...levels].sort((a, b) => a - b));
  });

  it('allows one active SLA rule per priority and checks the targets', async () => {
    const p = await makePriority(t.app.db);
    const rule = await api('POST', '/api/sla-rules', { priorityId: p.id, durationHours: 8, firstResponseHours: 2 });
    expect(rule.statusCode).toBe(201);
    expect(rule.json()).toMatchObject({ priorityId: p.id, durationHours: 8, firstResponseHours: 2, isActive: true });
    const second = await api('POST', '/api/sla-rules', { priorityId: p.id, durationHours: 4 });
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('DUPLICATE');
    // After deactivating the first, a new active rule is accepted; the old one stays as history.
    await api('PATCH', `/api/sla-rules/${rule.json().id}`, { isActive: false });
    expect((await api('POST', '/api/sla-rules', { priorityId: p.id, durationHours: 4 })).statusCode).toBe(201);
    const reactivate = await api('PATCH', `/api/sla-rules/${rule.json().id}`, { isActive: true });
    expect(reactivate.statusCode).toBe(409);

    const tooLong = await api('POST', '/api/sla-rules', {
      priorityId: p.id,
      durationHours: 4,
      firstResponseHours: 5,
      isActive: false,
    });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().errors[0].field).toBe('body.firstResponseHours');
    const patchTooLong = await api('PATCH', `/api/sla-rules/${rule.json().id}`, { firstResponseHours: 9 });
    expect(patchTooLong.statusCode).toBe(400);
    const unknownPriority = await api('POST', '/api/sla-rules', {
      priorityId: '00000000-0000-4000-8000-000000000000',
      durationHours: 4,
    });
    expect(unknownPriority.statusCode).toBe(400);
    expect(unknownPriority.json().errors[0].field).toBe('body.priorityId');
  });

  it('deletes an unused priority with its rules, refuses one in use', async () => {
    const p = await makePriority(t.app.db);
    await api('POST', '/api/sla-rules', { priorityId: p.id, durationHours: 8 });
    expect((await api('DELETE', `/api/priorities/${p.id}`)).statusCode).toBe(204);
    const rules = (await api('GET', '/api/sla-rules')).json().items;
    expect(rules.find((r: { priorityId: string }) => r.priorityId === p.id)).toBeUndefined();

    const used = await makePriority(t.app.db);
    const category = await makeCategory(t.app.db);
    const requester = await makeUser(t.app.db);
    await makeTicket(t.app.db, { userId: requester.id, categoryId: category.id, priorityId: used.id });
    const res = await api('DELETE', `/api/priorities/${used.id}`);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('IN_USE');
  });
});
