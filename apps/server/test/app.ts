import type { Role } from '@bantu/contracts';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '@/app';
import { loadConfig } from '@/config';
import type { DatabaseHandle } from '@/db/database';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FiguresCache } from '@/infra/cache/figures-cache';
import { memoryRateLimitStore, type RateLimitStore } from '@/infra/cache/rate-limit-store';
import { fsStorage } from '@/infra/storage/fs-storage';
import type { ObjectStorage } from '@/infra/storage/object-storage';
import type { Clock } from '@/infra/infra.plugin';
import { createTestDatabase } from './database';
import { makeUser } from './factories';

export interface TestApp {
  app: FastifyInstance;
  database: DatabaseHandle;
  storage: ObjectStorage;
  /** The local-disk storage root, when the test did not bring its own storage. */
  filesDir: string | null;
  close(): Promise<void>;
}

/** The real app on a fresh database, without the web bundle; logs only when `logLines` collects them. */
export async function buildTestApp(
  options: {
    rateLimits?: RateLimitStore;
    /** The dashboard figures cache (closed by the test); else the config's (off unless env asks). */
    figuresCache?: FiguresCache;
    clock?: Clock;
    env?: Record<string, string>;
    logLines?: string[];
    storage?: ObjectStorage;
    /** A built web app to serve (default none). */
    webDist?: string | null;
    /** Run on this database (a second API process on the same data); it is not closed with the app. */
    database?: DatabaseHandle;
  } = {},
): Promise<TestApp> {
  const { logLines } = options;
  const database = options.database ?? (await createTestDatabase());
  const filesDir = options.storage ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'bantu-files-'));
  const storage = options.storage ?? fsStorage(filesDir!);
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: '/nonexistent-test-data',
    // Factories write rows behind the services' back: the figures cache is off unless a test asks.
    REPORT_CACHE_TTL_SECONDS: '0',
    ...options.env,
  });
  const app = await buildApp(
    { ...config, database: { kind: 'pglite', dataDir: null } },
    {
      database,
      logger: logLines !== undefined,
      logStream: logLines ? { write: (line) => void logLines.push(line) } : undefined,
      webDist: options.webDist ?? null,
      rateLimits: options.rateLimits ?? memoryRateLimitStore(),
      figuresCache: options.figuresCache,
      storage,
      clock: options.clock,
    },
  );
  await app.ready();
  return {
    app,
    database,
    storage,
    filesDir,
    async close() {
      await app.close();
      if (!options.database) await database.close();
      if (filesDir) fs.rmSync(filesDir, { recursive: true, force: true });
    },
  };
}

export const TEST_PASSWORD = 'correct-horse-battery';

/** Creates a user with the role and signs in; returns the headers to call the API as them. */
export async function loginAs(app: FastifyInstance, role: Role, overrides: { email?: string } = {}) {
  const user = await makeUser(app.db, { role, password: TEST_PASSWORD, ...overrides });
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email: user.email, password: TEST_PASSWORD },
  });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
  const body = response.json<{ accessToken: string }>();
  const refresh = response.cookies.find((c) => c.name === 'bantu_refresh')?.value;
  return {
    user,
    headers: { authorization: `Bearer ${body.accessToken}` },
    accessToken: body.accessToken,
    refreshCookie: refresh,
  };
}
