import { Readable } from 'node:stream';

const SAMPLE = 64 * 1024;

/**
 * Reads the first bytes of an upload to decide its type from content, then hands back a stream
 * that still yields every byte (the sample first). Nothing but the sample is buffered.
 */
export async function sniffStream(
  source: Readable,
  fileName: string,
): Promise<{ type: string | null; stream: Readable }> {
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const chunks: Buffer[] = [];
  let length = 0;
  let done = false;
  while (length < SAMPLE) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    chunks.push(next.value);
    length += next.value.length;
  }
  const head = Buffer.concat(chunks);
  const type = await detectType(head, fileName);
  async function* replay() {
    yield head;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { type, stream: Readable.from(replay(), { objectMode: false }) };
}

export async function detectType(head: Buffer, fileName: string): Promise<string | null> {
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  // file-type comes with the first upload, not with every start.
  const { fileTypeFromBuffer } = await import('file-type');
  const detected = await fileTypeFromBuffer(head);
  // XML may be SVG (which can carry script): decide from the text below.
  if (detected && detected.mime !== 'application/xml') {
    // Legacy Office files are all "compound file binary"; the extension tells which.
    if (detected.mime === 'application/x-cfb') {
      if (ext === 'doc') return 'application/msword';
      if (ext === 'xls') return 'application/vnd.ms-excel';
    }
    return detected.mime;
  }
  if (!isText(head)) return null;
  const text = head.toString('utf8').trimStart().slice(0, 2048).toLowerCase();
  if (text.startsWith('<svg') || (text.startsWith('<?xml') && text.includes('<svg'))) return 'image/svg+xml';
  if (/^(<!doctype html|<html|<head|<body|<script)/.test(text) || text.includes('<script')) return 'text/html';
  if (detected) return detected.mime;
  if (ext === 'csv') return 'text/csv';
  return 'text/plain';
}

/** UTF-8 text without NUL bytes (a multi-byte character may be cut at the sample's end). */
function isText(head: Buffer): boolean {
  if (head.length === 0) return true;
  if (head.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, Math.max(0, head.length - 3)));
    return true;
  } catch {
    return false;
  }
}
