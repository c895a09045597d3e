import type { LoginStep } from '@bantu/contracts';
import type { UserRow } from '@/db/types';
import type { SettingsService } from '@/modules/settings/settings.service';
import type { AccountKeys } from '@/lib/account-keys';

const PRIVILEGED = new Set(['admin', 'manager']);

/** Whether a user's role must use a second factor (setting `require2faForPrivileged`). */
export async function secondFactorRequired(
  settings: Pick<SettingsService, 'get'>,
  user: Pick<UserRow, 'role'>,
): Promise<boolean> {
  return PRIVILEGED.has(user.role) && (await settings.get()).require2faForPrivileged;
}

/**
 * The sign-in steps after a correct password, in order: a forced password change (after an
 * admin reset), the second factor when enrolled, enrolment when the role requires it.
 */
export function loginSteps(settings: Pick<SettingsService, 'get'>, keys: AccountKeys) {
  return {
    async next(user: UserRow): Promise<LoginStep | null> {
      if (user.must_change_password) return 'password_change';
      if (user.totp_enabled_at && user.totp_secret) return 'totp';
      if (await secondFactorRequired(settings, user)) return 'enrol';
      return null;
    },
    challenge: (userId: string, step: LoginStep) => keys.challenges.sign(userId, step),
  };
}
