import type { Kysely } from 'kysely';
import type { Database } from '@/db/types';

/** Role of each of these users that is still active (deactivated and deleted ones are missing). */
export function activeUserRoles(db: Kysely<Database>, ids: string[]) {
  return db.selectFrom('users').select(['id', 'role']).where('id', 'in', ids).where('status', '=', true).execute();
}
