import { sql, type Kysely } from 'kysely';
import { runScript } from '../script';

/**
 * The reference data every ticket write reads (settings, the business-hours calendar and its
 * holidays, SLA rules and escalation levels, categories, priorities) is cached per process
 * (modules/sla/sla.reference.ts) and dropped on `NOTIFY bantu_changes '<table>:'` at commit, as
 * the session users are (20261204050000). One notification per statement is enough: the whole
 * cached set is reloaded on any change, so the rows changed do not matter; TRUNCATE is covered
 * too. PostgreSQL folds identical notifications of one transaction into one.
 */
const TABLES = [
  'settings',
  'sla_calendar',
  'sla_holidays',
  'sla_escalation_levels',
  'sla_rules',
  'categories',
  'priorities',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `CREATE FUNCTION notify_table_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('bantu_changes', TG_TABLE_NAME || ':');
  RETURN NULL;
END $$`,
    )
    .execute(db);
  await runScript(
    db,
    TABLES.map(
      (table) =>
        `CREATE TRIGGER ${table}_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
           FOR EACH STATEMENT EXECUTE FUNCTION notify_table_change();`,
    ).join('\n'),
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    [
      ...TABLES.map((table) => `DROP TRIGGER ${table}_notify_change ON ${table};`),
      'DROP FUNCTION notify_table_change();',
    ].join('\n'),
  );
}
