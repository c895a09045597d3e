import type { Kysely } from 'kysely';
import type { Database } from '@/db/types';

/**
 * The role of the user of each of these sign-ins (refresh-token families) that is still live:
 * the user active and the session not revoked. Ended sessions and deactivated users are missing.
 */
export function liveSessionRoles(db: Kysely<Database>, sessionIds: string[]) {
  return db
    .selectFrom('refresh_tokens')
    .innerJoin('users', 'users.id', 'refresh_tokens.user_id')
    .select(['users.id', 'users.role', 'refresh_tokens.family_id as sessionId'])
    .distinct()
    .where('refresh_tokens.family_id', 'in', sessionIds)
    .where('refresh_tokens.revoked_at', 'is', null)
    .where('users.status', '=', true)
    .execute();
}
