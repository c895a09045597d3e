import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { sql } from 'kysely';
import tar from 'tar-stream';
import type { DB } from '@/db/database';
import type { ObjectStorage } from '@/infra/storage/object-storage';
import { CHANGES_CHANNEL } from '@/infra/changes/change-feed';
import {
  applicationIsEmpty,
  countRows,
  insertRows,
  listFiles,
  listTables,
  qualified,
  resetSequences,
  tableRows,
  type TableInfo,
} from './backup.repository';

/**
 * One archive (tar.gz) of the database and the files: `db/<schema>.<table>.ndjson` (rows as
 * JSON, read in one repeatable-read snapshot), `files/<key>` (every stored file the snapshot
 * refers to) and `manifest.json` last, with the schema version, row counts and a SHA-256 of
 * every entry. The format is the same for PGlite and PostgreSQL, so an embedded installation
 * can also move to the production shape by backup and restore.
 */
export const BACKUP_FORMAT = 1;

export interface Manifest {
  format: number;
  createdAt: string;
  migrations: string[];
  tables: { schema: string; name: string; rows: number; entry: string; sha256: string }[];
  files: { key: string; contentType: string; size: number; entry: string; sha256: string }[];
}

export type Progress = (line: string) => void;

export class BackupError extends Error {}

const SKIP = new Set(['kysely_migration', 'kysely_migration_lock']);

const tableEntry = (t: TableInfo) => `db/${t.schema}.${t.name}.ndjson`;
const fileEntry = (key: string) => `files/${key}`;

function hashing(hash: ReturnType<typeof createHash>) {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
}

async function appliedMigrations(db: DB): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.map((r) => r.name);
}

export async function createBackup(db: DB, storage: ObjectStorage, file: string, progress: Progress) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bantu-backup-'));
  try {
    const manifest: Manifest = {
      format: BACKUP_FORMAT,
      createdAt: new Date().toISOString(),
      migrations: [],
      tables: [],
      files: [],
    };
    let fileList: { key: string; content_type: string }[] = [];
    // One snapshot: every table and the list of files as of the same instant.
    await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (trx) => {
        manifest.migrations = await appliedMigrations(trx);
        const tables = (await listTables(trx)).filter((t) => !SKIP.has(t.name));
        for (const [i, table] of tables.entries()) {
          const target = path.join(work, `${i}.ndjson`);
          const out = fs.createWriteStream(target);
          const hash = createHash('sha256');
          let rows = 0;
          for await (const batch of tableRows(trx, table)) {
            const text = batch.join('\n') + '\n';
            hash.update(text);
            rows += batch.length;
            if (!out.write(text)) await new Promise<void>((r) => out.once('drain', () => r()));
          }
          await new Promise<void>((resolve, reject) =>
            out.end((error?: Error | null) => (error ? reject(error) : resolve())),
          );
          manifest.tables.push({
            schema: table.schema,
            name: table.name,
            rows,
            entry: tableEntry(table),
            sha256: hash.digest('hex'),
          });
          progress(`table ${i + 1}/${tables.length} ${table.schema}.${table.name}: ${rows} rows`);
        }
        fileList = await listFiles(trx);
      });

    const pack = tar.pack();
    const written = pipeline(pack, createGzip(), fs.createWriteStream(file));
    const add = async (name: string, size: number, body: Readable) => {
      const entry = pack.entry({ name, size });
      await pipeline(body, entry);
    };
    for (const [i, t] of manifest.tables.entries()) {
      const source = path.join(work, `${i}.ndjson`);
      await add(t.entry, fs.statSync(source).size, fs.createReadStream(source));
    }
    let bytes = 0;
    for (const [i, f] of fileList.entries()) {
      const object = await storage.get(f.key).catch(() => null);
      if (!object) {
        progress(`file ${f.key} is referenced but missing from storage: left out`);
        continue;
      }
      const hash = createHash('sha256');
      await add(fileEntry(f.key), object.size, object.body.pipe(hashing(hash)));
      manifest.files.push({
        key: f.key,
        contentType: f.content_type,
        size: object.size,
        entry: fileEntry(f.key),
        sha256: hash.digest('hex'),
      });
      bytes += object.size;
      if ((i + 1) % 100 === 0 || i + 1 === fileList.length) {
        progress(`files ${i + 1}/${fileList.length} (${(bytes / 1048576).toFixed(1)} MiB)`);
      }
    }
    const text = Buffer.from(JSON.stringify(manifest, null, 2));
    await add('manifest.json', text.length, Readable.from([text]));
    pack.finalize();
    await written;
    return manifest;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Unpacks the archive into `dir`, hashing every entry; then checks each against the manifest. */
async function unpack(file: string, dir: string, progress: Progress): Promise<Manifest> {
  const hashes = new Map<string, string>();
  const names = new Map<string, string>();
  let manifest: Manifest | undefined;
  const extract = tar.extract();
  let n = 0;
  extract.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    const hash = createHash('sha256');
    const local = path.join(dir, String(n++));
    const isManifest = header.name === 'manifest.json';
    const sink = isManifest ? null : fs.createWriteStream(local);
    stream.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      if (isManifest) chunks.push(chunk);
    });
    const finish = () => {
      hashes.set(header.name, hash.digest('hex'));
      names.set(header.name, local);
      if (isManifest) {
        try {
          manifest = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Manifest;
        } catch {
          return next(new BackupError('manifest.json is not JSON'));
        }
      }
      next();
    };
    if (sink) stream.pipe(sink).on('finish', finish).on('error', next);
    else stream.on('end', finish).on('error', next);
  });
  try {
    await pipeline(fs.createReadStream(file), createGunzip(), extract);
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(`not a readable Bantu backup: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!manifest || manifest.format !== BACKUP_FORMAT)
    throw new BackupError('no Bantu backup manifest (format 1) in the archive');
  for (const entry of [...manifest.tables, ...manifest.files]) {
    if (hashes.get(entry.entry) !== entry.sha256) throw new BackupError(`checksum mismatch: ${entry.entry}`);
    (entry as { local?: string }).local = names.get(entry.entry);
  }
  progress(`archive checked: ${manifest.tables.length} tables, ${manifest.files.length} files, every checksum matches`);
  return manifest;
}

/**
 * Restores into a new, empty installation of the same version (same migrations): files first,
 * then every table in one transaction with triggers and foreign keys held off
 * (session_replication_role = replica) so rows load in any order, then sequences.
 */
export async function restoreBackup(db: DB, storage: ObjectStorage, file: string, progress: Progress) {
  if (!(await applicationIsEmpty(db))) {
    throw new BackupError('this installation already has users or tickets: restore only into a new, empty one');
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bantu-restore-'));
  try {
    const manifest = await unpack(file, work, progress);
    const here = await appliedMigrations(db);
    if (here.join() !== manifest.migrations.join()) {
      throw new BackupError(
        `the backup was made by a Bantu with ${manifest.migrations.length} migrations (last ${manifest.migrations.at(-1)}), this one has ${here.length} (last ${here.at(-1)}): restore with the same version, then upgrade`,
      );
    }
    for (const [i, f] of manifest.files.entries()) {
      await storage.put(f.key, fs.createReadStream((f as { local?: string }).local!), f.contentType);
      if ((i + 1) % 100 === 0 || i + 1 === manifest.files.length) progress(`files ${i + 1}/${manifest.files.length}`);
    }
    const tables = new Map((await listTables(db)).map((t) => [`${t.schema}.${t.name}`, t]));
    await db.transaction().execute(async (trx) => {
      await sql`set local session_replication_role = replica`.execute(trx);
      // What the migrations seeded (default levels, settings) gives way to the backup's rows.
      for (const t of tables.values()) if (!SKIP.has(t.name)) await sql`delete from ${qualified(t)}`.execute(trx);
      for (const [i, entry] of manifest.tables.entries()) {
        const table = tables.get(`${entry.schema}.${entry.name}`);
        if (!table) throw new BackupError(`table ${entry.schema}.${entry.name} does not exist here`);
        const lines = readline.createInterface({
          input: fs.createReadStream((entry as { local?: string }).local!),
          crlfDelay: Infinity,
        });
        let batch: string[] = [];
        for await (const line of lines) {
          if (!line) continue;
          batch.push(line);
          if (batch.length === 500) {
            await insertRows(trx, table, batch);
            batch = [];
          }
        }
        if (batch.length) await insertRows(trx, table, batch);
        progress(`table ${i + 1}/${manifest.tables.length} ${entry.schema}.${entry.name}: ${entry.rows} rows`);
      }
      await resetSequences(trx);
      // Triggers were held off, so the per-process caches hear nothing of these rows: clear them all.
      await sql`select pg_notify(${CHANGES_CHANNEL}, '*')`.execute(trx);
    });
    for (const entry of manifest.tables) {
      const table = tables.get(`${entry.schema}.${entry.name}`)!;
      const rows = await countRows(db, table);
      if (rows !== entry.rows)
        throw new BackupError(`${entry.schema}.${entry.name}: ${rows} rows restored, ${entry.rows} expected`);
    }
    progress('restore complete: every table has its row count');
    return manifest;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
