import fs from 'node:fs';
import { Readable } from 'node:stream';

/** A cell of an exported table: text, a number, a moment, or empty. */
export type Cell = string | number | Date | null | undefined;

export interface Column {
  header: string;
  /** Column width in characters (XLSX only). */
  width?: number;
  /** How XLSX shows numbers/dates of this column. */
  numFmt?: string;
}

/** One table of an export: a CSV section or an XLSX worksheet. Rows come in batches (keyset pages). */
export interface Table {
  /** Worksheet name / CSV section title (sections after the first are introduced by it). */
  name: string;
  columns: Column[];
  rows: AsyncIterable<Cell[][]> | Iterable<Cell[][]>;
}

/** UTF-8 byte-order mark: lets Excel open a UTF-8 CSV with the right characters. */
export const BOM = '\uFEFF';

/** Characters that make a spreadsheet read a cell as a formula (CSV/formula injection, OWASP). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell that cannot run as a formula: a leading quote when it starts like one. */
export function neutralize(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A text that needs neither the formula guard nor quotes: one test for the common case. */
const NEEDS_WORK = /^[=+\-@\t\r]|[",\r\n]/;

/** One CSV field (RFC 4180): numbers as they are, texts neutralised and quoted when needed. */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const raw = value instanceof Date ? value.toISOString() : value;
  if (!NEEDS_WORK.test(raw)) return raw;
  const text = neutralize(raw);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line (CRLF): a plain loop, no intermediate array (an export formats every row). */
export function csvLine(cells: Cell[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) line += (i === 0 ? '' : ',') + csvCell(cells[i]);
  return line + '\r\n';
}

/**
 * The tables as one CSV stream: BOM, then each table's header and rows (later tables after a
 * blank line and their title). A batch becomes one chunk; the next batch is read only when the
 * consumer wants more, so memory holds one page at a time whatever the row count.
 */
export function csvStream(tables: Table[]): Readable {
  async function* lines() {
    yield BOM;
    for (const [i, table] of tables.entries()) {
      if (i > 0) yield `\r\n${csvLine([table.name])}`;
      yield csvLine(table.columns.map((c) => c.header));
      for await (const batch of table.rows) {
        if (batch.length === 0) continue;
        let chunk = '';
        for (const cells of batch) chunk += csvLine(cells);
        yield chunk;
      }
    }
  }
  return Readable.from(lines(), { objectMode: false });
}

/** Excel's limits on a worksheet name: 31 characters, none of : \ / ? * [ ]. */
const sheetName = (name: string) => name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'Sheet';

/**
 * Writes the tables as an XLSX workbook to `filePath` with exceljs's streaming writer: each row
 * is committed (written to the zip) as it is added, so memory holds one batch, not the sheet.
 * Text cells are neutralised like CSV ones (a cell is never a formula). Answers the row count.
 */
export async function writeXlsx(
  tables: Table[],
  filePath: string,
  meta: { creator?: string; title?: string } = {},
): Promise<number> {
  // Loaded on first use: exceljs and its zip libraries were ~70 of the modules a start loads.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: fs.createWriteStream(filePath),
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = meta.creator ?? 'Bantu';
  if (meta.title) workbook.title = meta.title;
  let count = 0;
  for (const table of tables) {
    const sheet = workbook.addWorksheet(sheetName(table.name), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = table.columns.map((c, i) => ({
      key: String(i),
      width: c.width ?? Math.max(12, c.header.length + 2),
      style: c.numFmt ? { numFmt: c.numFmt } : {},
    }));
    const header = sheet.addRow(table.columns.map((c) => c.header));
    header.font = { bold: true };
    header.commit();
    for await (const batch of table.rows) {
      for (const cells of batch) {
        sheet.addRow(cells.map((v) => (typeof v === 'string' ? neutralize(v) : (v ?? null)))).commit();
        count += 1;
      }
    }
    sheet.commit();
  }
  await workbook.commit();
  return count;
}

/** Batches of an array (for small tables computed at once). */
export function* inBatches<T>(items: T[], size = 1000): Iterable<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
