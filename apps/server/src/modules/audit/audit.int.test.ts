import { generate } from 'otplib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditAction } from '@bantu/contracts';
import { buildTestApp, TEST_PASSWORD, type TestApp } from '@test/app';
import { parseCsv } from '@test/csv';
import { makePriority, makeUser } from '@test/factories';
import { prepareQueues } from '@/worker';

const UA = 'AuditTest/1.0 (table)';
const IP = '10.20.30.40';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
  // Invitations queue their mail: the queues exist as in a started server.
  await prepareQueues(t.database);
});
afterAll(() => t.close());

type Headers = Record<string, string>;
const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, headers: Headers, payload?: object) =>
  t.app.inject({
    method,
    url,
    headers: { 'user-agent': UA, ...headers },
    remoteAddress: IP,
    ...(payload ? { payload } : {}),
  });

async function signIn(email: string, password = TEST_PASSWORD) {
  const res = await call('POST', '/api/auth/login', {}, { email, password });
  expect(res.statusCode, res.body).toBe(200);
  return { authorization: `Bearer ${res.json().accessToken}` };
}
async function actor(role: 'admin' | 'manager' | 'it_staff' | 'user' = 'admin') {
  const user = await makeUser(t.app.db, { role, password: TEST_PASSWORD });
  return { user, headers: await signIn(user.email) };
}
const code = (secret: string, steps = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + steps * 30 });
async function enrolled(headers: Headers) {
  const { secret } = (await call('POST', '/api/account/2fa/setup', headers, {})).json();
  const res = await call('POST', '/api/account/2fa/enable', headers, { code: await code(secret) });
  expect(res.statusCode, res.body).toBe(200);
  return { secret: secret as string, recoveryCodes: res.json().recoveryCodes as string[] };
}

interface Case {
  action: AuditAction;
  /** Does the audited thing; answers who should be the actor and what the target is. */
  run(): Promise<{ actorId: string | null; targetId?: string; before?: unknown; after?: unknown; actorEmail?: string }>;
}

const cases: Case[] = [
  {
    action: 'auth.sign_in',
    async run() {
      const user = await makeUser(t.app.db, { password: TEST_PASSWORD });
      await signIn(user.email);
      return { actorId: user.id, targetId: user.id, after: { method: 'password' } };
    },
  },
  {
    action: 'auth.sign_in_failed',
    async run() {
      const user = await makeUser(t.app.db, { password: TEST_PASSWORD });
      await call('POST', '/api/auth/login', {}, { email: user.email, password: 'wrong-password' });
      return { actorId: user.id, targetId: user.id, after: { reason: 'wrong_password' }, actorEmail: user.email };
    },
  },
  {
    action: 'auth.lockout',
    async run() {
      const user = await makeUser(t.app.db, { password: TEST_PASSWORD });
      for (let i = 0; i < 5; i++)
        await call('POST', '/api/auth/login', {}, { email: user.email, password: `wrong-${i}` });
      return { actorId: user.id, targetId: user.id };
    },
  },
  {
    action: 'account.2fa_enabled',
    async run() {
      const me = await actor('user');
      await enrolled(me.headers);
      return {
        actorId: me.user.id,
        targetId: me.user.id,
        before: { twoFactorEnabled: false },
        after: { twoFactorEnabled: true },
      };
    },
  },
  {
    action: 'account.2fa_disabled',
    async run() {
      const me = await actor('user');
      const { secret } = await enrolled(me.headers);
      const res = await call('POST', '/api/account/2fa/disable', me.headers, {
        password: TEST_PASSWORD,
        code: await code(secret, 1),
      });
      expect(res.statusCode, res.body).toBe(204);
      return { actorId: me.user.id, targetId: me.user.id, after: { twoFactorEnabled: false } };
    },
  },
  {
    action: 'auth.recovery_code_used',
    async run() {
      const me = await actor('user');
      const { recoveryCodes } = await enrolled(me.headers);
      const { token } = (
        await call('POST', '/api/auth/login', {}, { email: me.user.email, password: TEST_PASSWORD })
      ).json().challenge;
      expect(
        (await call('POST', '/api/auth/login/2fa', {}, { token, recoveryCode: recoveryCodes[0] })).statusCode,
      ).toBe(200);
      return { actorId: me.user.id, targetId: me.user.id, after: { recoveryCodesLeft: 9 } };
    },
  },
  {
    action: 'account.recovery_codes_regenerated',
    async run() {
      const me = await actor('user');
      const { secret } = await enrolled(me.headers);
      const res = await call('POST', '/api/account/2fa/recovery-codes', me.headers, { code: await code(secret, 1) });
      expect(res.statusCode, res.body).toBe(200);
      return { actorId: me.user.id, targetId: me.user.id };
    },
  },
  {
    action: 'user.role_changed',
    async run() {
      const admin = await actor();
      const target = await makeUser(t.app.db, { role: 'user' });
      expect((await call('PATCH', `/api/users/${target.id}`, admin.headers, { role: 'it_staff' })).statusCode).toBe(
        200,
      );
      return { actorId: admin.user.id, targetId: target.id, before: { role: 'user' }, after: { role: 'it_staff' } };
    },
  },
  {
    action: 'user.status_changed',
    async run() {
      const admin = await actor();
      const target = await makeUser(t.app.db, { role: 'user' });
      expect((await call('PATCH', `/api/users/${target.id}`, admin.headers, { status: false })).statusCode).toBe(200);
      return { actorId: admin.user.id, targetId: target.id, before: { status: true }, after: { status: false } };
    },
  },
  {
    action: 'user.created',
    async run() {
      const admin = await actor();
      const res = await call('POST', '/api/users', admin.headers, {
        name: 'Baru',
        email: 'baru-audit@test.local',
        password: 'password-123',
      });
      return {
        actorId: admin.user.id,
        targetId: res.json().id,
        after: { email: 'baru-audit@test.local', role: 'user' },
      };
    },
  },
  {
    action: 'user.invited',
    async run() {
      const admin = await actor();
      const res = await call('POST', '/api/users/invitations', admin.headers, {
        name: 'Undang',
        email: 'undang-audit@test.local',
      });
      expect(res.statusCode, res.body).toBe(201);
      return { actorId: admin.user.id, targetId: res.json().id, after: { email: 'undang-audit@test.local' } };
    },
  },
  {
    action: 'user.password_reset_by_admin',
    async run() {
      const admin = await actor();
      const target = await makeUser(t.app.db);
      expect(
        (await call('POST', `/api/users/${target.id}/reset-password`, admin.headers, { password: 'new-one-123' }))
          .statusCode,
      ).toBe(204);
      return { actorId: admin.user.id, targetId: target.id };
    },
  },
  {
    action: 'settings.updated',
    async run() {
      const admin = await actor();
      expect(
        (await call('PATCH', '/api/settings', admin.headers, { autoCloseDays: 9, organizationName: 'PT Audit' }))
          .statusCode,
      ).toBe(200);
      return {
        actorId: admin.user.id,
        before: { autoCloseDays: 3, organizationName: 'Bantu' },
        after: { autoCloseDays: 9, organizationName: 'PT Audit' },
      };
    },
  },
  {
    action: 'sla_rule.created',
    async run() {
      const admin = await actor();
      const priority = await makePriority(t.app.db);
      const res = await call('POST', '/api/sla-rules', admin.headers, { priorityId: priority.id, durationHours: 8 });
      expect(res.statusCode, res.body).toBe(201);
      return { actorId: admin.user.id, targetId: res.json().id, after: { durationHours: 8, priorityId: priority.id } };
    },
  },
  {
    action: 'sla_rule.updated',
    async run() {
      const admin = await actor();
      const priority = await makePriority(t.app.db);
      const id = (
        await call('POST', '/api/sla-rules', admin.headers, { priorityId: priority.id, durationHours: 8 })
      ).json().id;
      expect((await call('PATCH', `/api/sla-rules/${id}`, admin.headers, { durationHours: 4 })).statusCode).toBe(200);
      return { actorId: admin.user.id, targetId: id, before: { durationHours: 8 }, after: { durationHours: 4 } };
    },
  },
  {
    action: 'sla_rule.deleted',
    async run() {
      const admin = await actor();
      const priority = await makePriority(t.app.db);
      const id = (
        await call('POST', '/api/sla-rules', admin.headers, { priorityId: priority.id, durationHours: 6 })
      ).json().id;
      expect((await call('DELETE', `/api/sla-rules/${id}`, admin.headers)).statusCode).toBe(204);
      return { actorId: admin.user.id, targetId: id, before: { durationHours: 6 } };
    },
  },
  {
    action: 'sla_calendar.updated',
    async run() {
      const admin = await actor();
      const week = Array.from({ length: 7 }, (_, day) => ({
        day,
        intervals: day === 0 || day === 6 ? [] : [{ start: '09:00', end: '17:00' }],
      }));
      const res = await call('PUT', '/api/sla/calendar', admin.headers, {
        timezone: 'Asia/Makassar',
        alwaysOpen: false,
        week,
      });
      expect(res.statusCode, res.body).toBe(200);
      return { actorId: admin.user.id, after: { timezone: 'Asia/Makassar' } };
    },
  },
  {
    action: 'export.tickets',
    async run() {
      const staff = await actor('it_staff');
      expect((await call('GET', '/api/tickets/export?format=csv&status=OPEN', staff.headers)).statusCode).toBe(200);
      return { actorId: staff.user.id, after: { format: 'csv', rows: 0 } };
    },
  },
  {
    action: 'export.report',
    async run() {
      const manager = await actor('manager');
      const res = await call('GET', '/api/reports/export?from=2026-11-01&to=2026-11-30&format=csv', manager.headers);
      expect(res.statusCode, res.body).toBe(200);
      return { actorId: manager.user.id, after: { format: 'csv' } };
    },
  },
  {
    action: 'export.audit',
    async run() {
      const admin = await actor();
      expect((await call('GET', '/api/audit/export?action=auth.sign_in', admin.headers)).statusCode).toBe(200);
      return { actorId: admin.user.id, after: { action: 'auth.sign_in' } };
    },
  },
  {
    action: 'auth.sign_out_everywhere',
    async run() {
      const me = await actor('user');
      expect((await call('POST', '/api/auth/logout-everywhere', me.headers, {})).statusCode).toBe(204);
      return { actorId: me.user.id, targetId: me.user.id };
    },
  },
  {
    action: 'auth.sign_out',
    async run() {
      const me = await actor('user');
      expect((await call('POST', '/api/auth/logout', me.headers)).statusCode).toBe(204);
      return { actorId: me.user.id, targetId: me.user.id };
    },
  },
];

describe('the audit log records', () => {
  it.each(cases.map((c) => [c.action, c] as const))(
    '%s with actor, address, user agent, before and after',
    async (action, c) => {
      const startedAt = await sql<{ id: string }>`select coalesce(max(id), 0)::text as id from audit_events`.execute(
        t.app.db,
      );
      const expected = await c.run();
      const rows = await t.app.db
        .selectFrom('audit_events')
        .selectAll()
        .where('action', '=', action)
        .where(sql<boolean>`id > ${startedAt.rows[0]!.id}::bigint`)
        .orderBy('id', 'desc')
        .execute();
      expect(rows.length, `no ${action} event`).toBeGreaterThan(0);
      const e = rows[0]!;
      expect(e.actor_id).toBe(expected.actorId);
      expect(e.ip).toBe(IP);
      expect(e.user_agent).toBe(UA);
      if (expected.targetId) expect(e.target_id).toBe(expected.targetId);
      if (expected.actorEmail) expect(e.actor_email).toBe(expected.actorEmail);
      if (expected.before) expect(e.before).toMatchObject(expected.before);
      if (expected.after) expect(e.after).toMatchObject(expected.after);
      // Never a secret in an event.
      expect(JSON.stringify(e)).not.toMatch(/argon2|v1:|password_hash|totp_secret/);
    },
  );
});

describe('the audit log itself', () => {
  it('is append-only: UPDATE, DELETE and TRUNCATE are refused by the database', async () => {
    const before = await t.app.db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(before.n)).toBeGreaterThan(0);
    await expect(sql`update audit_events set action = 'x'`.execute(t.app.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_events`.execute(t.app.db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_events`.execute(t.app.db)).rejects.toThrow(/append-only/);
    const after = await t.app.db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('lists for admins only, filtered, newest first, page by page', async () => {
    const admin = await actor();
    const staff = await actor('it_staff');
    expect((await call('GET', '/api/audit', staff.headers)).statusCode).toBe(403);
    expect((await call('GET', '/api/audit/export', staff.headers)).statusCode).toBe(403);

    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const url = `/api/audit?action=auth.sign_in&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await call('GET', url, admin.headers);
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json();
      for (const item of page.items) {
        expect(item.action).toBe('auth.sign_in');
        all.push(item.id);
      }
      cursor = page.nextCursor;
    } while (cursor);
    const total = await t.app.db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', 'auth.sign_in')
      .executeTakeFirstOrThrow();
    expect(all).toHaveLength(Number(total.n));
    expect([...all].sort((a, b) => Number(b) - Number(a))).toEqual(all);

    const mine = (await call('GET', `/api/audit?actorId=${staff.user.id}`, admin.headers)).json();
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((i: { actorId: string }) => i.actorId === staff.user.id)).toBe(true);
    expect(mine.items[0]).toMatchObject({ actorEmail: staff.user.email, actorName: staff.user.name });

    const future = (await call('GET', '/api/audit?from=2099-01-01T00:00:00Z', admin.headers)).json();
    expect(future.items).toEqual([]);
    for (const bad of [
      'cursor=zzz',
      'action=made.up',
      'from=yesterday',
      'from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z',
    ]) {
      const res = await call('GET', `/api/audit?${bad}`, admin.headers);
      expect(res.statusCode, bad).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('exports the filtered log as CSV, formula-safe', async () => {
    const admin = await actor();
    await call('POST', '/api/auth/login', {}, { email: '=cmd|calc@test.local', password: 'whatever' });
    const res = await call('GET', '/api/audit/export?action=auth.sign_in_failed', admin.headers);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const rows = parseCsv(res.body.replace(/^\uFEFF/, ''));
    expect(rows[0]).toEqual([
      'id',
      'occurred_at',
      'action',
      'actor_email',
      'actor_name',
      'ip',
      'user_agent',
      'target_type',
      'target_id',
      'before',
      'after',
    ]);
    const data = rows.slice(1).filter((r) => r.length > 1);
    expect(data.length).toBeGreaterThan(0);
    expect(data.every((r) => r[2] === 'auth.sign_in_failed')).toBe(true);
    const injected = data.find((r) => r[3]!.includes('cmd|calc'));
    expect(injected?.[3]).toBe("'=cmd|calc@test.local");
  });
});
