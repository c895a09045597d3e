import { describe, expect, it } from 'vitest';
import { contentDisposition, sanitizeFileName } from './file-names';
import { detectType } from './sniff';

describe('file names', () => {
  it('keeps only the base name, without control or bidi characters', () => {
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFileName('C:\\Users\\andi\\laporan.pdf')).toBe('laporan.pdf');
    expect(sanitizeFileName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(sanitizeFileName('a\u0000b\nc.txt')).toBe('abc.txt');
    expect(sanitizeFileName('   ')).toBe('file');
    expect(sanitizeFileName('.htaccess')).toBe('htaccess');
    const long = sanitizeFileName(`${'x'.repeat(300)}.docx`);
    expect(long).toHaveLength(255);
    expect(long.endsWith('.docx')).toBe(true);
  });

  it('writes RFC 6266 dispositions that keep non-ASCII names', () => {
    expect(contentDisposition('attachment', 'Laporan Mei – final "v2".pdf')).toBe(
      `attachment; filename="Laporan Mei _ final _v2_.pdf"; filename*=UTF-8''Laporan%20Mei%20%E2%80%93%20final%20%22v2%22.pdf`,
    );
  });
});

describe('content type detection', () => {
  it('goes by content, not by the name', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    expect(await detectType(png, 'photo.jpg')).toBe('image/png');
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]);
    expect(await detectType(exe, 'innocent.png')).not.toBe('image/png');
    expect(await detectType(Buffer.from('%PDF-1.7\n'), 'x.txt')).toBe('application/pdf');
  });

  it('tells plain text, CSV, SVG and HTML apart', async () => {
    expect(await detectType(Buffer.from('halo dunia\n'), 'a.txt')).toBe('text/plain');
    expect(await detectType(Buffer.from('a,b\n1,2\n'), 'data.csv')).toBe('text/csv');
    expect(await detectType(Buffer.from('<?xml version="1.0"?><svg onload="alert(1)"></svg>'), 'logo.png')).toBe(
      'image/svg+xml',
    );
    expect(await detectType(Buffer.from('<!DOCTYPE html><script>alert(1)</script>'), 'notes.txt')).toBe('text/html');
    expect(await detectType(Buffer.from([0x01, 0x00, 0x02, 0x03, 0x04, 0x05]), 'bin.txt')).toBeNull();
  });
});
