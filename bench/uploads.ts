// Upload/download of one large file through the API, with the server's memory watched:
// `npm run bench:uploads -- [--mb 200]`. Baseline: a plain file copy of the same bytes, same run.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort } from '../apps/server/test/ports';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** VmRSS and VmHWM (peak) of a process, in MiB. */
async function memory(pid: number) {
  const status = await fsp.readFile(`/proc/${pid}/status`, 'utf8');
  const read = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024;
  return { rss: read('VmRSS'), peak: read('VmHWM') };
}

/** Samples VmRSS every 20 ms until stopped; answers the highest value seen (MiB). */
function sampleRss(pid: number) {
  let max = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      max = Math.max(max, (await memory(pid)).rss);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return async () => {
    running = false;
    await loop;
    return max;
  };
}

async function api<T>(base: string, method: string, url: string, token: string | null, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Streams a multipart request whose file part is read from disk: the client holds no copy either. */
function uploadFile(
  base: string,
  ticketId: string,
  token: string,
  file: string,
  size: number,
): Promise<{ status: number; body: string }> {
  const boundary = `----bench${randomBytes(6).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.log"\r\nContent-Type: text/plain\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return new Promise((resolve, reject) => {
    const url = new URL(`${base}/api/tickets/${ticketId}/attachments`);
    const req = http.request(
      url,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': head.length + size + tail.length,
        },
      },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.write(head);
    const stream = fs.createReadStream(file);
    stream.on('end', () => req.end(tail));
    stream.pipe(req, { end: false });
  });
}

export async function runUploadBench(options: { mb: number; log?: (line: string) => void }) {
  const log = options.log ?? console.log;
  const work = await fsp.mkdtemp(path.join(os.tmpdir(), 'bantu-upload-bench-'));
  const size = options.mb * 1024 * 1024;
  const source = path.join(work, 'source.log');
  // Text, so the default allowed types accept it; random enough not to compress away anywhere.
  const line = () => `${new Date().toISOString()} INFO ${randomBytes(48).toString('hex')}\n`;
  const out = fs.createWriteStream(source);
  let written = 0;
  while (written < size) {
    const chunk = Buffer.from(Array.from({ length: 2000 }, line).join('')).subarray(
      0,
      Math.min(size - written, 1 << 20),
    );
    written += chunk.length;
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(r));
  const sourceHash = createHash('sha256')
    .update(await fsp.readFile(source))
    .digest('hex');

  const port = await freePort();
  const server = spawn(process.execPath, [path.join(root, 'apps/server/dist/main.js')], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: path.join(work, 'data'),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; i < 600; i++) {
      try {
        if ((await fetch(`${base}/readyz`)).ok) break;
      } catch {
        // starting
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const admin = await api<{ accessToken: string }>(base, 'POST', '/api/auth/login', null, {
      email: 'admin@demo.local',
      password: 'demo1234',
    });
    await api(base, 'PATCH', '/api/settings', admin.accessToken, { uploadMaxBytes: size + 1024 * 1024 });
    const user = await api<{ accessToken: string }>(base, 'POST', '/api/auth/login', null, {
      email: 'user@demo.local',
      password: 'demo1234',
    });
    const categories = await api<{ items: { id: string }[] }>(base, 'GET', '/api/categories', user.accessToken);
    const ticket = await api<{ id: string }>(base, 'POST', '/api/tickets', user.accessToken, {
      title: 'Log server terlalu besar',
      description: 'Lihat lampiran',
      categoryId: categories.items[0]!.id,
    });

    // Baseline: copy the same file through streams on the same disk.
    const copyStart = performance.now();
    await pipeline(fs.createReadStream(source), fs.createWriteStream(path.join(work, 'copy.log')));
    const copyMs = performance.now() - copyStart;

    const before = await memory(server.pid!);
    let stop = sampleRss(server.pid!);
    const upStart = performance.now();
    const up = await uploadFile(base, ticket.id, user.accessToken, source, size);
    const upMs = performance.now() - upStart;
    const uploadMax = await stop();
    if (up.status !== 201) throw new Error(`upload failed: ${up.status} ${up.body}`);
    const item = (JSON.parse(up.body) as { items: { downloadUrl: string }[] }).items[0]!;

    stop = sampleRss(server.pid!);
    const downStart = performance.now();
    const res = await fetch(`${base}${item.downloadUrl}`);
    const hash = createHash('sha256');
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) hash.update(chunk);
    const downMs = performance.now() - downStart;
    const downloadMax = await stop();
    if (hash.digest('hex') !== sourceHash) throw new Error('downloaded bytes differ from the upload');

    const mbps = (ms: number) => (options.mb / (ms / 1000)).toFixed(0);
    const result = {
      mb: options.mb,
      copyMs,
      upMs,
      downMs,
      rssBefore: before.rss,
      growthUpload: uploadMax - before.rss,
      growthDownload: downloadMax - before.rss,
      peakGrowthTotal: Math.max(uploadMax, downloadMax) - before.rss,
    };
    log(`file: ${options.mb} MiB of text, sha256 verified after the round trip`);
    log(`| step | time | MiB/s | ratio to plain copy |`);
    log(`|---|---|---|---|`);
    log(`| plain file copy (baseline) | ${copyMs.toFixed(0)} ms | ${mbps(copyMs)} | 1.0 |`);
    log(`| upload through the API | ${upMs.toFixed(0)} ms | ${mbps(upMs)} | ${(upMs / copyMs).toFixed(1)} |`);
    log(`| download through the API | ${downMs.toFixed(0)} ms | ${mbps(downMs)} | ${(downMs / copyMs).toFixed(1)} |`);
    log(
      `server RSS before: ${before.rss.toFixed(0)} MiB; highest RSS growth sampled every 20 ms: ` +
        `upload +${result.growthUpload.toFixed(1)} MiB, download +${result.growthDownload.toFixed(1)} MiB (budget 64 MiB)`,
    );
    return result;
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    await fsp.rm(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { values } = parseArgs({ options: { mb: { type: 'string', default: '200' } } });
  runUploadBench({ mb: Number(values.mb) }).then(
    (r) => process.exit(r.peakGrowthTotal < 64 ? 0 : 1),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
