import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs, type TestApp } from '@test/app';
import { makeCategory, makePriorities, makeTicket } from '@test/factories';

type Session = Awaited<ReturnType<typeof loginAs>>;
const HOUR = 3_600_000;

/**
 * Search takes the first page of each alternative (number, title/description, comments)
 * separately and merges them (tickets.repository.ts listTickets). These tests pin what that
 * merge must keep: one row per ticket, exact keyset paging in every sort, visibility.
 */
describe('searching tickets', () => {
  let t: TestApp;
  let requester: Session;
  let other: Session;
  let staff: Session;
  const ids: Record<string, string> = {};
  const now = Date.now();

  beforeAll(async () => {
    // This suite searches far more than a person does in a minute.
    t = await buildTestApp({ env: { SEARCH_LIMIT_PER_MINUTE: '100000' } });
    await makePriorities(t.app.db);
    requester = await loginAs(t.app, 'user');
    other = await loginAs(t.app, 'user');
    staff = await loginAs(t.app, 'it_staff');
    const priorities = await t.app.db.selectFrom('priorities').select(['id', 'level']).orderBy('level').execute();
    const category = await makeCategory(t.app.db);
    const make = async (
      key: string,
      o: { title?: string; number?: string; hoursAgo: number; userId?: string; comments?: [string, boolean][] },
      n: number,
    ) => {
      const priority = priorities[n % priorities.length]!;
      const row = await makeTicket(t.app.db, {
        userId: o.userId ?? requester.user.id,
        categoryId: category.id,
        priorityId: priority.id,
        title: o.title ?? `Layar monitor ${key}`,
        description: 'Tidak ada keterangan',
        createdAt: new Date(now - o.hoursAgo * HOUR),
        slaDeadline: n % 3 === 0 ? null : new Date(now + (n % 4) * HOUR),
      });
      await t.app.db
        .updateTable('tickets')
        .set({
          priority_level: priority.level,
          ticket_number: o.number ?? `TKT-202611-${String(n).padStart(5, '0')}`,
          updated_at: new Date(now - (n % 5) * HOUR),
        })
        .where('id', '=', row.id)
        .execute();
      for (const [comment, isInternal] of o.comments ?? []) {
        await t.app.db
          .insertInto('ticket_comments')
          .values({ ticket_id: row.id, user_id: staff.user.id, comment, is_internal: isInternal })
          .execute();
      }
      ids[key] = row.id;
    };
    // Several tickets per alternative, interleaved in time, two with the same creation moment.
    const specs: [string, Parameters<typeof make>[1]][] = [
      ['title1', { title: 'Router lantai 3 mati', hoursAgo: 1 }],
      ['comment1', { hoursAgo: 2, comments: [['Sudah ganti kabel router', false]] }],
      ['number1', { number: 'TKT-ROUTER-00001', hoursAgo: 3 }],
      [
        'all3',
        {
          title: 'Router hilang',
          number: 'TKT-ROUTER-00002',
          hoursAgo: 4,
          comments: [
            ['router ditemukan', false],
            ['router lagi', false],
          ],
        },
      ],
      ['internal', { hoursAgo: 5, comments: [['Catatan: router milik vendor', true]] }],
      ['title2', { title: 'Routers di gudang', hoursAgo: 6 }],
      ['tie-a', { title: 'Router A', hoursAgo: 7 }],
      ['tie-b', { hoursAgo: 7, comments: [['router B', false]] }],
      [
        'comment2',
        {
          hoursAgo: 8,
          comments: [
            ['cek router', false],
            ['masih router', true],
          ],
        },
      ],
      ['nomatch', { hoursAgo: 9, comments: [['printer saja', false]] }],
      ['title3', { title: 'Router lama', hoursAgo: 10 }],
      ['others', { title: 'Router orang lain', hoursAgo: 2.5, userId: other.user.id }],
    ];
    for (const [n, [key, spec]] of specs.entries()) await make(key, spec, n);
  });
  afterAll(() => t.close());

  const list = async (as: Session, qs: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/tickets?${qs}`, headers: as.headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ items: { id: string }[]; nextCursor: string | null }>();
  };
  const keys = (items: { id: string }[]) => items.map((i) => Object.entries(ids).find(([, id]) => id === i.id)?.[0]);
  const allPages = async (as: Session, qs: string, limit: number) => {
    const seen: { id: string }[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(as, `${qs}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(limit);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return keys(seen);
  };

  const staffMatches = ['title1', 'comment1', 'others', 'number1', 'all3', 'internal', 'title2', 'tie-a', 'tie-b'];
  const expectedForStaff = [...staffMatches, 'comment2', 'title3'];

  it('finds each ticket once, whichever alternatives match it', async () => {
    const found = keys((await list(staff, 'q=router&limit=50')).items);
    expect(found.slice(0, 7)).toEqual(staffMatches.slice(0, 7));
    expect(found.slice(7, 9).sort()).toEqual(['tie-a', 'tie-b']);
    expect(found.slice(9)).toEqual(['comment2', 'title3']);
    expect(new Set(found).size).toBe(found.length);
  });

  it('pages through search results in every sort without repeats or gaps', async () => {
    for (const sort of ['newest', 'updated', 'priority', 'sla']) {
      const whole = keys((await list(staff, `q=router&sort=${sort}&limit=50`)).items);
      expect(whole.slice().sort(), sort).toEqual(expectedForStaff.slice().sort());
      for (const limit of [1, 2, 3]) {
        expect(await allPages(staff, `q=router&sort=${sort}`, limit), `${sort} by ${limit}`).toEqual(whole);
      }
    }
  });

  it('never finds a ticket for its requester through words of an internal note', async () => {
    const staffSees = keys((await list(staff, 'q=vendor')).items);
    expect(staffSees).toEqual(['internal']);
    expect((await list(requester, 'q=vendor')).items).toEqual([]);
    // The same ticket stays findable for its requester by its own words.
    expect(keys((await list(requester, 'q=monitor%20internal')).items)).toEqual(['internal']);
    const mine = await allPages(requester, 'q=router', 2);
    expect(mine.slice().sort()).toEqual(expectedForStaff.filter((k) => k !== 'internal' && k !== 'others').sort());
    // comment2 matches through its public comment, not only through its internal note.
    expect(mine).toContain('comment2');
    expect(keys((await list(other, 'q=router')).items)).toEqual(['others']);
  });

  it('applies the other filters to every alternative', async () => {
    expect(keys((await list(staff, `q=router&requesterId=${other.user.id}`)).items)).toEqual(['others']);
    const from = new Date(now - 4.5 * HOUR).toISOString();
    const to = new Date(now - 1.5 * HOUR).toISOString();
    expect(keys((await list(staff, `q=router&createdFrom=${from}&createdTo=${to}`)).items)).toEqual([
      'comment1',
      'others',
      'number1',
      'all3',
    ]);
    expect(keys((await list(staff, 'q=ROUTER-0000&limit=5')).items)).toEqual(['number1', 'all3']);
  });
});

/**
 * What a search term matches (tickets.repository.ts numberMatch and toSearchTsQuery): a number
 * from its start or its sequence, every word but the last exactly, the last as a prefix from
 * MIN_PREFIX_LENGTH characters on; and the probe of the newest tickets for several words.
 */
describe('what a search term matches', () => {
  let t: TestApp;
  let requester: Session;
  let other: Session;
  let staff: Session;
  const ids: Record<string, string> = {};
  const now = Date.now();

  beforeAll(async () => {
    t = await buildTestApp({ env: { SEARCH_LIMIT_PER_MINUTE: '100000' } });
    const priorities = await makePriorities(t.app.db);
    requester = await loginAs(t.app, 'user');
    other = await loginAs(t.app, 'user');
    staff = await loginAs(t.app, 'it_staff');
    const category = await makeCategory(t.app.db);
    const make = async (
      key: string,
      o: { title: string; number: string; hoursAgo: number; userId?: string; comments?: [string, boolean][] },
    ) => {
      const row = await makeTicket(t.app.db, {
        userId: o.userId ?? requester.user.id,
        categoryId: category.id,
        priorityId: priorities.Sedang,
        title: o.title,
        description: 'Tanpa keterangan',
        createdAt: new Date(now - o.hoursAgo * HOUR),
      });
      await t.app.db.updateTable('tickets').set({ ticket_number: o.number }).where('id', '=', row.id).execute();
      for (const [comment, isInternal] of o.comments ?? []) {
        await t.app.db
          .insertInto('ticket_comments')
          .values({ ticket_id: row.id, user_id: staff.user.id, comment, is_internal: isInternal })
          .execute();
      }
      ids[key] = row.id;
    };
    await make('dec42', { title: 'Layar berkedip', number: 'TKT-202612-00042', hoursAgo: 1 });
    await make('dec420', { title: 'Kabel jaringan putus', number: 'TKT-202612-00420', hoursAgo: 2 });
    await make('nov42', { title: 'Kabel jaringan putus lagi', number: 'TKT-202611-00042', hoursAgo: 3 });
    await make('short', { title: 'PR untuk pengadaan printer', number: 'TKT-202611-00043', hoursAgo: 4 });
    await make('login', { title: 'Tidak bisa login email', number: 'TKT-202611-00044', hoursAgo: 5 });
    await make('others', {
      title: 'Kabel jaringan putus di lantai 2',
      number: 'TKT-202611-00045',
      hoursAgo: 6,
      userId: other.user.id,
    });
    await make('noted', {
      title: 'Monitor mati',
      number: 'TKT-202611-00046',
      hoursAgo: 7,
      comments: [['Kabel jaringan rusak, ganti vendor', true]],
    });
    // Relevance: older tickets match better; the comment matches are the newest.
    await make('rankExact', { title: 'Proyektor rusak', number: 'TKT-202611-00050', hoursAgo: 10 });
    await make('rankPrefix', { title: 'Proyektornya hilang', number: 'TKT-202611-00051', hoursAgo: 9 });
    await make('rankComment', {
      title: 'Ruang rapat',
      number: 'TKT-202611-00052',
      hoursAgo: 8,
      comments: [['proyektornya sudah diganti', false]],
    });
    await make('rankNote', {
      title: 'Ruang tamu',
      number: 'TKT-202611-00053',
      hoursAgo: 8.5,
      comments: [['proyektor dicek vendor', true]],
    });
    await make('room42', { title: 'Rapat di ruang 42', number: 'TKT-202611-00054', hoursAgo: 0.5 });
  });
  afterAll(() => t.close());

  const found = async (as: Session, q: string, more = '') => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/tickets?q=${encodeURIComponent(q)}${more}`,
      headers: as.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res
      .json<{ items: { id: string }[] }>()
      .items.map((i) => Object.entries(ids).find(([, id]) => id === i.id)?.[0]);
  };

  it('finds a ticket number typed from its start, with or without prefix and dashes', async () => {
    expect(await found(staff, 'TKT-202612-00042')).toEqual(['dec42']);
    expect(await found(staff, 'tkt-202612-0004')).toEqual(['dec42']);
    expect(await found(staff, '202612-0004')).toEqual(['dec42']);
    expect(await found(staff, '2026120004')).toEqual(['dec42']);
    expect(await found(staff, '202612-')).toEqual(['dec42', 'dec420']);
    // Its digits must start the number's: the middle of a number is not a match.
    expect(await found(staff, '2612-0004')).toEqual([]);
    // A prefix must be the number's own.
    expect(await found(staff, 'ABC-202612-00042')).toEqual([]);
  });

  it('finds a ticket by its sequence, leading zeros or not', async () => {
    expect(await found(staff, '00042')).toEqual(['dec42', 'nov42']);
    // "42" is also a word of room42's title.
    expect(await found(staff, '42')).toEqual(['room42', 'dec42', 'nov42']);
    expect(await found(staff, '0042')).toEqual(['dec42', 'nov42']);
    expect(await found(staff, '420')).toEqual(['dec420']);
    expect(await found(staff, '4')).toEqual([]);
  });

  it('matches the last word as a prefix only from three characters on, the others exactly', async () => {
    // "pr" is a word of one title; as a prefix it would also find "printer" and "putus".
    expect(await found(staff, 'pr')).toEqual(['short']);
    expect(await found(staff, 'pri')).toEqual(['short']);
    expect(await found(staff, 'tidak bisa log')).toEqual(['login']);
    expect(await found(staff, 'tid bisa login')).toEqual([]);
    expect(await found(staff, 'kabel jaringan put')).toEqual(['dec420', 'nov42', 'others']);
    // Punctuation alone matches nothing and is not an error.
    expect(await found(staff, '-')).toEqual([]);
    expect(await found(staff, '%_')).toEqual([]);
  });

  it('pages through a search of several words (probed newest first) without repeats or gaps', async () => {
    for (const sort of ['newest', 'updated', 'priority', 'sla']) {
      const whole = await found(staff, 'kabel jaringan', `&sort=${sort}&limit=50`);
      expect(whole.slice().sort(), sort).toEqual(['dec420', 'noted', 'nov42', 'others']);
      for (const limit of [1, 2, 3]) {
        const seen: (string | undefined)[] = [];
        let cursor: string | null = null;
        do {
          const res: Awaited<ReturnType<typeof t.app.inject>> = await t.app.inject({
            method: 'GET',
            url: `/api/tickets?q=kabel%20jaringan&sort=${sort}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
            headers: staff.headers,
          });
          const page: { items: { id: string }[]; nextCursor: string | null } = res.json();
          seen.push(...page.items.map((i) => Object.entries(ids).find(([, id]) => id === i.id)?.[0]));
          cursor = page.nextCursor;
        } while (cursor);
        expect(seen, `${sort} by ${limit}`).toEqual(whole);
      }
    }
  });

  it('never finds another requester’s ticket or an internal note, by number or by words', async () => {
    expect(await found(requester, 'kabel jaringan putus')).toEqual(['dec420', 'nov42']);
    expect(await found(other, 'kabel jaringan putus')).toEqual(['others']);
    expect(await found(requester, 'TKT-202611-00045')).toEqual([]);
    expect(await found(other, 'TKT-202611-00045')).toEqual(['others']);
    expect(await found(requester, '45')).toEqual([]);
    // The internal note's words find its ticket for staff only.
    expect(await found(staff, 'ganti vendor')).toEqual(['noted']);
    expect(await found(requester, 'ganti vendor')).toEqual([]);
    expect(await found(requester, 'kabel jaringan rusak')).toEqual([]);
  });

  it('ranks by relevance: the number, then title or description words, then comments', async () => {
    expect(await found(staff, 'proyektor')).toEqual(['rankComment', 'rankNote', 'rankPrefix', 'rankExact']);
    // An exact title match (and a title prefix match) comes before a comment prefix match (and
    // a comment's exact word), each tier newest first.
    expect(await found(staff, 'proyektor', '&sort=relevance')).toEqual([
      'rankPrefix',
      'rankExact',
      'rankComment',
      'rankNote',
    ]);
    // The ticket number before a word of a title.
    expect(await found(staff, '42')).toEqual(['room42', 'dec42', 'nov42']);
    expect(await found(staff, '42', '&sort=relevance')).toEqual(['dec42', 'nov42', 'room42']);
    // A requester's ranking leaves out internal notes and other requesters' tickets.
    expect(await found(requester, 'proyektor', '&sort=relevance')).toEqual(['rankPrefix', 'rankExact', 'rankComment']);
    expect(await found(other, 'proyektor', '&sort=relevance')).toEqual([]);
    // Two words that could also be in a number (a trigram branch) and are probed newest first.
    expect(await found(staff, 'kabel-jaringan', '&sort=relevance')).toEqual(['dec420', 'nov42', 'others', 'noted']);
    expect(await found(staff, 'kabel-jaringan')).toEqual(['dec420', 'nov42', 'others', 'noted']);
    // The export follows the same ranking.
    const csv = await t.app.inject({
      method: 'GET',
      url: '/api/tickets/export?format=csv&q=proyektor&sort=relevance',
      headers: staff.headers,
    });
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.body.match(/TKT-\d{6}-\d{5}/g)).toEqual([
      'TKT-202611-00051',
      'TKT-202611-00050',
      'TKT-202611-00052',
      'TKT-202611-00053',
    ]);
    // Without a search there is nothing to rank: newest first.
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/tickets?sort=relevance&limit=2',
      headers: staff.headers,
    });
    expect(res.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toEqual([ids.room42, ids.dec42]);
  });

  it('pages through a relevance ranking without repeats or gaps', async () => {
    for (const q of ['proyektor', '42', 'kabel jaringan']) {
      const whole = await found(staff, q, '&sort=relevance&limit=50');
      for (const limit of [1, 2, 3]) {
        const seen: (string | undefined)[] = [];
        let cursor: string | null = null;
        do {
          const res: Awaited<ReturnType<typeof t.app.inject>> = await t.app.inject({
            method: 'GET',
            url: `/api/tickets?q=${encodeURIComponent(q)}&sort=relevance&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
            headers: staff.headers,
          });
          expect(res.statusCode, res.body).toBe(200);
          const page: { items: { id: string }[]; nextCursor: string | null } = res.json();
          seen.push(...page.items.map((i) => Object.entries(ids).find(([, id]) => id === i.id)?.[0]));
          cursor = page.nextCursor;
        } while (cursor);
        expect(seen, `${q} by ${limit}`).toEqual(whole);
      }
    }
  });
});
