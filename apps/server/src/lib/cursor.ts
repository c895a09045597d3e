import { sql } from 'kysely';
import { hasForbiddenText } from '@bantu/contracts';
import { AppError } from './errors';

/**
 * Opaque keyset cursors: the sort key values of the last row of a page, base64url-encoded.
 * A cursor is client input: decoding checks every position against the type of its column
 * (`kinds`), so a cursor of the right length but the wrong types is a 400, never a database
 * error (a 500).
 */
export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/**
 * What a cursor position holds: `uuid`, `timestamp` (ISO 8601 UTC as toISOString writes it),
 * `deadline` (a timestamp or the word `infinity`), `integer` (PostgreSQL int4) or `text`.
 */
export type CursorKind = 'uuid' | 'timestamp' | 'deadline' | 'integer' | 'text';
type CursorValue<K extends CursorKind> = K extends 'integer' ? number : string;
export type CursorValues<K extends readonly CursorKind[]> = { -readonly [I in keyof K]: CursorValue<K[I]> };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Years 1000-9999 only: JavaScript dates reach further (and differ on year 0) than PostgreSQL's.
const ISO_UTC = /^[1-9]\d{3}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?Z$/;
const INT4_MIN = -(2 ** 31);
const INT4_MAX = 2 ** 31 - 1;

const isTimestamp = (v: unknown) =>
  typeof v === 'string' &&
  ISO_UTC.test(v) &&
  !Number.isNaN(Date.parse(v)) &&
  new Date(v).toISOString().slice(0, 19) === v.slice(0, 19);

const checks: Record<CursorKind, (v: unknown) => boolean> = {
  uuid: (v) => typeof v === 'string' && UUID.test(v),
  timestamp: isTimestamp,
  deadline: (v) => v === 'infinity' || isTimestamp(v),
  integer: (v) => typeof v === 'number' && Number.isInteger(v) && v >= INT4_MIN && v <= INT4_MAX,
  text: (v) => typeof v === 'string' && v.length <= 1000 && !hasForbiddenText(v),
};

export function decodeCursor<const K extends readonly CursorKind[]>(cursor: string, kinds: K): CursorValues<K> {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === kinds.length && kinds.every((kind, i) => checks[kind](parsed[i]))) {
      return parsed as CursorValues<K>;
    }
  } catch {
    // fall through
  }
  throw new AppError('VALIDATION_FAILED', 'Invalid cursor', {
    errors: [{ field: 'querystring.cursor', message: 'Invalid cursor' }],
  });
}

/** Takes limit+1 rows, returns the page and the cursor of its last row if there is more. */
export function pageOf<T>(rows: T[], limit: number, keyOf: (row: T) => (string | number)[]) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}

/** Keyset condition "this row comes after the cursor" for newest-first pages on (time, id). */
export function olderThan(timeColumn: string, idColumn: string, after: [string, string]) {
  return sql<boolean>`(${sql.ref(timeColumn)}, ${sql.ref(idColumn)}) < (${new Date(after[0])}, ${after[1]})`;
}
