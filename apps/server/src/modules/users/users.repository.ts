import type { UserListQuery, UserResponse } from '@bantu/contracts';
import { sql, type Kysely } from 'kysely';
import type { Database, NewUser, UserRow, UserUpdate } from '@/db/types';
import { decodeCursor, pageOf } from '@/lib/cursor';

type Executor = Kysely<Database>;

/** Columns that never leave the repository layer towards a request's user. */
export type SecretUserColumn = 'totp_secret' | 'totp_pending_secret' | 'totp_last_step';

const hasPassword = sql<boolean>`password_hash is not null`.as('has_password');

const publicColumns = [
  'id',
  'name',
  'email',
  'division',
  'role',
  'status',
  'phone',
  'locale',
  'whatsapp_opt_in',
  'last_login_at',
  'created_at',
  'updated_at',
  'totp_enabled_at',
  'must_change_password',
] as const;

export function findActiveUserById(db: Executor, id: string) {
  return db
    .selectFrom('users')
    .select(publicColumns)
    .select(hasPassword)
    .where('id', '=', id)
    .where('status', '=', true)
    .executeTakeFirst();
}

/** The active user of a live session (a refresh-token family not revoked): the per-request read. */
export function findSessionUser(db: Executor, id: string, sessionId: string) {
  return db
    .selectFrom('users')
    .select(publicColumns)
    .select(hasPassword)
    .where('id', '=', id)
    .where('status', '=', true)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('refresh_tokens')
          .select(sql`1`.as('one'))
          .where('refresh_tokens.family_id', '=', sessionId)
          .where('refresh_tokens.user_id', '=', id)
          .where('refresh_tokens.revoked_at', 'is', null),
      ),
    )
    .executeTakeFirst();
}

export function findUserById(db: Executor, id: string) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findUserByEmail(db: Executor, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
}

/** Locks the row for the rest of the transaction (role and status changes). */
export function lockUser(db: Executor, id: string) {
  return db.selectFrom('users').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function insertUser(db: Executor, user: NewUser) {
  return db.insertInto('users').values(user).returningAll().executeTakeFirstOrThrow();
}

export function updateUser(db: Executor, id: string, changes: UserUpdate) {
  return db
    .updateTable('users')
    .set({ ...changes, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function countActiveAdmins(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .where('status', '=', true)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countUsers(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Users ordered by name, keyset-paginated on (name, id). */
export async function listUsers(
  db: Executor,
  query: Required<Pick<UserListQuery, 'limit'>> & Omit<UserListQuery, 'limit' | 'status'> & { status?: boolean },
) {
  const limit = Number(query.limit);
  const after = query.cursor ? decodeCursor(query.cursor, ['text', 'uuid']) : undefined;
  const pattern = query.q ? `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const rows = await db
    .selectFrom('users')
    .select(publicColumns)
    .select(hasPassword)
    .$if(pattern !== undefined, (qb) =>
      qb.where((eb) =>
        eb.or([eb('name', 'ilike', pattern!), eb('email', 'ilike', pattern!), eb('division', 'ilike', pattern!)]),
      ),
    )
    .$if(query.role !== undefined, (qb) => qb.where('role', '=', query.role!))
    .$if(query.status !== undefined, (qb) => qb.where('status', '=', query.status!))
    .$if(after !== undefined, (qb) =>
      qb.where((eb) => eb(eb.refTuple('name', 'id'), '>', eb.tuple(after![0], after![1]))),
    )
    .orderBy('name')
    .orderBy('id')
    .limit(limit + 1)
    .execute();
  return pageOf(rows, limit, (r) => [r.name, r.id]);
}

export function toUserResponse(
  row: Omit<UserRow, 'password_hash' | SecretUserColumn> & { password_hash?: string | null; has_password?: boolean },
): UserResponse {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    division: row.division,
    role: row.role,
    status: row.status,
    phone: row.phone,
    locale: row.locale === 'en' ? 'en' : 'id',
    whatsappOptIn: row.whatsapp_opt_in,
    hasPassword: row.has_password ?? row.password_hash != null,
    lastLoginAt: row.last_login_at?.toISOString() ?? null,
    twoFactorEnabled: row.totp_enabled_at != null,
    mustChangePassword: row.must_change_password,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Active users matching a name, e-mail or division: the requester picker of IT staff. */
export function lookupActiveUsers(db: Executor, q: string, limit: number) {
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'division'])
    .where('status', '=', true)
    .where((eb) =>
      eb.or([eb('name', 'ilike', pattern), eb('email', 'ilike', pattern), eb('division', 'ilike', pattern)]),
    )
    .orderBy('name')
    .orderBy('id')
    .limit(limit)
    .execute();
}
