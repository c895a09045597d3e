import type { DB } from '@/db/database';
import * as repo from './sso.repository';

/**
 * The sign-in policy: with password sign-in turned off only the named break-glass admins may
 * use a password. It reads nothing but the database, so an identity provider being down never
 * locks them out.
 */
export async function passwordSignInAllowed(
  db: DB,
  user: { id: string; role: string; status: boolean },
): Promise<boolean> {
  const policy = await repo.getPolicy(db);
  if (policy.password_login_enabled) return true;
  return user.role === 'admin' && user.status && policy.break_glass_user_ids.includes(user.id);
}
