import { sql, type Kysely } from 'kysely';
import type { Database } from '@/db/types';

type Executor = Kysely<Database>;

export function setTotp(
  db: Executor,
  userId: string,
  changes: {
    totp_secret?: string | null;
    totp_pending_secret?: string | null;
    totp_enabled_at?: Date | null;
    totp_last_step?: number | null;
  },
) {
  return db
    .updateTable('users')
    .set({ ...changes, updated_at: sql<Date>`now()` })
    .where('id', '=', userId)
    .execute();
}

/** Records the time step of an accepted code, only if it is newer: two racing uses of one code cannot both win. */
export async function claimTotpStep(db: Executor, userId: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function replaceRecoveryCodes(db: Executor, userId: string, hashes: string[]) {
  await db.deleteFrom('user_recovery_codes').where('user_id', '=', userId).execute();
  if (hashes.length > 0) {
    await db
      .insertInto('user_recovery_codes')
      .values(hashes.map((code_hash) => ({ user_id: userId, code_hash })))
      .execute();
  }
}

/** Spends an unused recovery code; false when there is none with this hash (or it was used). */
export async function useRecoveryCode(db: Executor, userId: string, hash: string): Promise<boolean> {
  const result = await db
    .updateTable('user_recovery_codes')
    .set({ used_at: sql<Date>`now()` })
    .where('user_id', '=', userId)
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function countUnusedRecoveryCodes(db: Executor, userId: string): Promise<number> {
  const row = await db
    .selectFrom('user_recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function insertAccountToken(
  db: Executor,
  token: { userId: string; purpose: 'reset' | 'invite'; hash: string; expiresAt: Date },
) {
  return db
    .insertInto('account_tokens')
    .values({ user_id: token.userId, purpose: token.purpose, token_hash: token.hash, expires_at: token.expiresAt })
    .execute();
}

/** Earlier unused links of the same purpose stop working when a new one is sent. */
export function expireAccountTokens(db: Executor, userId: string, purpose?: 'reset' | 'invite') {
  return db
    .updateTable('account_tokens')
    .set({ used_at: sql<Date>`now()` })
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .$if(purpose !== undefined, (qb) => qb.where('purpose', '=', purpose!))
    .execute();
}

export function lockAccountToken(db: Executor, hash: string) {
  return db.selectFrom('account_tokens').selectAll().where('token_hash', '=', hash).forUpdate().executeTakeFirst();
}

export function findAccountToken(db: Executor, hash: string) {
  return db
    .selectFrom('account_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.purpose', 't.expires_at', 't.used_at', 'u.email', 'u.name', 'u.status'])
    .where('t.token_hash', '=', hash)
    .executeTakeFirst();
}

export function markAccountTokenUsed(db: Executor, id: string) {
  return db
    .updateTable('account_tokens')
    .set({ used_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}
