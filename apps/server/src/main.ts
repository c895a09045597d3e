import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import { buildApp } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { migrateToLatest, openDatabase } from './db/database';
import { countUsers } from './modules/users/users.repository';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from './modules/demo/demo.seed';
import { buildWorker, prepareQueues, workerDepsOf } from './worker';

async function main() {
  const started = performance.now();
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  // A long export allocates ~1 GB of short-lived rows and lines per million tickets; a share is
  // promoted before it dies, and V8 lets the old generation grow up to 4x its live size before a
  // full collection (RSS +180-210 MiB at 1M rows). Growing 25% past the live size keeps the
  // export at +8 MiB and costs a few 10 ms incremental collections (docs/performance.md).
  if (config.heapGrowingPercent > 0) v8.setFlagsFromString(`--heap-growing-percent=${config.heapGrowingPercent}`);

  const database = await openDatabase(config.database);
  const app = await buildApp(config, { database });
  const log = app.log;
  await migrateToLatest(database.db, (name) => log.info({ migration: name }, 'migration applied'));
  await prepareQueues(database);
  // Fail fast on unusable storage (and create the S3 bucket when S3_CREATE_BUCKET allows it).
  await app.storage.check();

  if (config.demo && (await countUsers(database.db)) === 0) {
    const { seeded } = await seedDemo(database.db, { tickets: true });
    if (seeded) {
      log.warn(
        { accounts: DEMO_USERS.map((u) => `${u.email} (${u.role})`), password: DEMO_PASSWORD },
        `Demo data seeded: sign in with any of these accounts and the password "${DEMO_PASSWORD}". Do not use demo accounts in production (set DEMO=false).`,
      );
    }
  }

  // ROLE=api serves HTTP only, ROLE=worker runs jobs only, ROLE=all (embedded default) does both.
  const worker = config.role === 'api' ? null : buildWorker(workerDepsOf(app, database));

  let closing = false;
  let workerStarted: Promise<void> = Promise.resolve();
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      log.error('shutdown took longer than 10 s; exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    app
      .close()
      // A queue still starting is let finish first: stopping it halfway, or closing the
      // database under it, would fail the start.
      .then(() => workerStarted.catch(() => undefined))
      .then(() => worker?.stop())
      .then(() => app.mailer.close())
      .then(() => database.close())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  // Ctrl-C reaches every process of the terminal's group, and `npm start` forwards it as well:
  // the same signal may arrive more than once, and a repeat must not kill the graceful shutdown.
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => shutdown(signal));
  // Started by scripts/start.mjs (an IPC channel): if that supervisor dies, even by SIGKILL, the
  // channel closes and the server stops instead of running on orphaned.
  if (process.channel) process.on('disconnect', () => shutdown('supervisor exited'));

  const announce = (message: string) =>
    log.info(
      { startupMs: Math.round(performance.now() - started), database: database.kind, role: config.role },
      message,
    );
  if (config.role !== 'worker') {
    await app.listen({ port: config.port, host: config.host });
    announce(`Bantu is ready on ${publicAddress(app.server.address(), config.host)}`);
  }
  // The job queue starts once requests are served (pg-boss's own start is ~0.3-0.4 s on PGlite):
  // what a request enqueues waits in the database until then, as it would for a busy worker.
  if (worker) {
    workerStarted = worker.start();
    await workerStarted;
  }
  if (config.role === 'worker') announce('Bantu worker is running');
}

/** Where a browser on this machine reaches the server: the real port, localhost for "any interface". */
function publicAddress(address: string | AddressInfo | null, host: string): string {
  const port = typeof address === 'object' && address ? address.port : '';
  const name = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
