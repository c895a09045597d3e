import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs, type TestApp } from '@test/app';
import { makeCategory, makePriority } from '@test/factories';
import { openDatabase, type DatabaseHandle } from '@/db/database';
import { cachedValue } from '@/infra/changes/cached-value';
import { REFERENCE_TABLES, loadReferenceData } from './sla.reference';

/** Another API process on the same data: its own pool and listener (PGlite: the same engine). */
async function secondHandle(first: DatabaseHandle): Promise<DatabaseHandle> {
  if (first.kind === 'postgres') return openDatabase({ kind: 'postgres', url: first.url!, poolSize: 5 });
  return { ...first, close: () => Promise.resolve() };
}

describe('the reference cache across two API processes on one database', () => {
  let one: TestApp;
  let two: TestApp;
  let twoDatabase: DatabaseHandle;
  let priorityId: string;
  const env = { APP_SECRET: 'b'.repeat(64) };
  beforeAll(async () => {
    one = await buildTestApp({ env });
    twoDatabase = await secondHandle(one.database);
    two = await buildTestApp({ env, database: twoDatabase });
    for (let i = 0; i < 100 && !(one.app.changes.live && two.app.changes.live); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // Made through one process after the other started: the other must see it too.
    priorityId = (await makePriority(one.app.db, { sla: { hours: 8 } })).id;
  });
  afterAll(async () => {
    await two.close();
    await twoDatabase.close();
    await one.close();
  });

  const create = (app: TestApp, headers: Record<string, string>, categoryId: string) =>
    app.app.inject({
      method: 'POST',
      url: '/api/tickets',
      headers,
      payload: { title: 'Printer macet', description: 'Kertas tersangkut', categoryId, priorityId },
    });

  it('uses a settings change made through one process in the next create of the other', async () => {
    const admin = await loginAs(one.app, 'admin');
    const user = await loginAs(two.app, 'user');
    const category = await makeCategory(one.app.db);
    const first = await create(two, user.headers, category.id);
    expect(first.statusCode).toBe(201);
    expect(first.json().ticketNumber).toMatch(/^TKT-/);
    const changed = await one.app.inject({
      method: 'PATCH',
      url: '/api/settings',
      headers: admin.headers,
      payload: { ticketNumberPrefix: 'HD' },
    });
    expect(changed.statusCode).toBe(200);
    expect((await create(two, user.headers, category.id)).json().ticketNumber).toMatch(/^HD-/);
    expect((await create(one, user.headers, category.id)).json().ticketNumber).toMatch(/^HD-/);
  });

  it('refuses a category deactivated through the other process on the next create', async () => {
    const user = await loginAs(two.app, 'user');
    const category = await makeCategory(one.app.db);
    expect((await create(two, user.headers, category.id)).statusCode).toBe(201);
    await one.app.db.updateTable('categories').set({ is_active: false }).where('id', '=', category.id).execute();
    const refused = await create(two, user.headers, category.id);
    expect(refused.statusCode).toBe(400);
  });

  it('keeps the data between creates, until the database says anything may have changed', async () => {
    const user = await loginAs(two.app, 'user');
    const category = await makeCategory(one.app.db);
    expect((await create(two, user.headers, category.id)).statusCode).toBe(201);
    // A write that fires no trigger (as a restore does) is not seen: the data really is kept...
    await one.app.db.connection().execute(async (db) => {
      await sql`set session_replication_role = replica`.execute(db);
      await sql`update categories set is_active = false where id = ${category.id}`.execute(db);
      await sql`set session_replication_role = origin`.execute(db);
    });
    expect((await create(two, user.headers, category.id)).statusCode).toBe(201);
    // ...until the restore's `*` arrives.
    await sql`select pg_notify('bantu_changes', '*')`.execute(one.app.db);
    await two.app.changes.barrier();
    expect((await create(two, user.headers, category.id)).statusCode).toBe(400);
  });

  it('does not keep data read before a change that committed while it was being read', async () => {
    let loads = 0;
    const cache = cachedValue(one.app.changes, REFERENCE_TABLES, async () => {
      loads++;
      const data = await loadReferenceData(one.app.db);
      if (loads === 1) {
        await makeCategory(one.app.db, { name: `Later ${Date.now()}` });
        await one.app.changes.barrier();
      }
      return data;
    });
    const before = await cache.get();
    expect(cache.held).toBe(false);
    const after = await cache.get();
    expect(after.categories.size).toBe(before.categories.size + 1);
    expect(cache.held).toBe(true);
    await cache.get();
    expect(loads).toBe(2);
  });
});
