import type { Database } from '@/db/types';
import { sql, type Transaction } from 'kysely';
import type { DB } from '@/db/database';

export interface TableInfo {
  schema: string;
  name: string;
  /** Columns a row can be written to: generated columns are computed again on restore. */
  columns: string[];
}

/**
 * The tables a backup holds: every table of the application's schema, and pg-boss's job table
 * (jobs not yet done: a queued delivery is acknowledged work). Partitions are reached through
 * their parent.
 */
export async function listTables(db: DB): Promise<TableInfo[]> {
  const rows = await sql<{ schema: string; name: string; columns: string[] }>`
    select n.nspname as schema, c.relname as name,
           array_agg(a.attname::text order by a.attnum) as columns
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
     where c.relkind in ('r', 'p') and not c.relispartition
       and (n.nspname = 'public' or (n.nspname = 'pgboss' and c.relname = 'job'))
     group by n.nspname, c.relname
     order by n.nspname desc, c.relname`.execute(db);
  return rows.rows;
}

export const qualified = (t: { schema: string; name: string }) => sql`${sql.id(t.schema)}.${sql.id(t.name)}`;

/** Rows of one table as JSON text, `batch` at a time, through a cursor of the caller's transaction. */
export async function* tableRows(trx: Transaction<Database>, table: TableInfo, batch = 1000): AsyncGenerator<string[]> {
  const cursor = sql.id(`backup_${table.schema}_${table.name}`);
  const where = table.schema === 'pgboss' ? sql`where t.state < 'completed'` : sql``;
  await sql`declare ${cursor} no scroll cursor for select row_to_json(t)::text as r from ${qualified(table)} t ${where}`.execute(
    trx,
  );
  try {
    for (;;) {
      const { rows } = await sql<{ r: string }>`fetch ${sql.raw(String(batch))} from ${cursor}`.execute(trx);
      if (rows.length === 0) return;
      yield rows.map((x) => x.r);
    }
  } finally {
    await sql`close ${cursor}`.execute(trx);
  }
}

/** Writes JSON rows back with the table's own types (json_populate_recordset), ids and all. */
export async function insertRows(trx: Transaction<Database>, table: TableInfo, rows: string[]) {
  const columns = sql.join(table.columns.map((c) => sql.id(c)));
  await sql`insert into ${qualified(table)} (${columns}) overriding system value
    select ${columns} from json_populate_recordset(null::${qualified(table)}, ${`[${rows.join(',')}]`}::json)`.execute(
    trx,
  );
}

/** Sequences owned by a column are moved past the restored rows. */
export async function resetSequences(trx: Transaction<Database>) {
  const owned = await sql<{ seq: string; tbl: string; col: string }>`
    select s.oid::regclass::text as seq, t.oid::regclass::text as tbl, a.attname as col
      from pg_class s
      join pg_depend d on d.objid = s.oid and d.deptype in ('a', 'i')
      join pg_class t on t.oid = d.refobjid
      join pg_attribute a on a.attrelid = t.oid and a.attnum = d.refobjsubid
     where s.relkind = 'S'`.execute(trx);
  for (const { seq, tbl, col } of owned.rows) {
    await sql`select setval(${seq}::regclass, coalesce((select max(${sql.id(col)}) from ${sql.raw(tbl)}), 0) + 1, false)`.execute(
      trx,
    );
  }
}

export async function countRows(db: DB, table: TableInfo): Promise<number> {
  const where = table.schema === 'pgboss' ? sql`where state < 'completed'` : sql``;
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${qualified(table)} ${where}`.execute(db);
  return rows[0]!.n;
}

/** Every stored file the database refers to, with the type to store it under again. */
export async function listFiles(db: DB) {
  const { rows } = await sql<{ key: string; content_type: string }>`
    select file_path as key, coalesce(file_type, 'application/octet-stream') as content_type from ticket_attachments
    union select thumbnail_path, 'image/webp' from ticket_attachments where thumbnail_path is not null
    union select storage_key, 'application/octet-stream' from report_exports where storage_key is not null
    order by 1`.execute(db);
  return rows;
}

export async function applicationIsEmpty(db: DB): Promise<boolean> {
  const { rows } = await sql<{
    n: number;
  }>`select (select count(*) from users)::int + (select count(*) from tickets)::int as n`.execute(db);
  return rows[0]!.n === 0;
}
