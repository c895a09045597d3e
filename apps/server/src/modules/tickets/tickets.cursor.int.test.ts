import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs, type TestApp } from '@test/app';
import { makeCategory, makePriority, makeTicket, makeUser } from '@test/factories';

type Session = Awaited<ReturnType<typeof loginAs>>;

/**
 * Rows written inside one millisecond (a burst of creates, a bulk import) must page like any
 * others: a cursor holds a JavaScript Date, so the columns it is compared with must not hold
 * the microseconds the cursor lost, or the next page skips the rest of that millisecond.
 */
describe('keyset pages over rows inside one millisecond', () => {
  let t: TestApp;
  let staff: Session;
  const ids: string[] = [];

  beforeAll(async () => {
    t = await buildTestApp();
    staff = await loginAs(t.app, 'it_staff');
    const requester = await makeUser(t.app.db, { role: 'user' });
    const category = await makeCategory(t.app.db);
    const priority = await makePriority(t.app.db);
    for (let i = 0; i < 6; i++) {
      const row = await makeTicket(t.app.db, {
        userId: requester.id,
        categoryId: category.id,
        priorityId: priority.id,
        slaDeadline: new Date('2026-12-10T10:00:00.500Z'),
      });
      ids.push(row.id);
      // What now() writes: microseconds, six rows in the same millisecond.
      const at = `2026-12-01T10:00:00.123${String(100 + i * 100).padStart(3, '0')}Z`;
      await sql`update tickets set created_at = ${at}::timestamptz, updated_at = ${at}::timestamptz where id = ${row.id}`.execute(
        t.app.db,
      );
    }
  });
  afterAll(() => t.close());

  const page = async (qs: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/tickets?${qs}`, headers: staff.headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ items: { id: string }[]; nextCursor: string | null }>();
  };

  it('returns every row once in each sort, one row per page', async () => {
    for (const sort of ['newest', 'updated', 'priority', 'sla']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const next = await page(`sort=${sort}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...next.items.map((i) => i.id));
        cursor = next.nextCursor;
      } while (cursor && seen.length < 20);
      expect(seen.sort(), sort).toEqual([...ids].sort());
    }
  });
});
