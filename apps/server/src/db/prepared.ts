import { createHash } from 'node:crypto';
import type { Compilable, QueryExecutorProvider } from 'kysely';
import type pg from 'pg';

/**
 * Named prepared statements for the hot fixed-shape reads (ADR 3). A statement text registered
 * here is sent by `PreparingClient` as a named statement: PostgreSQL parses it once per
 * connection and, after five executions, may keep a generic plan instead of planning every
 * call (plan_cache_mode = auto). Only texts whose plans do not depend on their parameters'
 * values belong here: the ticket lists without search (status sets written as literals, so a
 * generic plan can still prove a partial index's predicate) and the ticket page.
 */
const MAX_SHAPES = 500;
const shapes = new Map<string, string>();

function nameOf(text: string): string | undefined {
  let name = shapes.get(text);
  if (name === undefined && shapes.size < MAX_SHAPES) {
    name = `bantu_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    shapes.set(text, name);
  }
  return name;
}

/** Runs a query as a named prepared statement on PostgreSQL (as a plain one on PGlite). */
export async function executePrepared<R>(db: QueryExecutorProvider, query: Compilable<R>): Promise<R[]> {
  const compiled = query.compile();
  nameOf(compiled.sql);
  return (await db.getExecutor().executeQuery<R>(compiled)).rows;
}

/** The statement name a text is prepared under, if it was registered (tests). */
export const preparedName = (text: string): string | undefined => shapes.get(text);

/**
 * Makes a pool's clients send registered texts as named statements (Kysely's pg driver calls
 * `client.query(text, values)`; every other form is forwarded unchanged).
 */
export function preparingPool(pool: pg.Pool): pg.Pool {
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const [text, values] = args;
      if (args.length === 2 && typeof text === 'string' && Array.isArray(values)) {
        const name = shapes.get(text);
        if (name) return query({ name, text, values });
      }
      return query(...args);
    };
  });
  return pool;
}
