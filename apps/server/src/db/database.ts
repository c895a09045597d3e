import fs from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, Migrator, PostgresDialect, sql, type MigrationResultSet } from 'kysely';
import pg from 'pg';
import type { Config } from '@/config';
import { migrations } from './migrations';
import { PrioritisedPGliteDialect } from './pglite-driver';
import type { Database } from './types';
import { preparingPool } from './prepared';

export type DB = Kysely<Database>;

// int8 (count(*), bigint columns) as a JS number on both drivers: pg would give a string,
// PGlite a number. Our counts and file sizes stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));

export interface DatabaseHandle {
  db: DB;
  /** Where reports read (DATABASE_READ_URL, a replica); absent = the primary `db`. */
  readDb?: DB;
  kind: 'pglite' | 'postgres';
  /** The embedded engine, for the job queue's serialised adapter; absent on PostgreSQL. */
  pglite?: PGlite;
  /** The connection string, for clients of their own (the job queue); absent on PGlite. */
  url?: string;
  /** PostgreSQL connection pools by name (primary, replica), for the pool metrics; none on PGlite. */
  pools?: Record<string, pg.Pool>;
  close(): Promise<void>;
}

export async function openDatabase(database: Config['database']): Promise<DatabaseHandle> {
  if (database.kind === 'postgres') {
    const pool = preparingPool(new pg.Pool({ connectionString: database.url, max: database.poolSize }));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    if (database.readUrl) {
      const readPool = new pg.Pool({ connectionString: database.readUrl, max: database.poolSize });
      const readDb = new Kysely<Database>({ dialect: new PostgresDialect({ pool: readPool }) });
      return {
        db,
        readDb,
        kind: 'postgres',
        url: database.url,
        pools: { primary: pool, replica: readPool },
        close: async () => {
          await Promise.all([db.destroy(), readDb.destroy()]);
        },
      };
    }
    return { db, kind: 'postgres', url: database.url, pools: { primary: pool }, close: () => db.destroy() };
  }
  if (database.dataDir) await fs.mkdir(database.dataDir, { recursive: true });
  // Extensions the migrations create must be compiled in: PGlite loads them at start.
  const options = { extensions: { pg_trgm } };
  const pglite = database.dataDir ? await PGlite.create(database.dataDir, options) : await PGlite.create(options);
  // One connection, requests before background work (pglite-driver.ts).
  const db = new Kysely<Database>({ dialect: new PrioritisedPGliteDialect(pglite) });
  return { db, kind: 'pglite', pglite, close: () => db.destroy() };
}

function migrator(db: DB): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    migrationTableName: 'kysely_migration',
    migrationLockTableName: 'kysely_migration_lock',
  });
}

/**
 * Brings the schema up to date. Kysely takes a transaction-scoped advisory lock on PostgreSQL,
 * so two processes starting together run each migration once; the loser waits and finds
 * nothing left to do.
 */
export async function migrateToLatest(db: DB, onProgress?: (name: string) => void): Promise<MigrationResultSet> {
  // A start on an up-to-date schema (every start but the first after an upgrade) asks one
  // question instead of Kysely's introspection of every table and its lock round (0.3-0.4 s on
  // PGlite); anything pending, an unknown name, or no table yet goes through the migrator.
  const executed = await executedMigrations(db);
  if (executed?.size === knownMigrations.length && knownMigrations.every((name) => executed.has(name))) {
    return { results: [] };
  }
  const result = await migrator(db).migrateToLatest();
  for (const r of result.results ?? []) if (r.status === 'Success') onProgress?.(r.migrationName);
  if (result.error)
    throw result.error instanceof Error ? result.error : new Error('migration failed', { cause: result.error });
  return result;
}

const knownMigrations = Object.keys(migrations);

/** The names in the migration table; null before the first migration (no table yet). */
async function executedMigrations(db: DB): Promise<Set<string> | null> {
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    return new Set(rows.map((row) => row.name));
  } catch (error) {
    // undefined_table: a new database. Anything else (unreachable, say) is the caller's failure.
    if ((error as { code?: unknown }).code === '42P01') return null;
    throw error;
  }
}

/**
 * Names of migrations the code has that the database has not run yet: one query (readiness asks
 * it on every probe; Kysely's `getMigrations` introspects every table first).
 */
export async function pendingMigrations(db: DB): Promise<string[]> {
  const executed = await executedMigrations(db);
  return knownMigrations.filter((name) => !executed?.has(name));
}

export async function ping(db: DB): Promise<void> {
  await sql`select 1`.execute(db);
}
