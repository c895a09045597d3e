import type { Transaction } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { LoginRequest, LoginStep, PasswordChangeRequest, ProfileUpdateRequest } from '@bantu/contracts';
import type { UserRow, Database } from '@/db/types';
import type { DB } from '@/db/database';
import type { Clock } from '@/infra/infra.plugin';
import type { RateLimitStore } from '@/infra/cache/rate-limit-store';
import { AppError, fieldError, notFound } from '@/lib/errors';
import { hashPassword, verifyPassword } from '@/lib/password';
import { hashOpaqueToken, newOpaqueToken, type AccessTokens } from '@/lib/tokens';
import { recordAudit } from '@/modules/audit/audit.service';
import * as users from '@/modules/users/users.repository';
import { passwordSignInAllowed } from '@/modules/sso/sso.policy';
import * as repo from './auth.repository';

/** Failed sign-ins: per account (lockout) and per client address (spraying many accounts). */
export const LOGIN_LIMITS = {
  account: { max: 5, windowMs: 15 * 60_000 },
  ip: { max: 20, windowMs: 15 * 60_000 },
} as const;

const invalidCredentials = () => new AppError('INVALID_CREDENTIALS', 'Wrong e-mail or password');

export interface SessionContext {
  ip: string;
  userAgent: string | null;
}

export interface AuthDeps {
  db: DB;
  tokens: AccessTokens;
  rateLimits: RateLimitStore;
  clock: Clock;
  refreshTtlDays: number;
  /**
   * The sign-in steps after a correct password (modules/account: forced password change,
   * second factor, required enrolment): a challenge instead of a session when one is due.
   */
  steps?: {
    next(user: UserRow): Promise<LoginStep | null>;
    challenge(userId: string, step: LoginStep): Promise<string>;
  };
}

export function authService({ db, tokens, rateLimits, clock, refreshTtlDays, steps }: AuthDeps) {
  const refreshTtlMs = refreshTtlDays * 86_400_000;

  async function issueRefreshToken(userId: string, familyId: string, ctx: SessionContext, trx: DB = db) {
    const { token, hash } = newOpaqueToken();
    await repo.insertRefreshToken(trx, {
      userId,
      familyId,
      hash,
      expiresAt: new Date(clock.now().getTime() + refreshTtlMs),
      userAgent: ctx.userAgent,
      ip: ctx.ip,
    });
    return token;
  }

  async function throttle(key: string, limit: { max: number }, code: 'ACCOUNT_LOCKED' | 'RATE_LIMITED') {
    const counter = await rateLimits.peek(key);
    if (counter && counter.count >= limit.max) {
      const seconds = Math.max(1, Math.ceil(counter.resetInMs / 1000));
      throw new AppError(code, `Too many failed sign-ins. Try again in ${Math.ceil(seconds / 60)} minute(s).`, {
        headers: { 'retry-after': String(seconds) },
      });
    }
  }

  /**
   * Starts a session for a user whose identity is proven (password and second factor, or single
   * sign-on), inside `trx`: stamps and audits the sign-in and issues the refresh token; its
   * family id is the session id the access token carries.
   */
  async function startSession(trx: Transaction<Database>, user: UserRow, ctx: SessionContext, how: { method: string }) {
    const sessionId = randomUUID();
    await users.updateUser(trx, user.id, { last_login_at: clock.now() });
    await recordAudit(trx, {
      action: 'auth.sign_in',
      actorId: user.id,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      targetType: 'user',
      targetId: user.id,
      after: { method: how.method },
    });
    const refreshToken = await issueRefreshToken(user.id, sessionId, ctx, trx);
    return {
      accessToken: await tokens.sign(user.id, sessionId),
      expiresIn: tokens.ttlSeconds,
      refreshToken,
      familyId: sessionId,
      user: users.toUserResponse(user),
    };
  }

  /** startSession in a transaction of its own, answering what the client gets. */
  async function signedIn(user: UserRow, ctx: SessionContext, how: { method: string }) {
    const { familyId: _familyId, ...session } = await db
      .transaction()
      .execute((trx) => startSession(trx, user, ctx, how));
    return session;
  }

  return {
    refreshTtlMs,
    /** A finished sign-in in its own transaction (the account module's second-factor steps). */
    signIn: signedIn,

    async login(input: LoginRequest, ctx: SessionContext) {
      const accountKey = `login:account:${input.email}`;
      const ipKey = `login:ip:${ctx.ip}`;
      await throttle(ipKey, LOGIN_LIMITS.ip, 'RATE_LIMITED');
      await throttle(accountKey, LOGIN_LIMITS.account, 'ACCOUNT_LOCKED');

      const user = await users.findUserByEmail(db, input.email);
      // verifyPassword hashes against a dummy when there is no account, so an unknown e-mail and a
      // wrong password take the same time and get the same answer.
      const valid = await verifyPassword(user?.password_hash ?? null, input.password);
      if (!user || !valid || !user.status) {
        const [account] = await Promise.all([
          rateLimits.hit(accountKey, LOGIN_LIMITS.account.windowMs),
          rateLimits.hit(ipKey, LOGIN_LIMITS.ip.windowMs),
        ]);
        await recordAudit(db, {
          action: account.count === LOGIN_LIMITS.account.max ? 'auth.lockout' : 'auth.sign_in_failed',
          actorId: user?.id ?? null,
          actorEmail: input.email,
          ip: ctx.ip,
          userAgent: ctx.userAgent,
          targetType: user ? 'user' : null,
          targetId: user?.id ?? null,
          after: { reason: !user ? 'unknown_email' : !user.status ? 'deactivated' : 'wrong_password' },
        });
        throw invalidCredentials();
      }
      await rateLimits.reset(accountKey);
      if (!(await passwordSignInAllowed(db, user))) {
        throw new AppError('PASSWORD_LOGIN_DISABLED', 'Password sign-in is turned off; use single sign-on');
      }
      const step = steps ? await steps.next(user) : null;
      if (step && steps) return { challenge: { step, token: await steps.challenge(user.id, step) } };
      return signedIn(user, ctx, { method: 'password' });
    },

    startSession,

    /**
     * Rotates a refresh token. A token that was already used (or revoked) means it leaked, or
     * was replayed: the whole family (that sign-in) is revoked.
     */
    async refresh(token: string | undefined, ctx: SessionContext) {
      if (!token) throw new AppError('UNAUTHENTICATED', 'No session');
      const outcome = await db.transaction().execute(async (trx) => {
        const row = await repo.lockRefreshToken(trx, hashOpaqueToken(token));
        if (!row) return { ok: false as const };
        if (row.used_at || row.revoked_at) {
          await repo.revokeRefreshFamily(trx, row.family_id);
          return { ok: false as const };
        }
        if (row.expires_at.getTime() <= clock.now().getTime()) return { ok: false as const };
        const user = await users.findActiveUserById(trx, row.user_id);
        if (!user) {
          await repo.revokeRefreshFamily(trx, row.family_id);
          return { ok: false as const };
        }
        await repo.markRefreshTokenUsed(trx, row.id);
        const refreshToken = await issueRefreshToken(user.id, row.family_id, ctx, trx);
        return { ok: true as const, user, refreshToken, familyId: row.family_id };
      });
      // Revocations above are committed before we answer 401.
      if (!outcome.ok) throw new AppError('UNAUTHENTICATED', 'Your session has ended; sign in again');
      return {
        accessToken: await tokens.sign(outcome.user.id, outcome.familyId),
        expiresIn: tokens.ttlSeconds,
        refreshToken: outcome.refreshToken,
        user: users.toUserResponse(outcome.user),
      };
    },

    /** Ends the session of the refresh cookie, or of the access token when the cookie is gone. */
    async logout(token: string | undefined, sessionId?: { userId: string; sessionId: string | null } | null) {
      const row = token ? await repo.findRefreshToken(db, hashOpaqueToken(token)) : undefined;
      const familyId = row?.family_id ?? sessionId?.sessionId ?? null;
      const userId = row?.user_id ?? sessionId?.userId ?? null;
      if (!familyId || !userId) return;
      await db.transaction().execute(async (trx) => {
        const revoked = await repo.revokeRefreshFamily(trx, familyId, userId);
        if (revoked > 0)
          await recordAudit(trx, { action: 'auth.sign_out', actorId: userId, targetType: 'user', targetId: userId });
      });
    },

    /** "Sign out everywhere": every session of the user ends, this one included. */
    async logoutEverywhere(userId: string) {
      await db.transaction().execute(async (trx) => {
        await repo.revokeAllRefreshTokens(trx, userId);
        await recordAudit(trx, {
          action: 'auth.sign_out_everywhere',
          actorId: userId,
          targetType: 'user',
          targetId: userId,
        });
      });
    },

    async updateProfile(userId: string, changes: ProfileUpdateRequest) {
      const updated = await users.updateUser(db, userId, {
        name: changes.name,
        phone: changes.phone,
        locale: changes.locale,
        whatsapp_opt_in: changes.whatsappOptIn,
      });
      if (!updated) throw notFound('User');
      return users.toUserResponse(updated);
    },

    /** Changes the password and ends every other session of this user. */
    async changePassword(userId: string, input: PasswordChangeRequest, currentRefreshToken: string | undefined) {
      const user = await users.findUserById(db, userId);
      if (!user) throw notFound('User');
      if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
        throw fieldError('currentPassword', 'The current password is not correct');
      }
      const passwordHash = await hashPassword(input.newPassword);
      const current = currentRefreshToken
        ? await repo.findRefreshToken(db, hashOpaqueToken(currentRefreshToken))
        : undefined;
      await db.transaction().execute(async (trx) => {
        await users.updateUser(trx, userId, { password_hash: passwordHash, must_change_password: false });
        await repo.revokeAllRefreshTokens(trx, userId, current?.user_id === userId ? current.family_id : undefined);
        await recordAudit(trx, {
          action: 'auth.password_changed',
          actorId: userId,
          targetType: 'user',
          targetId: userId,
        });
      });
    },
  };
}
export type AuthService = ReturnType<typeof authService>;
