/**
 * E-mail intake benchmark (issue 17): N messages in one IMAP mailbox (Debian's dovecot, started
 * here with its own config) turned into tickets by one poll of the worker's intake, timed in
 * this process. Each message must become exactly one ticket; a second poll must find nothing.
 *
 *   npm run bench:mail -- [--messages 1000] [--database-url postgres://postgres@127.0.0.1:5432/postgres]
 *
 * Without a database URL the embedded PGlite is used. Needs dovecot (apt-get install
 * dovecot-imapd) and root. Figures: docs/performance.md, section "E-mail intake".
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../apps/server/src/db/database';
import { captureMailer } from '../apps/server/src/infra/mail/mailer';
import { fsStorage } from '../apps/server/src/infra/storage/fs-storage';
import { systemClock } from '../apps/server/src/infra/infra.plugin';
import { secretBox } from '../apps/server/src/lib/secret-box';
import { downloadTokens } from '../apps/server/src/lib/tokens';
import { createServices } from '../apps/server/src/services';
import { findActiveUserById } from '../apps/server/src/modules/users/users.repository';
import { DOVECOT_PASSWORD, startDovecot } from '../apps/server/test/dovecot';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '1000' },
    'database-url': { type: 'string', default: process.env.BENCH_DATABASE_URL },
  },
});
const count = Number(values.messages);
const adminUrl = values['database-url'];

async function database(): Promise<{ handle: DatabaseHandle; drop(): Promise<void>; kind: string }> {
  if (!adminUrl) {
    const handle = await openDatabase({ kind: 'pglite', dataDir: null });
    return { handle, kind: 'PGlite (in memory)', drop: async () => undefined };
  }
  const name = `bantu_bench_mail_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 5 });
  return {
    handle,
    kind: 'PostgreSQL',
    async drop() {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

const imap = await startDovecot();
const files = fs.mkdtempSync(path.join(os.tmpdir(), 'bantu-bench-mail-'));
const target = await database();
const { handle, kind } = target;
const { db } = handle;
try {
  await migrateToLatest(db);
  const category = await db.insertInto('categories').values({ name: 'Umum' }).returning('id').executeTakeFirstOrThrow();
  const priority = await db
    .insertInto('priorities')
    .values({ name: 'Sedang', level: 2, color: '#228be6', is_default: true })
    .returning('id')
    .executeTakeFirstOrThrow();
  const users = await db
    .insertInto('users')
    .values(
      Array.from({ length: 50 }, (_, i) => ({
        name: `Pegawai ${i}`,
        email: `pegawai${i}@corp.example`,
        role: 'user' as const,
        password_hash: null,
        division: 'Ops',
      })),
    )
    .returning(['id', 'email'])
    .execute();
  const secret = randomBytes(32).toString('hex');
  const secrets = secretBox(secret, 'mail-intake-credentials');
  // The services as the worker builds them (the composition root).
  const services = createServices({
    db,
    clock: systemClock,
    settings: { mailIntakeMaxBytes: 25 * 1024 * 1024 },
    storage: fsStorage(files),
    mailer: captureMailer(db),
    log: console,
    keys: { downloadTokens: downloadTokens(secret), secrets },
  });
  const service = services.mailIntake;
  await service.create({
    name: 'Helpdesk',
    kind: 'imap',
    address: 'helpdesk@bantu.test',
    isActive: true,
    imapHost: '127.0.0.1',
    imapPort: imap.port,
    imapTls: 'none',
    imapUser: 'helpdesk',
    imapPassword: DOVECOT_PASSWORD,
    imapFolder: 'INBOX',
    allowedDomains: [],
    defaultCategoryId: category.id,
    defaultPriorityId: priority.id,
    rules: [],
  });

  const client = await imap.client('helpdesk');
  const appendStart = performance.now();
  for (let i = 0; i < count; i++) {
    const from = users[i % users.length]!.email;
    await client.append(
      'INBOX',
      `From: ${from}\r\nTo: helpdesk@bantu.test\r\nSubject: Masalah nomor ${i + 1}: printer tidak mencetak\r\n` +
        `Message-ID: <${randomUUID()}@client.example>\r\nDate: ${new Date().toUTCString()}\r\nMIME-Version: 1.0\r\n` +
        `Content-Type: text/plain; charset=utf-8\r\n\r\nPrinter di ruang ${i % 40} tidak mencetak sejak pagi.\r\n\r\n` +
        `On Mon, 1 Dec 2026, IT <it@corp.example> wrote:\r\n> jawaban lama\r\n\r\n-- \r\nSalam\r\n`,
    );
  }
  await client.logout();
  const appendMs = performance.now() - appendStart;

  const start = performance.now();
  await service.pollAll({ owner: 'bench', concurrency: 1, idleSeconds: 0 });
  const ms = performance.now() - start;
  const second = await service.pollAll({ owner: 'bench', concurrency: 1, idleSeconds: 0 });

  const tickets = await db
    .selectFrom('tickets')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const fates = await db
    .selectFrom('mail_messages')
    .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy('status')
    .execute();
  const created = Number(fates.find((f) => f.status === 'ticket_created')?.n ?? 0);
  // Baseline in the same process: the tickets service alone (what the portal's POST does).
  const tickets2 = services.tickets;
  const requester = (await findActiveUserById(db, users[0]!.id))!;
  const baselineN = Math.min(200, count);
  const b0 = performance.now();
  for (let i = 0; i < baselineN; i++) {
    await tickets2.create(requester, {
      title: `Baseline ${i}`,
      description: 'Printer rusak.',
      categoryId: category.id,
    });
  }
  const baselineRate = baselineN / ((performance.now() - b0) / 1000);
  const rate = count / (ms / 1000);
  const once = Number(tickets.n) === count && created === count && Object.values(second.results)[0] === 0;
  console.log(`E-mail intake bench: ${count} messages in one IMAP mailbox (dovecot ${imap.port}), ${kind}`);
  console.log(`  APPEND (setup, not timed): ${(appendMs / 1000).toFixed(1)} s`);
  console.log(`  one poll: ${(ms / 1000).toFixed(2)} s = ${rate.toFixed(1)} messages/s -> tickets (target >= 50/s)`);
  console.log(`  baseline, tickets service alone: ${baselineRate.toFixed(1)} tickets/s (${baselineN} creates)`);
  console.log(`  intake / baseline: ${((rate / baselineRate) * 100).toFixed(0)} %`);
  console.log(
    `  tickets: ${tickets.n}, fates: ${fates.map((f) => `${f.status}=${f.n}`).join(', ')}, second poll new: ${JSON.stringify(Object.values(second.results)[0])}`,
  );
  console.log(`  each once: ${once ? 'yes' : 'NO'}; target met: ${rate >= 50 && once ? 'yes' : 'NO'}`);
  process.exitCode = rate >= 50 && once ? 0 : 1;
} finally {
  await handle.close();
  await target.drop();
  await imap.stop();
  fs.rmSync(files, { recursive: true, force: true });
}
