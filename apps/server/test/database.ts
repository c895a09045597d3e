import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { testDatabaseUrl } from '@/config';
import { migrateToLatest, openDatabase, type DatabaseHandle } from '@/db/database';

/**
 * A fresh, migrated database for one test file: an in-memory PGlite by default, or a new
 * database on the PostgreSQL server named by TEST_DATABASE_URL, dropped again on close.
 */
export async function createTestDatabase(
  options: { migrate?: boolean } = {},
): Promise<DatabaseHandle & { url?: string }> {
  const serverUrl = testDatabaseUrl();
  if (!serverUrl) {
    const handle = await openDatabase({ kind: 'pglite', dataDir: null });
    if (options.migrate !== false) await migrateToLatest(handle.db);
    return handle;
  }
  const name = `bantu_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 5 });
  if (options.migrate !== false) await migrateToLatest(handle.db);
  return {
    ...handle,
    url: url.toString(),
    async close() {
      await handle.close();
      await dropDatabase(serverUrl, name);
    },
  };
}

/**
 * Drops a test database once its (closing) connections are gone. FORCE would terminate them
 * mid-close and surface as unhandled "terminating connection" errors, so it is the last resort.
 */
export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    for (let attempt = 0; attempt < 50; attempt++) {
      try {
        // An app's change-feed listener (infra/changes) outlives a database closed before its
        // app (the "database is gone" tests): it handles being cut off, and DROP DATABASE would
        // otherwise wait 5 s per attempt for it.
        await admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'bantu-change-feed'`,
          [name],
        );
        await admin.query(`DROP DATABASE IF EXISTS ${name}`);
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== '55006') throw error; // object_in_use
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
