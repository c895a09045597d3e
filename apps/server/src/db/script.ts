import { sql, type Kysely } from 'kysely';

/**
 * Runs a DDL script one statement at a time: PGlite's query() takes a single statement (it
 * uses the extended protocol), and pg with parameters does too. Statements are separated by a
 * semicolon at the end of a line; scripts keep semicolons out of string literals and bodies.
 */
export async function runScript(db: Kysely<unknown>, script: string): Promise<void> {
  const statements = script
    .split(/;\s*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s.length > 0);
  for (const statement of statements) await sql.raw(statement).execute(db);
}
