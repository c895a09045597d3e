import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3 } from '@test/s3';
import { fsStorage } from './fs-storage';
import type { ObjectStorage } from './object-storage';
import { s3Storage } from './s3-storage';

const collect = async (stream: Readable) => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A stream that yields `size` bytes then fails: an upload aborted halfway. */
function failingStream(size: number) {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= size) {
        this.destroy(new Error('client went away'));
        return;
      }
      sent += 64 * 1024;
      this.push(randomBytes(64 * 1024));
    },
  });
}

let s3: Awaited<ReturnType<typeof startS3>>;
const fsRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'bantu-fs-'));
beforeAll(async () => {
  s3 = await startS3();
});
afterAll(async () => {
  await s3.stop();
  fs.rmSync(fsRoot, { recursive: true, force: true });
});

describe.each([
  ['local disk', () => fsStorage(fsRoot)],
  ['S3 (s3rver over HTTP)', () => s3Storage(s3.options('bantu-test'))],
])('%s storage', (_name, make) => {
  let storage: ObjectStorage;
  beforeAll(async () => {
    storage = make();
    await storage.check();
  });

  it('stores a stream and reads it back intact, whole and by range', async () => {
    const data = randomBytes(20 * 1024 * 1024 + 123); // more than two multipart parts
    const { size } = await storage.put(
      'tickets/a/obj1',
      Readable.from([data.subarray(0, 7_000_000), data.subarray(7_000_000)]),
      'application/octet-stream',
    );
    expect(size).toBe(data.length);
    expect(await storage.head('tickets/a/obj1')).toEqual({ size: data.length });
    const whole = await storage.get('tickets/a/obj1');
    expect(whole.size).toBe(data.length);
    expect(sha(await collect(whole.body))).toBe(sha(data));
    const part = await storage.get('tickets/a/obj1', { start: 10, end: 19 });
    expect(part.size).toBe(data.length);
    expect(await collect(part.body)).toEqual(data.subarray(10, 20));
  });

  it('deletes, and reports a missing object as absent', async () => {
    await storage.put('tickets/a/gone', Readable.from([Buffer.from('x')]), 'text/plain');
    await storage.delete('tickets/a/gone');
    expect(await storage.head('tickets/a/gone')).toBeNull();
    await storage.delete('tickets/a/never-existed');
  });

  it('leaves no object behind when the upload stream fails halfway', async () => {
    await expect(
      storage.put('tickets/a/aborted', failingStream(12 * 1024 * 1024), 'application/octet-stream'),
    ).rejects.toThrow();
    expect(await storage.head('tickets/a/aborted')).toBeNull();
  });
});

it('local disk refuses keys that escape its root', async () => {
  const storage = fsStorage(fsRoot);
  await expect(storage.put('../escape', Readable.from([Buffer.from('x')]), 'text/plain')).rejects.toThrow(
    /invalid storage key/,
  );
});

it('S3 signs a short-lived URL that serves the object with its name', async () => {
  const storage = s3Storage(s3.options('bantu-signed'));
  await storage.check();
  await storage.put('k/file.pdf', Readable.from([Buffer.from('%PDF-1.4 test')]), 'application/pdf');
  const url = await storage.signedUrl('k/file.pdf', {
    expiresInSeconds: 60,
    fileName: 'Laporan Mei.pdf',
    contentType: 'application/pdf',
    inline: false,
  });
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(await res.text()).toBe('%PDF-1.4 test');
});
