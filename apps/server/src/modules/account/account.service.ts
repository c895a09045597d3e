import type { Transaction } from 'kysely';
import type { InvitationRequest, LoginStep, LoginTotpRequest, TotpEnrolment, TwoFactorStatus } from '@bantu/contracts';
import type { DB } from '@/db/database';
import type { UserRow, Database } from '@/db/types';
import type { Clock } from '@/infra/infra.plugin';
import type { RateLimitStore } from '@/infra/cache/rate-limit-store';
import { AppError, duplicate, fieldError, notFound, uniqueViolation } from '@/lib/errors';
import { hashPassword, verifyPassword } from '@/lib/password';
import { currentBaseUrl } from '@/lib/request-origin';
import { hashOpaqueToken, newOpaqueToken } from '@/lib/tokens';
import { recordAudit } from '@/modules/audit/audit.service';
import { revokeAllRefreshTokens } from '@/modules/auth/auth.repository';
import type { SettingsService } from '@/modules/settings/settings.service';
import * as users from '@/modules/users/users.repository';
import { enqueueAccountMail } from './account.jobs';
import type { AccountKeys } from '@/lib/account-keys';
import * as repo from './account.repository';
import { loginSteps, secondFactorRequired } from './account.steps';
import { acceptTotp, enrolmentOf, hashRecoveryCode, newRecoveryCodes, newTotpSecret } from './account.totp';

export const RESET_TTL_MS = 30 * 60_000;
export const INVITE_TTL_MS = 7 * 86_400_000;

/** Second-factor tries per account, and reset requests per address and per e-mail. */
export const ACCOUNT_LIMITS = {
  totp: { max: 5, windowMs: 15 * 60_000 },
  forgotIp: { max: 10, windowMs: 15 * 60_000 },
  forgotEmail: { max: 3, windowMs: 15 * 60_000 },
} as const;

export interface SignInContext {
  ip: string;
  userAgent: string | null;
}

/** What the account module needs from auth: starting the session once every step is done. */
export interface SessionStarter<S> {
  signIn(user: UserRow, ctx: SignInContext, how: { method: 'password' | 'totp' | 'recovery_code' }): Promise<S>;
}

const badChallenge = () => new AppError('UNAUTHENTICATED', 'This sign-in step has expired; sign in again');
const badCode = () => fieldError('code', 'The code is not correct');

export function accountService<S>(deps: {
  db: DB;
  keys: AccountKeys;
  rateLimits: RateLimitStore;
  clock: Clock;
  publicUrl?: string;
  sessions: SessionStarter<S>;
  settings: SettingsService;
}) {
  const { db, keys, rateLimits, clock, settings } = deps;

  const linkTo = (path: string, token: string) => {
    const base = (deps.publicUrl ?? currentBaseUrl() ?? 'http://localhost:3000').replace(/\/+$/, '');
    // The token travels in the fragment: it never reaches a server log or a Referer header.
    return `${base}${path}#${token}`;
  };

  const steps = loginSteps(settings, keys);
  const requiredFor = (user: Pick<UserRow, 'role'>) => secondFactorRequired(settings, user);

  async function challengeOrSession(user: UserRow, ctx: SignInContext, method: 'password' | 'totp' | 'recovery_code') {
    const step = await steps.next(user);
    if (step) return { challenge: { step, token: await steps.challenge(user.id, step) } };
    return deps.sessions.signIn(user, ctx, { method });
  }

  async function challengedUser(token: string, step: LoginStep): Promise<UserRow> {
    const userId = await keys.challenges.verify(token, step);
    if (!userId) throw badChallenge();
    const user = await users.findUserById(db, userId);
    if (!user?.status) throw badChallenge();
    return user;
  }

  /** Counts a wrong second factor; five in 15 minutes lock the second step (429) like the password. */
  async function throttleTotp(userId: string) {
    const counter = await rateLimits.peek(`totp:${userId}`);
    if (counter && counter.count >= ACCOUNT_LIMITS.totp.max) {
      const seconds = Math.max(1, Math.ceil(counter.resetInMs / 1000));
      throw new AppError('ACCOUNT_LOCKED', 'Too many wrong codes. Try again later.', {
        headers: { 'retry-after': String(seconds) },
      });
    }
  }
  async function wrongCode(user: UserRow, field: 'code' | 'recoveryCode'): Promise<never> {
    const { count } = await rateLimits.hit(`totp:${user.id}`, ACCOUNT_LIMITS.totp.windowMs);
    await recordAudit(db, {
      action: count >= ACCOUNT_LIMITS.totp.max ? 'auth.lockout' : 'auth.sign_in_failed',
      actorId: user.id,
      targetType: 'user',
      targetId: user.id,
      after: { reason: field === 'code' ? 'wrong_totp' : 'wrong_recovery_code' },
    });
    throw field === 'code' ? badCode() : fieldError('recoveryCode', 'The recovery code is not correct or was used');
  }

  /** A code checked against the stored secret and claimed (its time step is then spent). */
  async function spendTotp(user: UserRow, code: string, secretSealed: string | null, trx: DB = db) {
    if (!secretSealed) return false;
    const step = await acceptTotp(
      keys.totp.open(secretSealed),
      code,
      user.totp_last_step === null ? null : Number(user.totp_last_step),
      clock.now(),
    );
    return step !== null && (await repo.claimTotpStep(trx, user.id, step));
  }

  async function issueRecoveryCodes(trx: Transaction<Database>, userId: string): Promise<string[]> {
    const codes = newRecoveryCodes();
    await repo.replaceRecoveryCodes(trx, userId, codes.map(hashRecoveryCode));
    return codes;
  }

  async function enrolment(user: UserRow): Promise<TotpEnrolment> {
    const secret = await newTotpSecret();
    await repo.setTotp(db, user.id, { totp_pending_secret: keys.totp.seal(secret) });
    return enrolmentOf(secret, (await settings.get()).organizationName, user.email);
  }

  async function enableWithPending(user: UserRow, code: string, actorId: string) {
    const pending = user.totp_pending_secret;
    if (!pending) throw new AppError('CONFLICT', 'Start the set-up first');
    // The pending secret has no step used yet.
    const step = await acceptTotp(keys.totp.open(pending), code, null, clock.now());
    if (step === null) throw badCode();
    return db.transaction().execute(async (trx) => {
      await repo.setTotp(trx, user.id, {
        totp_secret: pending,
        totp_pending_secret: null,
        totp_enabled_at: clock.now(),
        totp_last_step: step,
      });
      const codes = await issueRecoveryCodes(trx, user.id);
      await recordAudit(trx, {
        action: 'account.2fa_enabled',
        actorId,
        targetType: 'user',
        targetId: user.id,
        before: { twoFactorEnabled: false },
        after: { twoFactorEnabled: true },
      });
      return codes;
    });
  }

  async function setPasswordWithToken(token: string, password: string, purpose: 'reset' | 'invite') {
    const passwordHash = await hashPassword(password);
    await db.transaction().execute(async (trx) => {
      const row = await repo.lockAccountToken(trx, hashOpaqueToken(token));
      if (!row || row.purpose !== purpose || row.used_at || row.expires_at.getTime() <= clock.now().getTime()) {
        throw new AppError('LINK_EXPIRED', 'This link has expired or was already used; ask for a new one');
      }
      const user = await users.findUserById(trx, row.user_id);
      if (!user?.status)
        throw new AppError('LINK_EXPIRED', 'This link has expired or was already used; ask for a new one');
      await repo.markAccountTokenUsed(trx, row.id);
      await repo.expireAccountTokens(trx, user.id);
      await users.updateUser(trx, user.id, { password_hash: passwordHash, must_change_password: false });
      await revokeAllRefreshTokens(trx, user.id);
      await recordAudit(trx, {
        action: purpose === 'reset' ? 'auth.password_reset' : 'auth.invitation_accepted',
        actorId: user.id,
        targetType: 'user',
        targetId: user.id,
      });
    });
  }

  return {
    async loginWithSecondFactor(input: LoginTotpRequest, ctx: SignInContext) {
      const user = await challengedUser(input.token, 'totp');
      await throttleTotp(user.id);
      if (input.code !== undefined) {
        if (!(await spendTotp(user, input.code, user.totp_secret))) return wrongCode(user, 'code');
        await rateLimits.reset(`totp:${user.id}`);
        return deps.sessions.signIn(user, ctx, { method: 'totp' });
      }
      const used = await db.transaction().execute(async (trx) => {
        if (!(await repo.useRecoveryCode(trx, user.id, hashRecoveryCode(input.recoveryCode!)))) return false;
        await recordAudit(trx, {
          action: 'auth.recovery_code_used',
          actorId: user.id,
          targetType: 'user',
          targetId: user.id,
          after: { recoveryCodesLeft: await repo.countUnusedRecoveryCodes(trx, user.id) },
        });
        return true;
      });
      if (!used) return wrongCode(user, 'recoveryCode');
      await rateLimits.reset(`totp:${user.id}`);
      return deps.sessions.signIn(user, ctx, { method: 'recovery_code' });
    },

    async loginEnrolStart(token: string): Promise<TotpEnrolment> {
      return enrolment(await challengedUser(token, 'enrol'));
    },

    async loginEnrolConfirm(token: string, code: string, ctx: SignInContext) {
      const user = await challengedUser(token, 'enrol');
      await throttleTotp(user.id);
      const recoveryCodes = await enableWithPending(user, code, user.id).catch(async (error: unknown) => {
        if (error instanceof AppError && error.status === 400)
          await rateLimits.hit(`totp:${user.id}`, ACCOUNT_LIMITS.totp.windowMs);
        throw error;
      });
      const fresh = (await users.findUserById(db, user.id))!;
      return { session: await deps.sessions.signIn(fresh, ctx, { method: 'totp' }), recoveryCodes };
    },

    /** The forced change after an admin reset; then the next step (second factor) or the session. */
    async loginPasswordChange(token: string, newPassword: string, ctx: SignInContext) {
      const user = await challengedUser(token, 'password_change');
      if (user.password_hash && (await verifyPassword(user.password_hash, newPassword))) {
        throw fieldError('newPassword', 'Choose a password different from the one the admin set');
      }
      const passwordHash = await hashPassword(newPassword);
      const updated = await db.transaction().execute(async (trx) => {
        const row = await users.updateUser(trx, user.id, { password_hash: passwordHash, must_change_password: false });
        await recordAudit(trx, {
          action: 'auth.password_changed',
          actorId: user.id,
          targetType: 'user',
          targetId: user.id,
          after: { forced: true },
        });
        return row!;
      });
      return challengeOrSession(updated, ctx, 'password');
    },

    async status(userId: string): Promise<TwoFactorStatus> {
      const user = await users.findUserById(db, userId);
      if (!user) throw notFound('User');
      return {
        enabled: user.totp_enabled_at !== null,
        required: await requiredFor(user),
        recoveryCodesLeft: await repo.countUnusedRecoveryCodes(db, userId),
      };
    },

    async setup(userId: string): Promise<TotpEnrolment> {
      const user = await users.findUserById(db, userId);
      if (!user) throw notFound('User');
      if (user.totp_enabled_at) throw new AppError('CONFLICT', 'The second factor is already on; turn it off first');
      return enrolment(user);
    },

    async enable(userId: string, code: string): Promise<string[]> {
      const user = await users.findUserById(db, userId);
      if (!user) throw notFound('User');
      if (user.totp_enabled_at) throw new AppError('CONFLICT', 'The second factor is already on');
      return enableWithPending(user, code, userId);
    },

    async disable(userId: string, password: string, code: string) {
      const user = await users.findUserById(db, userId);
      if (!user?.totp_enabled_at) throw new AppError('CONFLICT', 'The second factor is not on');
      if (await requiredFor(user)) throw new AppError('FORBIDDEN', 'Your role must use a second factor');
      if (!(await verifyPassword(user.password_hash, password)))
        throw fieldError('password', 'The password is not correct');
      await throttleTotp(userId);
      if (!(await spendTotp(user, code, user.totp_secret))) return wrongCode(user, 'code');
      await db.transaction().execute(async (trx) => {
        await repo.setTotp(trx, userId, {
          totp_secret: null,
          totp_pending_secret: null,
          totp_enabled_at: null,
          totp_last_step: null,
        });
        await repo.replaceRecoveryCodes(trx, userId, []);
        await recordAudit(trx, {
          action: 'account.2fa_disabled',
          actorId: userId,
          targetType: 'user',
          targetId: userId,
          before: { twoFactorEnabled: true },
          after: { twoFactorEnabled: false },
        });
      });
    },

    async regenerateRecoveryCodes(userId: string, code: string): Promise<string[]> {
      const user = await users.findUserById(db, userId);
      if (!user?.totp_enabled_at) throw new AppError('CONFLICT', 'The second factor is not on');
      await throttleTotp(userId);
      if (!(await spendTotp(user, code, user.totp_secret))) return wrongCode(user, 'code');
      return db.transaction().execute(async (trx) => {
        const codes = await issueRecoveryCodes(trx, userId);
        await recordAudit(trx, {
          action: 'account.recovery_codes_regenerated',
          actorId: userId,
          targetType: 'user',
          targetId: userId,
        });
        return codes;
      });
    },

    /**
     * Sends a reset link when the address belongs to an active account with a password or not:
     * the answer and its timing do not say which (the mail is a queued job either way or none).
     */
    async forgotPassword(email: string, ip: string): Promise<void> {
      const ipHit = await rateLimits.hit(`forgot:ip:${ip}`, ACCOUNT_LIMITS.forgotIp.windowMs);
      if (ipHit.count > ACCOUNT_LIMITS.forgotIp.max) {
        throw new AppError('RATE_LIMITED', 'Too many requests. Try again later.', {
          headers: { 'retry-after': String(Math.max(1, Math.ceil(ipHit.resetInMs / 1000))) },
        });
      }
      // Past the per-address limit of one e-mail nothing more is sent, with the same answer.
      const emailHit = await rateLimits.hit(`forgot:email:${email}`, ACCOUNT_LIMITS.forgotEmail.windowMs);
      if (emailHit.count > ACCOUNT_LIMITS.forgotEmail.max) return;
      const user = await users.findUserByEmail(db, email);
      if (!user?.status) return;
      const { token, hash } = newOpaqueToken();
      await db.transaction().execute(async (trx) => {
        await repo.expireAccountTokens(trx, user.id, 'reset');
        await repo.insertAccountToken(trx, {
          userId: user.id,
          purpose: 'reset',
          hash,
          expiresAt: new Date(clock.now().getTime() + RESET_TTL_MS),
        });
        await enqueueAccountMail(trx, {
          kind: 'reset',
          userId: user.id,
          sealedLink: keys.mail.seal(linkTo('/account/reset', token)),
        });
        await recordAudit(trx, {
          action: 'auth.password_reset_requested',
          actorId: null,
          actorEmail: email,
          targetType: 'user',
          targetId: user.id,
        });
      });
    },

    resetPassword: (token: string, password: string) => setPasswordWithToken(token, password, 'reset'),
    acceptInvitation: (token: string, password: string) => setPasswordWithToken(token, password, 'invite'),

    /** Who a link is for, so the page can greet them; 410 when it no longer works. */
    async tokenInfo(token: string) {
      const row = await repo.findAccountToken(db, hashOpaqueToken(token));
      if (!row || row.used_at || !row.status || row.expires_at.getTime() <= clock.now().getTime()) {
        throw new AppError('LINK_EXPIRED', 'This link has expired or was already used; ask for a new one');
      }
      return { purpose: row.purpose, email: row.email, name: row.name };
    },

    /** An admin creates the account without a password and mails the invitation link, in one transaction. */
    async invite(actorId: string, input: InvitationRequest) {
      const { token, hash } = newOpaqueToken();
      try {
        return await db.transaction().execute(async (trx) => {
          const user = await users.insertUser(trx, {
            name: input.name,
            email: input.email,
            password_hash: null,
            division: input.division ?? null,
            role: input.role ?? 'user',
            locale: input.locale ?? 'id',
            phone: input.phone ?? null,
          });
          await repo.insertAccountToken(trx, {
            userId: user.id,
            purpose: 'invite',
            hash,
            expiresAt: new Date(clock.now().getTime() + INVITE_TTL_MS),
          });
          await enqueueAccountMail(trx, {
            kind: 'invite',
            userId: user.id,
            sealedLink: keys.mail.seal(linkTo('/account/invite', token)),
          });
          await recordAudit(trx, {
            action: 'user.invited',
            actorId,
            targetType: 'user',
            targetId: user.id,
            after: { email: user.email, role: user.role, division: user.division },
          });
          return users.toUserResponse(user);
        });
      } catch (error) {
        if (uniqueViolation(error) !== null) throw duplicate('email', 'A user with this e-mail already exists');
        throw error;
      }
    },
  };
}
export type AccountService = ReturnType<typeof accountService>;
