import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createGunzip, createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import sharp from 'sharp';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs, TEST_PASSWORD, type TestApp } from '@test/app';
import { makeCategory, makePriority } from '@test/factories';
import { multipart } from '@test/multipart';
import { startS3 } from '@test/s3';
import { runCli } from '@/cli';
import { s3Storage } from '@/infra/storage/s3-storage';
import type { ObjectStorage } from '@/infra/storage/object-storage';
import { prepareQueues } from '@/worker';
import { countRows, listFiles, listTables } from './backup.repository';

async function bytesOf(storage: ObjectStorage, key: string): Promise<Buffer> {
  const { body } = await storage.get(key);
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A copy of the archive with one entry's bytes changed and the manifest left as it was. */
async function tampered(file: string, out: string, entryName: string) {
  const extract = tar.extract();
  const pack = tar.pack();
  extract.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      const body = Buffer.concat(chunks);
      if (header.name === entryName) body[0] = body[0]! ^ 0xff;
      pack.entry({ name: header.name, size: body.length }, body, next);
    });
  });
  extract.on('finish', () => pack.finalize());
  await Promise.all([
    pipeline(fs.createReadStream(file), createGunzip(), extract),
    pipeline(pack, createGzip(), fs.createWriteStream(out)),
  ]);
}

describe('backup and restore', () => {
  let source: TestApp;
  let target: TestApp;
  let s3: Awaited<ReturnType<typeof startS3>>;
  let dir: string;
  let archive: string;
  const lines: string[] = [];
  let requesterEmail: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bantu-backup-test-'));
    archive = path.join(dir, 'bantu.tar.gz');
    s3 = await startS3();
    source = await buildTestApp();
    // The restore lands in the other storage shape: local disk -> S3.
    target = await buildTestApp({ storage: s3Storage(s3.options(`bantu-restore-${Date.now()}`)) });
    await target.storage.check();
    // Installations as main.ts starts them: with the job queue's schema.
    await prepareQueues(source.database);
    await prepareQueues(target.database);

    const requester = await loginAs(source.app, 'user');
    requesterEmail = requester.user.email;
    const staff = await loginAs(source.app, 'it_staff');
    const category = await makeCategory(source.app.db);
    const priority = await makePriority(source.app.db);
    for (let i = 0; i < 3; i++) {
      const created = await source.app.inject({
        method: 'POST',
        url: '/api/tickets',
        headers: requester.headers,
        payload: {
          title: `Printer lantai ${i} macet`,
          description: 'Kertas tersangkut',
          categoryId: category.id,
          priorityId: priority.id,
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json<{ id: string }>().id;
      const comment = await source.app.inject({
        method: 'POST',
        url: `/api/tickets/${id}/comments`,
        headers: staff.headers,
        payload: { comment: 'Sedang dicek, mohon tunggu' },
      });
      expect(comment.statusCode, comment.body).toBe(201);
      const photo = await sharp({
        create: { width: 640, height: 480, channels: 3, background: { r: i * 80, g: 40, b: 90 } },
      })
        .jpeg()
        .toBuffer();
      const body = multipart([
        { name: `foto-${i}.jpg`, content: photo, type: 'image/jpeg' },
        { name: `log-${i}.txt`, content: Buffer.from(`baris log ${i}\n`.repeat(500)), type: 'text/plain' },
      ]);
      const upload = await source.app.inject({
        method: 'POST',
        url: `/api/tickets/${id}/attachments`,
        headers: { ...requester.headers, ...body.headers },
        payload: body.payload,
      });
      expect(upload.statusCode, upload.body).toBe(201);
    }
  }, 180_000);
  afterAll(async () => {
    await source?.close();
    await target?.close();
    await s3?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes one archive with a manifest, and restores a fresh installation to the same rows and files', async () => {
    const backup = await runCli(['backup', '--out', archive], source.app.db, (l) => lines.push(l), {
      storage: () => source.storage,
    });
    expect(backup, lines.join('\n')).toBe(0);
    expect(lines.some((l) => /^table \d+\/\d+ public\.tickets: 3 rows$/.test(l))).toBe(true);

    const restore = await runCli(['restore', '--in', archive], target.app.db, (l) => lines.push(l), {
      storage: () => target.storage,
    });
    expect(restore, lines.join('\n')).toBe(0);

    // Every table: the same row count on both sides (users, tickets, comments, history,
    // attachments, notifications, outbox, settings, SLA clock, queued jobs...).
    const tables = await listTables(source.app.db);
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['tickets', 'ticket_attachments', 'users', 'job']),
    );
    for (const table of tables) {
      if (table.name.startsWith('kysely_migration')) continue;
      expect(await countRows(target.app.db, table), `${table.schema}.${table.name}`).toBe(
        await countRows(source.app.db, table),
      );
    }
    // Every attachment and thumbnail, byte for byte, now in S3.
    const files = await listFiles(source.app.db);
    expect(files.length).toBeGreaterThanOrEqual(9); // 6 attachments + 3 thumbnails
    for (const f of files) {
      expect((await bytesOf(target.storage, f.key)).equals(await bytesOf(source.storage, f.key)), f.key).toBe(true);
    }

    // The restored installation works: the requester signs in with the same password and
    // downloads the same file; new tickets get the next number.
    const login = await target.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: requesterEmail, password: TEST_PASSWORD },
    });
    expect(login.statusCode, login.body).toBe(200);
    const headers = { authorization: `Bearer ${login.json<{ accessToken: string }>().accessToken}` };
    const list = await target.app.inject({ method: 'GET', url: '/api/tickets', headers });
    expect(list.json<{ items: unknown[] }>().items).toHaveLength(3);
  }, 180_000);

  it('refuses to restore over an installation that has data, and an archive whose checksums do not match', async () => {
    const again: string[] = [];
    expect(
      await runCli(['restore', '--in', archive], target.app.db, (l) => again.push(l), {
        storage: () => target.storage,
      }),
    ).toBe(1);
    expect(again.join('\n')).toMatch(/already has users or tickets/);

    const fresh = await buildTestApp();
    try {
      const bad = path.join(dir, 'tampered.tar.gz');
      await tampered(archive, bad, 'db/public.tickets.ndjson');
      const out: string[] = [];
      expect(
        await runCli(['restore', '--in', bad], fresh.app.db, (l) => out.push(l), { storage: () => fresh.storage }),
      ).toBe(1);
      expect(out.join('\n')).toMatch(/checksum mismatch: db\/public\.tickets\.ndjson/);
      const garbage = path.join(dir, 'garbage.tar.gz');
      fs.writeFileSync(garbage, 'not an archive');
      expect(
        await runCli(['restore', '--in', garbage], fresh.app.db, (l) => out.push(l), { storage: () => fresh.storage }),
      ).toBe(1);
      // Nothing was written by the refused restores.
      expect(await fresh.app.db.selectFrom('tickets').select('id').execute()).toHaveLength(0);
    } finally {
      await fresh.close();
    }
  }, 180_000);
});
