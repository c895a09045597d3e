import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { sql } from 'kysely';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs, type TestApp } from '@test/app';
import { makeCategory, makePriority, makeTicket } from '@test/factories';
import { multipart, type UploadFile } from '@test/multipart';
import { startS3 } from '@test/s3';
import { s3Storage } from '@/infra/storage/s3-storage';
import { purgeDeletedAttachments } from './attachments.jobs';
import { parseRange } from './attachments.routes';

type Session = Awaited<ReturnType<typeof loginAs>>;

/** Every object file under a directory (local-disk root or s3rver's directory), temp files included. */
function objectsUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(
      (e) =>
        e.isFile() &&
        !e.name.startsWith('.') &&
        !e.name.endsWith('._S3rver_metadata.json') &&
        !e.name.endsWith('._S3rver_object.md5'),
    )
    .map((e) => path.join(e.parentPath, e.name));
}

async function jpegWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 1200, height: 800, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .jpeg()
    .withExif({
      IFD0: { Copyright: 'Secret Corp', Model: 'Camera X' },
      IFD3: { GPSLatitudeRef: 'S', GPSLatitude: '6/1 10/1 0/1' },
    })
    .toBuffer();
}

let s3: Awaited<ReturnType<typeof startS3>>;
beforeAll(async () => {
  s3 = await startS3();
});
afterAll(() => s3.stop());

describe.each(['local disk', 'S3'] as const)('attachments on %s', (kind) => {
  let t: TestApp;
  let requester: Session;
  let other: Session;
  let staff: Session;
  let admin: Session;
  let ticketId: string;
  let objectsDir: string;

  beforeAll(async () => {
    const bucket = `bantu-att-${Math.random().toString(36).slice(2, 8)}`;
    t = await buildTestApp(kind === 'S3' ? { storage: s3Storage(s3.options(bucket)) } : {});
    await t.storage.check();
    objectsDir = kind === 'S3' ? path.join(s3.directory, bucket) : t.filesDir!;
    requester = await loginAs(t.app, 'user');
    other = await loginAs(t.app, 'user');
    staff = await loginAs(t.app, 'it_staff');
    admin = await loginAs(t.app, 'admin');
    const category = await makeCategory(t.app.db);
    const priority = await makePriority(t.app.db);
    ticketId = (
      await makeTicket(t.app.db, {
        userId: requester.user.id,
        categoryId: category.id,
        priorityId: priority.id,
        status: 'IN_PROGRESS',
        assignedTo: staff.user.id,
      })
    ).id;
  });
  afterAll(() => t.close());

  let address: string | undefined;
  /** The app on a real port, for tests that need a raw socket. */
  const listening = async () => (address ??= await t.app.listen({ port: 0, host: '127.0.0.1' }));
  const upload = (as: Session, files: UploadFile[], fields: Record<string, string> = {}, id = ticketId) => {
    const body = multipart(files, fields);
    return t.app.inject({
      method: 'POST',
      url: `/api/tickets/${id}/attachments`,
      headers: { ...as.headers, ...body.headers },
      payload: body.payload,
    });
  };
  const download = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
  const rowCount = async () =>
    Number(
      (
        await t.app.db
          .selectFrom('ticket_attachments')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('stores an image without its EXIF and GPS data, with a thumbnail, and serves it inline', async () => {
    const original = await jpegWithGps();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const res = await upload(requester, [{ name: 'foto layar.jpg', content: original, type: 'image/jpeg' }], {
      description: 'Pesan error',
    });
    expect(res.statusCode, res.body).toBe(201);
    const [item] = res.json().items;
    expect(item).toMatchObject({
      fileName: 'foto layar.jpg',
      fileType: 'image/jpeg',
      description: 'Pesan error',
      isInternal: false,
      canDelete: true,
    });
    const file = await download(item.downloadUrl);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/jpeg');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.headers['content-disposition']).toMatch(/^inline;/);
    const meta = await sharp(file.rawPayload).metadata();
    expect(meta.exif).toBeUndefined();
    expect(file.rawPayload.includes(Buffer.from('Secret Corp'))).toBe(false);
    expect(Number(file.headers['content-length'])).toBe(item.fileSize);
    const thumb = await download(item.thumbnailUrl);
    expect(thumb.headers['content-type']).toBe('image/webp');
    const thumbMeta = await sharp(thumb.rawPayload).metadata();
    expect(Math.max(thumbMeta.width, thumbMeta.height)).toBeLessThanOrEqual(320);
  });

  it('refuses an executable renamed .png with 415, and keeps nothing', async () => {
    const before = { rows: await rowCount(), objects: objectsUnder(objectsDir).length };
    const exe = Buffer.concat([
      Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff', 'latin1'),
      Buffer.alloc(4000, 1),
    ]);
    const res = await upload(requester, [{ name: 'screenshot.png', content: exe, type: 'image/png' }]);
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await rowCount()).toBe(before.rows);
    expect(objectsUnder(objectsDir)).toHaveLength(before.objects);
  });

  it('refuses HTML and SVG with script unless allowed, and serves an allowed SVG only as a download', async () => {
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"><script>alert(1)</script></svg>',
    );
    expect((await upload(requester, [{ name: 'logo.svg', content: svg }])).statusCode).toBe(415);
    expect(
      (await upload(requester, [{ name: 'notes.txt', content: Buffer.from('<html><script>alert(1)</script></html>') }]))
        .statusCode,
    ).toBe(415);
    const settings = (await t.app.inject({ method: 'GET', url: '/api/settings', headers: admin.headers })).json();
    await t.app.inject({
      method: 'PATCH',
      url: '/api/settings',
      headers: admin.headers,
      payload: { allowedUploadTypes: [...settings.allowedUploadTypes, 'image/svg+xml'] },
    });
    try {
      const res = await upload(requester, [{ name: 'logo.svg', content: svg }]);
      expect(res.statusCode).toBe(201);
      const file = await download(res.json().items[0].downloadUrl);
      expect(file.headers['content-disposition']).toMatch(/^attachment;/);
      expect(file.headers['content-security-policy']).toContain('sandbox');
      expect(file.headers['x-content-type-options']).toBe('nosniff');
    } finally {
      await t.app.inject({
        method: 'PATCH',
        url: '/api/settings',
        headers: admin.headers,
        payload: { allowedUploadTypes: settings.allowedUploadTypes },
      });
    }
  });

  it('refuses a file over the size limit with 413 and keeps nothing', async () => {
    await t.app.inject({
      method: 'PATCH',
      url: '/api/settings',
      headers: admin.headers,
      payload: { uploadMaxBytes: 64 * 1024 },
    });
    try {
      const before = { rows: await rowCount(), objects: objectsUnder(objectsDir).length };
      const res = await upload(requester, [{ name: 'big.txt', content: Buffer.alloc(200 * 1024, 'a') }]);
      expect(res.statusCode).toBe(413);
      expect(res.json().code).toBe('PAYLOAD_TOO_LARGE');
      expect(await rowCount()).toBe(before.rows);
      expect(objectsUnder(objectsDir)).toHaveLength(before.objects);
    } finally {
      await t.app.inject({
        method: 'PATCH',
        url: '/api/settings',
        headers: admin.headers,
        payload: { uploadMaxBytes: 25 * 1024 * 1024 },
      });
    }
  });

  it('refuses an announced oversized body at once, without reading it', async () => {
    const address = await listening();
    const { port } = new URL(address);
    const started = Date.now();
    const answer = await new Promise<string>((resolve) => {
      let data = '';
      const socket = net.connect(Number(port), '127.0.0.1', () => {
        // Announce 2 GB but send only the headers: the server must answer without waiting for the body.
        socket.write(
          `POST /api/tickets/${ticketId}/attachments HTTP/1.1\r\nHost: localhost\r\nAuthorization: ${requester.headers.authorization}\r\n` +
            `Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 2000000000\r\n\r\n`,
        );
      });
      socket.on('data', (d: Buffer) => (data += d.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', () => resolve(data));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
    expect(answer.toLowerCase()).toContain('connection: close');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('keeps a non-ASCII name intact in the download (RFC 6266) and cleans path tricks', async () => {
    const res = await upload(requester, [
      { name: 'Laporan Keuangan – Mei 2026 ✓.pdf', content: Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n') },
      { name: '..\\..\\evil\u202Etxt.exe', content: Buffer.from('just text') },
    ]);
    expect(res.statusCode, res.body).toBe(201);
    const [pdf, txt] = res.json().items;
    expect(pdf.fileName).toBe('Laporan Keuangan – Mei 2026 ✓.pdf');
    expect(txt.fileName).toBe('eviltxt.exe');
    expect(txt.fileType).toBe('text/plain');
    const file = await download(pdf.downloadUrl);
    expect(file.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('Laporan Keuangan – Mei 2026 ✓.pdf')}`,
    );
    expect(file.headers['content-disposition']).toMatch(/^inline;/);
    const text = await download(txt.downloadUrl);
    expect(text.headers['content-disposition']).toMatch(/^attachment;/);
  });

  it('serves byte ranges', async () => {
    const content = Buffer.from('0123456789abcdefghij');
    const item = (await upload(requester, [{ name: 'range.txt', content }])).json().items[0];
    const part = await download(item.downloadUrl, { range: 'bytes=5-9' });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe('bytes 5-9/20');
    expect(part.body).toBe('56789');
    expect((await download(item.downloadUrl, { range: 'bytes=-3' })).body).toBe('hij');
    expect((await download(item.downloadUrl, { range: 'bytes=50-60' })).statusCode).toBe(416);
  });

  it('hides files from other requesters (404) and internal-note files from the requester (403)', async () => {
    const item = (await upload(requester, [{ name: 'mine.txt', content: Buffer.from('private') }])).json().items[0];
    const idUrl = `/api/attachments/${item.id}`;
    expect((await download(idUrl, other.headers)).statusCode).toBe(404);
    expect((await download(idUrl, requester.headers)).statusCode).toBe(200);
    expect((await download(idUrl)).statusCode).toBe(401);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/tickets/${ticketId}/attachments`, headers: other.headers }))
        .statusCode,
    ).toBe(404);
    // A signed link is bound to its user and file.
    const otherFile = (await upload(requester, [{ name: 'second.txt', content: Buffer.from('2') }])).json().items[0];
    const token = new URL(item.downloadUrl, 'http://x').searchParams.get('t');
    expect((await download(`/api/attachments/${otherFile.id}?t=${token}`)).statusCode).toBe(401);

    const note = await t.app.inject({
      method: 'POST',
      url: `/api/tickets/${ticketId}/comments`,
      headers: staff.headers,
      payload: { comment: 'log server', isInternal: true },
    });
    const internal = (
      await upload(staff, [{ name: 'server.log', content: Buffer.from('secret log') }], { commentId: note.json().id })
    ).json().items[0];
    expect(internal.isInternal).toBe(true);
    expect((await download(`/api/attachments/${internal.id}`, requester.headers)).statusCode).toBe(403);
    expect((await download(`/api/attachments/${internal.id}`, staff.headers)).statusCode).toBe(200);
    const listed = (
      await t.app.inject({ method: 'GET', url: `/api/tickets/${ticketId}/attachments`, headers: requester.headers })
    ).json().items;
    expect(listed.map((a: { id: string }) => a.id)).not.toContain(internal.id);
    const history = (
      await t.app.inject({ method: 'GET', url: `/api/tickets/${ticketId}/events`, headers: requester.headers })
    ).json().items;
    expect(JSON.stringify(history)).not.toContain('server.log');
    // The requester cannot tie a file to an internal note either.
    const sneaky = await upload(requester, [{ name: 'x.txt', content: Buffer.from('x') }], {
      commentId: note.json().id,
    });
    expect(sneaky.statusCode).toBe(400);
  });

  it('removes the stored object when the database record cannot be written (fault injection)', async () => {
    const before = { rows: await rowCount(), objects: objectsUnder(objectsDir).length };
    await sql`create function fail_attachment() returns trigger language plpgsql as $$ begin raise exception 'injected'; end $$`.execute(
      t.app.db,
    );
    await sql`create trigger fail_attachment before insert on ticket_attachments for each row execute function fail_attachment()`.execute(
      t.app.db,
    );
    try {
      const res = await upload(requester, [{ name: 'doomed.jpg', content: await jpegWithGps() }]);
      expect(res.statusCode).toBe(500);
    } finally {
      await sql`drop trigger fail_attachment on ticket_attachments`.execute(t.app.db);
      await sql`drop function fail_attachment()`.execute(t.app.db);
    }
    expect(await rowCount()).toBe(before.rows);
    expect(objectsUnder(objectsDir)).toHaveLength(before.objects);
  });

  it('leaves nothing behind when the client aborts an upload halfway', async () => {
    const address = await listening();
    const before = { rows: await rowCount(), objects: objectsUnder(objectsDir).length };
    const { port } = new URL(address);
    const body = multipart([{ name: 'half.txt', content: Buffer.alloc(4 * 1024 * 1024, 'b') }]);
    await new Promise<void>((resolve) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => {
        socket.write(
          `POST /api/tickets/${ticketId}/attachments HTTP/1.1\r\nHost: localhost\r\nAuthorization: ${requester.headers.authorization}\r\n` +
            `Content-Type: ${body.headers['content-type']}\r\nContent-Length: ${body.payload.length}\r\n\r\n`,
        );
        socket.write(body.payload.subarray(0, body.payload.length / 2), () => setTimeout(() => socket.destroy(), 200));
      });
      socket.on('close', () => resolve());
      socket.on('error', () => undefined);
    });
    // Give the server a moment to notice and clean up.
    for (let i = 0; i < 50 && objectsUnder(objectsDir).length !== before.objects; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(await rowCount()).toBe(before.rows);
    expect(objectsUnder(objectsDir)).toHaveLength(before.objects);
  });

  it('lets staff delete (soft, object purged by the job) and stops requesters once the ticket is closed', async () => {
    const item = (await upload(requester, [{ name: 'old.txt', content: Buffer.from('old') }])).json().items[0];
    const key = (
      await t.app.db
        .selectFrom('ticket_attachments')
        .select('file_path')
        .where('id', '=', item.id)
        .executeTakeFirstOrThrow()
    ).file_path;
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/attachments/${item.id}`, headers: other.headers })).statusCode,
    ).toBe(404);
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/attachments/${item.id}`, headers: staff.headers })).statusCode,
    ).toBe(204);
    expect((await download(`/api/attachments/${item.id}`, staff.headers)).statusCode).toBe(404);
    expect(await t.storage.head(key)).not.toBeNull();
    const purged = await purgeDeletedAttachments(t.app.db, t.storage, t.app.clock);
    expect(purged).toBeGreaterThanOrEqual(1);
    expect(await t.storage.head(key)).toBeNull();

    const mine = (await upload(requester, [{ name: 'keep.txt', content: Buffer.from('k') }])).json().items[0];
    await t.app.db
      .updateTable('tickets')
      .set({ status: 'CLOSED', closed_at: new Date() })
      .where('id', '=', ticketId)
      .execute();
    try {
      expect(
        (await t.app.inject({ method: 'DELETE', url: `/api/attachments/${mine.id}`, headers: requester.headers }))
          .statusCode,
      ).toBe(409);
      expect((await upload(requester, [{ name: 'late.txt', content: Buffer.from('late') }])).statusCode).toBe(409);
    } finally {
      await t.app.db
        .updateTable('tickets')
        .set({ status: 'IN_PROGRESS', closed_at: null })
        .where('id', '=', ticketId)
        .execute();
    }
  });

  it.runIf(kind === 'S3')('can redirect downloads to a short-lived signed URL', async () => {
    const item = (await upload(requester, [{ name: 'direct.txt', content: Buffer.from('straight from S3') }])).json()
      .items[0];
    await t.app.inject({
      method: 'PATCH',
      url: '/api/settings',
      headers: admin.headers,
      payload: { attachmentDownloadRedirect: true },
    });
    try {
      const res = await download(item.downloadUrl);
      expect(res.statusCode).toBe(302);
      const direct = await fetch(res.headers.location as string);
      expect(await direct.text()).toBe('straight from S3');
    } finally {
      await t.app.inject({
        method: 'PATCH',
        url: '/api/settings',
        headers: admin.headers,
        payload: { attachmentDownloadRedirect: false },
      });
    }
  });
});

describe('range parsing', () => {
  it('follows RFC 9110 single ranges', () => {
    expect(parseRange(undefined, 10)).toBeNull();
    expect(parseRange('bytes=0-4', 10)).toEqual({ start: 0, end: 4 });
    expect(parseRange('bytes=5-', 10)).toEqual({ start: 5, end: 9 });
    expect(parseRange('bytes=-3', 10)).toEqual({ start: 7, end: 9 });
    expect(parseRange('bytes=8-100', 10)).toEqual({ start: 8, end: 9 });
    expect(parseRange('bytes=10-', 10)).toBe('invalid');
    expect(parseRange('bytes=0-1,4-5', 10)).toBeNull();
  });
});
