import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Where the PNG pages of the last PDF are kept for a person to look at (scratch, not committed). */
export const PDF_PAGES_DIR = path.join(os.tmpdir(), 'bantu-report-pages');

/** pdftotext and pdftoppm (Debian poppler-utils) on a PDF; answers its text and PNG pages. */
export function readPdf(pdf: Buffer, name: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bantu-pdf-'));
  const file = path.join(dir, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  fs.mkdirSync(PDF_PAGES_DIR, { recursive: true });
  execFileSync('pdftoppm', ['-png', '-r', '60', file, path.join(PDF_PAGES_DIR, name)]);
  const pages = fs
    .readdirSync(PDF_PAGES_DIR)
    .filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png'))
    .sort()
    .map((f) => path.join(PDF_PAGES_DIR, f));
  fs.rmSync(dir, { recursive: true, force: true });
  return { text, pages };
}
