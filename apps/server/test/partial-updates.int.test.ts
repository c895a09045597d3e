import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs, type TestApp } from './app';
import { makePriority } from './factories';

/**
 * Partial updates stay partial (issue 10, point 2): a PATCH of one field changes that field
 * only. Each admin resource is deactivated, then edited in its description or name, and must
 * still be inactive (the update schemas once inherited the create default `isActive: true`).
 */
describe('PATCH of one field leaves the others alone', () => {
  let t: TestApp;
  let admin: Record<string, string>;

  beforeAll(async () => {
    t = await buildTestApp();
    admin = (await loginAs(t.app, 'admin')).headers;
  });
  afterAll(() => t.close());

  const call = async (method: 'POST' | 'PATCH', url: string, payload: object, status: number) => {
    const res = await t.app.inject({ method, url, headers: admin, payload });
    expect(res.statusCode, `${method} ${url} ${res.body}`).toBe(status);
    return res.json<Record<string, unknown> & { id: string }>();
  };

  /** Creates, deactivates, edits only `edit`, and reads the entry back. */
  async function deactivateThenEdit(base: string, create: object, edit: object) {
    const created = await call('POST', base, create, 201);
    expect(created.isActive).toBe(true);
    expect((await call('PATCH', `${base}/${created.id}`, { isActive: false }, 200)).isActive).toBe(false);
    const edited = await call('PATCH', `${base}/${created.id}`, edit, 200);
    for (const [key, value] of Object.entries(edit)) expect(edited[key]).toEqual(value);
    return { id: created.id, edited };
  }

  it('a category', async () => {
    const { id, edited } = await deactivateThenEdit(
      '/api/categories',
      { name: 'Printer' },
      { description: 'Printer dan scanner' },
    );
    expect(edited.isActive).toBe(false);
    const list = await t.app.inject({ method: 'GET', url: '/api/categories?includeInactive=true', headers: admin });
    expect(list.json<{ items: { id: string; isActive: boolean }[] }>().items.find((c) => c.id === id)?.isActive).toBe(
      false,
    );
    expect((await call('PATCH', `/api/categories/${id}`, { name: 'Printer lama' }, 200)).isActive).toBe(false);
  });

  it('a priority', async () => {
    const { id, edited } = await deactivateThenEdit(
      '/api/priorities',
      { name: 'Santai', level: 77, color: '#228be6' },
      { description: 'Bisa menunggu' },
    );
    expect(edited.isActive).toBe(false);
    expect((await call('PATCH', `/api/priorities/${id}`, { name: 'Santai sekali' }, 200)).isActive).toBe(false);
  });

  it('an SLA rule', async () => {
    const priority = await makePriority(t.app.db);
    const { id, edited } = await deactivateThenEdit(
      '/api/sla-rules',
      { priorityId: priority.id, durationHours: 48 },
      { description: 'Jam kerja kantor' },
    );
    expect(edited.isActive).toBe(false);
    expect(edited.durationHours).toBe(48);
    expect((await call('PATCH', `/api/sla-rules/${id}`, { durationHours: 72 }, 200)).isActive).toBe(false);
  });

  it('an escalation level', async () => {
    const { id, edited } = await deactivateThenEdit(
      '/api/sla/escalation-levels',
      {
        name: 'Peringatan',
        action: 'warning',
        trigger: 'percent',
        percent: 50,
        recipients: ['assignee'],
        channels: ['in_app'],
        urgent: true,
      },
      { name: 'Peringatan awal' },
    );
    expect(edited).toMatchObject({ isActive: false, urgent: true, percent: 50 });
    expect((await call('PATCH', `/api/sla/escalation-levels/${id}`, { percent: 60 }, 200)).isActive).toBe(false);
  });

  it('a holiday keeps being yearly when only its name changes', async () => {
    const created = await call('POST', '/api/sla/holidays', { date: '2026-08-17', name: 'HUT RI', yearly: true }, 201);
    const edited = await call('PATCH', `/api/sla/holidays/${created.id}`, { name: 'Hari Kemerdekaan' }, 200);
    expect(edited).toMatchObject({ name: 'Hari Kemerdekaan', yearly: true, date: '2026-08-17' });
  });

  it('a user stays deactivated when only the name changes', async () => {
    const created = await call(
      'POST',
      '/api/users',
      { name: 'Budi', email: 'budi.partial@test.local', password: 'correct-horse-battery', role: 'it_staff' },
      201,
    );
    expect((await call('PATCH', `/api/users/${created.id}`, { status: false }, 200)).status).toBe(false);
    const edited = await call('PATCH', `/api/users/${created.id}`, { name: 'Budi Santoso' }, 200);
    expect(edited).toMatchObject({ name: 'Budi Santoso', status: false, role: 'it_staff' });
  });
});
