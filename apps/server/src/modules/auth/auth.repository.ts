import { sql, type Kysely } from 'kysely';
import type { Database } from '@/db/types';

type Executor = Kysely<Database>;

export function insertRefreshToken(
  db: Executor,
  token: {
    userId: string;
    familyId: string;
    hash: string;
    expiresAt: Date;
    userAgent: string | null;
    ip: string | null;
  },
) {
  return db
    .insertInto('refresh_tokens')
    .values({
      user_id: token.userId,
      family_id: token.familyId,
      token_hash: token.hash,
      expires_at: token.expiresAt,
      user_agent: token.userAgent?.slice(0, 500) ?? null,
      ip: token.ip,
    })
    .execute();
}

/** The token row, locked so that two concurrent refreshes with one token cannot both win. */
export function lockRefreshToken(db: Executor, hash: string) {
  return db.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', hash).forUpdate().executeTakeFirst();
}

export function findRefreshToken(db: Executor, hash: string) {
  return db.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
}

export function markRefreshTokenUsed(db: Executor, id: string) {
  return db
    .updateTable('refresh_tokens')
    .set({ used_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

/** Revokes a sign-in (a family); with `userId`, only that user's. Answers how many rows it revoked. */
export async function revokeRefreshFamily(db: Executor, familyId: string, userId?: string): Promise<number> {
  const result = await db
    .updateTable('refresh_tokens')
    .set({ revoked_at: sql<Date>`now()` })
    .where('family_id', '=', familyId)
    .where('revoked_at', 'is', null)
    .$if(userId !== undefined, (qb) => qb.where('user_id', '=', userId!))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export function revokeAllRefreshTokens(db: Executor, userId: string, exceptFamilyId?: string) {
  return db
    .updateTable('refresh_tokens')
    .set({ revoked_at: sql<Date>`now()` })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .$if(exceptFamilyId !== undefined, (qb) => qb.where('family_id', '<>', exceptFamilyId!))
    .execute();
}

/** Housekeeping: rows past expiry are useless for reuse detection too. */
export function deleteExpiredRefreshTokens(db: Executor, before: Date) {
  return db.deleteFrom('refresh_tokens').where('expires_at', '<', before).execute();
}
