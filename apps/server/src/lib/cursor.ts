import { sql } from 'kysely';
import { AppError } from './errors';

/**
 * Opaque keyset cursors: the sort key values of the last row of a page, base64url-encoded.
 * A cursor that does not decode to the expected shape is a 400, not a 500.
 */
export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor<T extends (string | number)[]>(cursor: string, arity: number): T {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === arity &&
      parsed.every((v) => typeof v === 'string' || typeof v === 'number')
    ) {
      return parsed as T;
    }
  } catch {
    // fall through
  }
  throw new AppError('VALIDATION_FAILED', 400, 'Invalid cursor', {
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
