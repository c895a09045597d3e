import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '@test/database';
import { testDatabaseUrl } from '@/config';
import { migrateToLatest, openDatabase, pendingMigrations } from './database';
import { migrations } from './migrations';

describe('database', () => {
  it('migrates an empty database, and a second run is a no-op', async () => {
    const handle = await createTestDatabase({ migrate: false });
    try {
      expect((await pendingMigrations(handle.db)).length).toBeGreaterThan(0);
      await migrateToLatest(handle.db);
      expect(await pendingMigrations(handle.db)).toEqual([]);
      const again = await migrateToLatest(handle.db);
      expect(again.results).toEqual([]);
      const tables = await sql<{ table_name: string }>`
        select table_name from information_schema.tables where table_schema = 'public' order by table_name`.execute(
        handle.db,
      );
      expect(tables.rows.map((r) => r.table_name)).toEqual(
        expect.arrayContaining([
          'users',
          'categories',
          'priorities',
          'sla_rules',
          'tickets',
          'ticket_comments',
          'ticket_attachments',
          'ticket_events',
          'settings',
          'refresh_tokens',
        ]),
      );
    } finally {
      await handle.close();
    }
  });

  it('asks one question on a current schema, and refuses a database migrated by newer code', async () => {
    const handle = await createTestDatabase();
    try {
      let statements = 0;
      const counted = handle.db.withPlugin({
        transformQuery: (args) => {
          statements += 1;
          return args.node;
        },
        transformResult: (args) => Promise.resolve(args.result),
      });
      expect((await migrateToLatest(counted)).results).toEqual([]);
      expect(statements).toBe(1);
      expect(await pendingMigrations(counted)).toEqual([]);
      expect(statements).toBe(2);

      // A name this code does not know (a downgrade) goes to the migrator, which refuses it.
      await sql`insert into kysely_migration (name, timestamp) values ('29991231000000_from_newer_code', '2999-12-31')`.execute(
        handle.db,
      );
      await expect(migrateToLatest(handle.db)).rejects.toThrow(/corrupted migrations/);
    } finally {
      await handle.close();
    }
  });

  it('lets two processes start together: each migration runs once, neither fails', async () => {
    const handle = await createTestDatabase({ migrate: false });
    try {
      if (handle.kind === 'pglite') {
        // One PGlite per data dir and process: concurrency is serialised by the driver itself.
        const results = await Promise.all([migrateToLatest(handle.db), migrateToLatest(handle.db)]);
        expect(results.flatMap((r) => r.results ?? []).filter((r) => r.status === 'Success')).toHaveLength(
          Object.keys(migrations).length,
        );
        return;
      }
      const other = await openDatabase({ kind: 'postgres', url: handle.url!, poolSize: 2 });
      try {
        const results = await Promise.all([migrateToLatest(handle.db), migrateToLatest(other.db)]);
        const applied = results.flatMap((r) => r.results ?? []).filter((r) => r.status === 'Success');
        expect(applied.map((r) => r.migrationName)).toEqual(Object.keys(migrations));
      } finally {
        await other.close();
      }
    } finally {
      await handle.close();
    }
  });

  it("keeps every GIN index's pending list small, so a search never reads thousands of unsorted entries", async () => {
    const handle = await createTestDatabase();
    try {
      const indexes = await sql<{ name: string; options: string[] | null }>`
        select c.relname as name, c.reloptions as options
          from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am a on a.oid = c.relam
         where a.amname = 'gin' order by c.relname`.execute(handle.db);
      expect(indexes.rows.map((r) => r.name)).toEqual([
        'ticket_comments_search_idx',
        'tickets_number_trgm_idx',
        'tickets_search_idx',
      ]);
      for (const index of indexes.rows) expect(index.options, index.name).toEqual(['gin_pending_list_limit=128']);
    } finally {
      await handle.close();
    }
  });

  it('returns the same JavaScript types on both drivers', async () => {
    const handle = await createTestDatabase();
    try {
      const row = await sql<{ n: number; at: Date; big: number; ok: boolean }>`
        select count(*) as n, now() as at, 9007199254740991::bigint as big, true as ok`.execute(handle.db);
      expect(row.rows[0]).toEqual({ n: 1, at: expect.any(Date), big: 9007199254740991, ok: true });
    } finally {
      await handle.close();
    }
  });

  it('enforces the schema constraints', async () => {
    const handle = await createTestDatabase();
    try {
      await expect(
        handle.db
          .insertInto('users')
          .values({ name: 'X', email: 'MiXed@Case.test', role: 'user', password_hash: null })
          .execute(),
      ).rejects.toThrow(/check constraint/);
      await expect(
        handle.db.insertInto('priorities').values({ name: 'Bad', level: 1, color: 'red' }).execute(),
      ).rejects.toThrow(/check constraint/);
    } finally {
      await handle.close();
    }
  });

  it.skipIf(!testDatabaseUrl())('opens a second pool on DATABASE_READ_URL for reports (readDb)', async () => {
    const primary = await createTestDatabase();
    const replica = await createTestDatabase();
    const handle = await openDatabase({ kind: 'postgres', url: primary.url!, readUrl: replica.url!, poolSize: 2 });
    try {
      await handle.db.insertInto('categories').values({ name: 'Only on the primary' }).execute();
      const onPrimary = await handle.db.selectFrom('categories').select('name').execute();
      const onReplica = await handle.readDb!.selectFrom('categories').select('name').execute();
      expect(onPrimary.map((c) => c.name)).toContain('Only on the primary');
      expect(onReplica.map((c) => c.name)).not.toContain('Only on the primary');
    } finally {
      await handle.close();
      await primary.close();
      await replica.close();
    }
    // Without a read URL, reports read the primary.
    const single = await openDatabase({ kind: 'postgres', url: testDatabaseUrl()!, poolSize: 1 });
    expect(single.readDb).toBeUndefined();
    await single.close();
  });
});
