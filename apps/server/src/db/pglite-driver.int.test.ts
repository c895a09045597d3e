import { PGlite } from '@electric-sql/pglite';
import { Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inBackground, PrioritisedPGliteDialect } from './pglite-driver';

// Issue 15: in ROLE=all the worker's queries must not stretch requests on PGlite's one connection.
describe('PGlite connection: requests before background work', () => {
  let pglite: PGlite;
  let db: Kysely<unknown>;
  beforeAll(async () => {
    pglite = await PGlite.create();
    db = new Kysely<unknown>({ dialect: new PrioritisedPGliteDialect(pglite) });
  });
  afterAll(() => db.destroy());

  /** Holds the connection in a transaction until `release` is called. */
  const hold = () => {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const done = db.transaction().execute(async (trx) => {
      await sql`select 1`.execute(trx);
      await released;
    });
    return { release, done };
  };

  it('gives the connection to a waiting request before background waiters that came first', async () => {
    const order: string[] = [];
    const busy = hold();
    await new Promise((r) => setTimeout(r, 20));
    const jobs = [1, 2, 3].map((i) =>
      inBackground(async () => {
        await sql`select ${i}::int`.execute(db);
        order.push(`job${i}`);
      }),
    );
    await new Promise((r) => setTimeout(r, 20));
    const request = sql`select 'request'`.execute(db).then(() => order.push('request'));
    busy.release();
    await Promise.all([busy.done, request, ...jobs]);
    expect(order).toEqual(['request', 'job1', 'job2', 'job3']);
  });

  it('lets a request that arrives while background work waits for its turn go first', async () => {
    const order: string[] = [];
    // The connection is free: background work is handed it only after the event loop turns,
    // so a request arriving in the same turn is served first.
    const job = inBackground(() => sql`select 'job'`.execute(db).then(() => order.push('job')));
    const request = sql`select 'request'`.execute(db).then(() => order.push('request'));
    await Promise.all([job, request]);
    expect(order).toEqual(['request', 'job']);
  });

  it('runs background work when no request waits, and keeps transactions on one connection', async () => {
    const rows = await inBackground(() =>
      db.transaction().execute(async (trx) => {
        await sql`create temporary table t (n int)`.execute(trx);
        await sql`insert into t values (1), (2)`.execute(trx);
        return (await sql<{ n: number }>`select count(*)::int as n from t`.execute(trx)).rows;
      }),
    );
    expect(rows).toEqual([{ n: 2 }]);
  });
});
