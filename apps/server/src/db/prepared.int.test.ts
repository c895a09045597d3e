import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '@/config';
import { openDatabase } from './database';
import { executePrepared, preparedName } from './prepared';

// A named statement exists only on PostgreSQL (PGlite runs the same query unnamed).
describe.skipIf(!testDatabaseUrl())('named prepared statements', () => {
  it('sends a registered text as one named statement per connection, other texts unnamed', async () => {
    const handle = await openDatabase({ kind: 'postgres', url: testDatabaseUrl()!, poolSize: 1 });
    try {
      const query = (n: number) =>
        handle.db.selectNoFrom((eb) => eb.val(n).as('n')).where(sql<boolean>`'OPEN' in ('OPEN', 'ON_HOLD')`);
      for (let n = 1; n <= 7; n++) expect(await executePrepared(handle.db, query(n))).toEqual([{ n: String(n) }]); // a text parameter
      const name = preparedName(query(1).compile().sql);
      expect(name).toMatch(/^bantu_[0-9a-f]{20}$/);
      // Another text, never registered, is sent unnamed: it adds no statement.
      await handle.db.selectNoFrom((eb) => eb.val(8).as('other')).execute();
      const statements = await sql<{ name: string; calls: number }>`
        select name, generic_plans + custom_plans as calls from pg_prepared_statements`.execute(handle.db);
      expect(statements.rows).toEqual([{ name, calls: 7 }]);
    } finally {
      await handle.close();
    }
  });
});
