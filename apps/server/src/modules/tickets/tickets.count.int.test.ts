import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs, type TestApp } from '@test/app';
import { makeCategory, makePriority, makeTicket } from '@test/factories';

type Session = Awaited<ReturnType<typeof loginAs>>;
const HOUR = 3_600_000;

/** GET /api/tickets/count: the total beside the all-tickets list, over every page. */
describe('counting a ticket list', () => {
  let t: TestApp;
  let requester: Session;
  let other: Session;
  let manager: Session;
  let categoryId: string;
  const now = Date.now();

  beforeAll(async () => {
    t = await buildTestApp();
    requester = await loginAs(t.app, 'user');
    other = await loginAs(t.app, 'user');
    manager = await loginAs(t.app, 'manager');
    categoryId = (await makeCategory(t.app.db)).id;
    const priorityId = (await makePriority(t.app.db)).id;
    const make = (o: Partial<Parameters<typeof makeTicket>[1]>) =>
      makeTicket(t.app.db, { userId: requester.user.id, categoryId, priorityId, ...o });
    // 30 tickets of the requester: more than one page of 25.
    for (let i = 0; i < 30; i++) {
      await make({
        title: i < 3 ? `Proyektor rapat mati ${i}` : `Laptop lambat ${i}`,
        status: i % 3 === 0 ? 'RESOLVED' : 'OPEN',
        createdAt: new Date(now - (i + 1) * HOUR),
      });
    }
    await make({ userId: other.user.id, title: 'Proyektor aula mati' });
  });
  afterAll(() => t.close());

  const count = async (session: Session, qs: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/tickets/count?${qs}`, headers: session.headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ count: number }>().count;
  };

  it('counts what the list would page through, with filters and search', async () => {
    expect(await count(manager, `categoryId=${categoryId}`)).toBe(31);
    expect(await count(manager, `categoryId=${categoryId}&status=RESOLVED`)).toBe(10);
    expect(await count(manager, `categoryId=${categoryId}&q=proyektor`)).toBe(4);
    const from = new Date(now - 10.5 * HOUR).toISOString();
    expect(await count(manager, `categoryId=${categoryId}&createdFrom=${from}`)).toBe(11);
    // The same number as walking the list page by page.
    let seen = 0;
    let cursor: string | null = null;
    do {
      const res: { json: <T>() => T } = await t.app.inject({
        method: 'GET',
        url: `/api/tickets?categoryId=${categoryId}&status=OPEN&limit=25${cursor ? `&cursor=${cursor}` : ''}`,
        headers: manager.headers,
      });
      const page = res.json<{ items: unknown[]; nextCursor: string | null }>();
      seen += page.items.length;
      cursor = page.nextCursor;
    } while (cursor);
    expect(await count(manager, `categoryId=${categoryId}&status=OPEN`)).toBe(seen);
    expect(seen).toBe(21);
  });

  it("counts only a requester's own tickets", async () => {
    expect(await count(requester, `categoryId=${categoryId}`)).toBe(30);
    expect(await count(other, `categoryId=${categoryId}&q=proyektor`)).toBe(1);
  });

  it('refuses bad filters with 400 and anonymous callers with 401', async () => {
    const bad = await t.app.inject({ method: 'GET', url: '/api/tickets/count?status=NOPE', headers: manager.headers });
    expect(bad.statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/tickets/count' })).statusCode).toBe(401);
  });
});
