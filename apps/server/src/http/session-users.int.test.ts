import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs, TEST_PASSWORD, type TestApp } from '@test/app';
import { openDatabase, type DatabaseHandle } from '@/db/database';
import { findSessionUser } from '@/modules/users/users.repository';
import type { AuthUser } from './auth.plugin';
import { sessionUserCache } from './session-users';

/**
 * A second handle on the same data, as another API process has: its own pool and its own
 * listening connection, so it learns of the first one's changes only through NOTIFY. (PGlite
 * is one engine in one process; the second handle shares it.)
 */
async function secondHandle(first: DatabaseHandle): Promise<DatabaseHandle> {
  if (first.kind === 'postgres') return openDatabase({ kind: 'postgres', url: first.url!, poolSize: 5 });
  // PGlite is one connection in one process: the second app shares its queue (a second dialect
  // on the same engine could run its statements inside the first one's transaction).
  return { ...first, close: () => Promise.resolve() };
}

describe('the session user cache across two API processes on one database', () => {
  let one: TestApp;
  let two: TestApp;
  let twoDatabase: DatabaseHandle;
  // Both processes sign tokens with the same secret, as a deployment's processes do.
  const env = { APP_SECRET: 'a'.repeat(64) };
  beforeAll(async () => {
    one = await buildTestApp({ env });
    twoDatabase = await secondHandle(one.database);
    two = await buildTestApp({ env, database: twoDatabase });
    // The PostgreSQL feed connects in the background; wait until both listen.
    for (let i = 0; i < 100 && !(one.app.changes.live && two.app.changes.live); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });
  afterAll(async () => {
    await two.close();
    await twoDatabase.close();
    await one.close();
  });

  const me = (app: TestApp, headers: Record<string, string>) =>
    app.app.inject({ method: 'GET', url: '/api/auth/me', headers });

  it('keeps the user of a session between requests', async () => {
    const { headers } = await loginAs(one.app, 'user');
    const before = two.app.sessionUsers.size;
    expect((await me(two, headers)).statusCode).toBe(200);
    expect((await me(two, headers)).statusCode).toBe(200);
    expect(two.app.sessionUsers.size).toBe(before + 1);
  });

  it('serves the kept row until a change is announced, then the new one', async () => {
    const { headers, user } = await loginAs(one.app, 'user');
    await two.app.changes.barrier(); // the sign-in's own change (last_login_at) has arrived
    expect((await me(two, headers)).json().name).toBe(user.name);
    // A write that fires no trigger (as a restore does) is not seen: the row really is kept...
    await one.app.db.connection().execute(async (db) => {
      await sql`set session_replication_role = replica`.execute(db);
      await sql`update users set name = 'Unannounced' where id = ${user.id}`.execute(db);
      await sql`set session_replication_role = origin`.execute(db);
    });
    expect((await me(two, headers)).json().name).toBe(user.name);
    // ...until the database says anything may have changed (what a restore sends).
    await sql`select pg_notify('bantu_changes', '*')`.execute(one.app.db);
    await two.app.changes.barrier();
    await one.app.changes.barrier();
    expect((await me(two, headers)).json().name).toBe('Unannounced');
  });

  it('applies a deactivation through one process on the next request to the other', async () => {
    const admin = await loginAs(one.app, 'admin');
    const victim = await loginAs(one.app, 'it_staff');
    expect((await me(two, victim.headers)).statusCode).toBe(200);
    const off = await one.app.inject({
      method: 'PATCH',
      url: `/api/users/${victim.user.id}`,
      headers: admin.headers,
      payload: { status: false },
    });
    expect(off.statusCode).toBe(200);
    expect((await me(two, victim.headers)).statusCode).toBe(401);
    expect((await me(one, victim.headers)).statusCode).toBe(401);
  });

  it('applies a role change through one process on the next request to the other', async () => {
    const admin = await loginAs(one.app, 'admin');
    const staff = await loginAs(one.app, 'it_staff');
    expect((await two.app.inject({ method: 'GET', url: '/api/tickets', headers: staff.headers })).statusCode).toBe(200);
    const changed = await one.app.inject({
      method: 'PATCH',
      url: `/api/users/${staff.user.id}`,
      headers: admin.headers,
      payload: { role: 'user' },
    });
    expect(changed.statusCode).toBe(200);
    // A role change ends the user's sessions: the old token stops in both processes.
    expect((await me(two, staff.headers)).statusCode).toBe(401);
    const again = await two.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: staff.user.email, password: TEST_PASSWORD },
    });
    const headers = { authorization: `Bearer ${again.json<{ accessToken: string }>().accessToken}` };
    expect((await me(one, headers)).json().role).toBe('user');
  });

  it('ends every session on the other process after "sign out everywhere", and a profile change shows there', async () => {
    const a = await loginAs(one.app, 'user');
    expect((await me(two, a.headers)).statusCode).toBe(200);
    const renamed = await one.app.inject({
      method: 'PATCH',
      url: '/api/auth/me',
      headers: a.headers,
      payload: { name: 'Nama Baru' },
    });
    expect(renamed.statusCode).toBe(200);
    expect((await me(two, a.headers)).json().name).toBe('Nama Baru');
    const out = await one.app.inject({ method: 'POST', url: '/api/auth/logout-everywhere', headers: a.headers });
    expect(out.statusCode).toBe(204);
    expect((await me(two, a.headers)).statusCode).toBe(401);
    expect((await me(one, a.headers)).statusCode).toBe(401);
  });

  it('does not keep a row read before a change that committed while it was being read', async () => {
    const { user } = await loginAs(one.app, 'user');
    const session = await one.app.db
      .selectFrom('refresh_tokens')
      .select('family_id')
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    const cache = sessionUserCache<AuthUser>(one.app.changes);
    let loads = 0;
    const load = async () => {
      loads++;
      const row = await findSessionUser(one.app.db, user.id, session.family_id);
      if (loads === 1) {
        // The change commits after the read and before the read is stored.
        await one.app.db.updateTable('users').set({ name: 'Later' }).where('id', '=', user.id).execute();
        await one.app.changes.barrier();
      }
      return row;
    };
    expect((await cache.get(user.id, session.family_id, load))?.name).toBe(user.name);
    expect(cache.size).toBe(0);
    expect((await cache.get(user.id, session.family_id, load))?.name).toBe('Later');
    expect(cache.size).toBe(1);
    expect((await cache.get(user.id, session.family_id, load))?.name).toBe('Later');
    expect(loads).toBe(2);
  });
});
