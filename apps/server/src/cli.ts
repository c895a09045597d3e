import { parseArgs } from 'node:util';
import { UserCreateRequest, Password } from '@bantu/contracts';
import { ConfigError, loadConfig } from './config';
import { migrateToLatest, openDatabase, type DB } from './db/database';
import { hashPassword } from './lib/password';
import { DEMO_PASSWORD, seedDemo } from './modules/demo/demo.seed';
import { findUserByEmail, insertUser, updateUser } from './modules/users/users.repository';
import { revokeAllRefreshTokens } from './modules/auth/auth.repository';
import { rebuildReportStats } from './modules/reports/reports.stats';
import { BackupError, createBackup, restoreBackup } from './modules/backup/backup.service';
import type { ObjectStorage } from './infra/storage/object-storage';
import { storageFromConfig } from './infra/storage';
import { redisFiguresCache } from './infra/cache/figures-cache';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  migrate                                   Bring the database schema up to date
  create-admin --email E --name N --password P
                                            Create an admin account (or promote and reset an existing one)
  reset-password --email E --password P     Set a user's password and end their sessions
  seed-demo                                 Add the demo organisation (accounts, categories, priorities, SLA rules,
                                            working hours and holidays, a few weeks of tickets)
  rebuild-report-stats                      Recompute the report summary table from every ticket and its history
  backup --out FILE.tar.gz                  One consistent archive of the database and every stored file
                                            (manifest with row counts and SHA-256 checksums)
  restore --in FILE.tar.gz                  Bring a new, empty installation of the same version to the backup's state
`;

export async function runCli(
  argv: string[],
  db: DB,
  out: (line: string) => void,
  deps: { storage?: () => ObjectStorage } = {},
): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
      out: { type: 'string' },
      in: { type: 'string' },
    },
    strict: true,
  });
  switch (command ?? 'help') {
    case 'migrate': {
      const result = await migrateToLatest(db, (name) => out(`applied ${name}`));
      out(result.results?.length ? 'migrations done' : 'schema already up to date');
      return 0;
    }
    case 'create-admin': {
      const parsed = UserCreateRequest.safeParse({
        email: values.email,
        name: values.name ?? 'Administrator',
        password: values.password,
        role: 'admin',
      });
      if (!parsed.success) {
        out(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'));
        return 2;
      }
      const input = parsed.data;
      const passwordHash = await hashPassword(input.password);
      const existing = await findUserByEmail(db, input.email);
      if (existing) {
        await db.transaction().execute(async (trx) => {
          await updateUser(trx, existing.id, { role: 'admin', status: true, password_hash: passwordHash });
          await revokeAllRefreshTokens(trx, existing.id);
        });
        out(`${input.email} already existed: now an active admin with the new password`);
      } else {
        await insertUser(db, { email: input.email, name: input.name, role: 'admin', password_hash: passwordHash });
        out(`admin ${input.email} created`);
      }
      return 0;
    }
    case 'reset-password': {
      const password = Password.safeParse(values.password);
      if (!values.email || !password.success) {
        out('--email and --password (at least 8 characters) are required');
        return 2;
      }
      const user = await findUserByEmail(db, values.email);
      if (!user) {
        out(`no user with e-mail ${values.email}`);
        return 1;
      }
      const passwordHash = await hashPassword(password.data);
      await db.transaction().execute(async (trx) => {
        await updateUser(trx, user.id, { password_hash: passwordHash });
        await revokeAllRefreshTokens(trx, user.id);
      });
      out(`password of ${user.email} changed; their sessions were ended`);
      return 0;
    }
    case 'seed-demo': {
      await migrateToLatest(db);
      const { seeded } = await seedDemo(db, { tickets: true });
      out(
        seeded ? `demo data added; every demo account's password is "${DEMO_PASSWORD}"` : 'demo data already present',
      );
      return 0;
    }
    case 'rebuild-report-stats': {
      const started = Date.now();
      const { tickets, rows } = await rebuildReportStats(db);
      out(
        `report stats rebuilt from ${tickets} tickets: ${rows} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
      return 0;
    }
    case 'backup':
    case 'restore': {
      const file = command === 'backup' ? values.out : values.in;
      if (!file || !deps.storage) {
        out(command === 'backup' ? '--out FILE.tar.gz is required' : '--in FILE.tar.gz is required');
        return 2;
      }
      const started = Date.now();
      try {
        const manifest =
          command === 'backup'
            ? await createBackup(db, deps.storage(), file, out)
            : await restoreBackup(db, deps.storage(), file, out);
        const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
        out(
          `${command === 'backup' ? 'backup written to' : 'restored from'} ${file}: ${manifest.tables.length} tables, ${rows} rows, ${manifest.files.length} files in ${((Date.now() - started) / 1000).toFixed(1)} s`,
        );
        return 0;
      } catch (error) {
        if (!(error instanceof BackupError)) throw error;
        out(`${command} refused: ${error.message}`);
        return 1;
      }
    }
    case 'help':
    default:
      out(USAGE);
      return command === 'help' ? 0 : 2;
  }
}

/** Commands whose writes change the Manager Dashboard's figures. */
const CHANGES_FIGURES = new Set(['seed-demo', 'rebuild-report-stats', 'restore', 'create-admin']);

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  const database = await openDatabase(config.database);
  try {
    const argv = process.argv.slice(2);
    // Every command but migrate itself needs the schema first.
    if (argv[0] && argv[0] !== 'migrate' && argv[0] !== 'help') await migrateToLatest(database.db);
    const code = await runCli(argv, database.db, (line) => console.log(line), {
      storage: () => storageFromConfig(config.storage),
    });
    // Figures cached by running API processes predate these writes (docs/reports.md "Cache").
    if (code === 0 && config.redisUrl && CHANGES_FIGURES.has(argv[0] ?? '')) {
      const cache = redisFiguresCache(config.redisUrl, { ttlSeconds: config.reportCacheTtlSeconds || 1 });
      await cache.invalidate();
      await cache.close();
    }
    return code;
  } finally {
    await database.close();
  }
}

// Run only as a program, not when a test imports runCli.
if (process.argv[1] && /cli\.(ts|js)$/.test(process.argv[1])) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
