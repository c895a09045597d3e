import { sql, type Kysely } from 'kysely';
import { runScript } from '../script';

/**
 * Caches of database rows in each process (the per-request session user, ADR 3) are cleared by
 * a `NOTIFY bantu_changes '<table>:<key>'` that PostgreSQL delivers to every listening process
 * when the writing transaction commits (and never when it rolls back). A restore that skips
 * triggers (session_replication_role = replica) sends `*` itself.
 *
 * users: any update or delete of a row (deactivation, role, profile, password, sign-in time).
 * refresh_tokens: a session ends when its tokens are revoked or deleted; new tokens do not
 * matter because a missing session is never cached.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `CREATE FUNCTION notify_row_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('bantu_changes', TG_TABLE_NAME || ':' || coalesce(CASE WHEN TG_OP = 'DELETE' THEN to_jsonb(OLD) ELSE to_jsonb(NEW) END ->> TG_ARGV[0], ''));
  RETURN NULL;
END $$`,
    )
    .execute(db);
  await runScript(
    db,
    `
    CREATE TRIGGER users_notify_update AFTER UPDATE ON users
      FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION notify_row_change('id');
    CREATE TRIGGER users_notify_delete AFTER DELETE ON users
      FOR EACH ROW EXECUTE FUNCTION notify_row_change('id');
    CREATE TRIGGER refresh_tokens_notify_revoke AFTER UPDATE OF revoked_at ON refresh_tokens
      FOR EACH ROW WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at) EXECUTE FUNCTION notify_row_change('user_id');
    CREATE TRIGGER refresh_tokens_notify_delete AFTER DELETE ON refresh_tokens
      FOR EACH ROW EXECUTE FUNCTION notify_row_change('user_id');
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    DROP TRIGGER refresh_tokens_notify_delete ON refresh_tokens;
    DROP TRIGGER refresh_tokens_notify_revoke ON refresh_tokens;
    DROP TRIGGER users_notify_delete ON users;
    DROP TRIGGER users_notify_update ON users;
    DROP FUNCTION notify_row_change();
  `,
  );
}
