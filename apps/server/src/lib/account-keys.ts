import { createHash } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { secretBox } from '@/lib/secret-box';

export type LoginStep = 'password_change' | 'totp' | 'enrol';

/**
 * Keys of the account module, derived from the app secret: TOTP secrets at rest, the links in
 * queued account mails, and the short-lived "half signed-in" challenge between the password
 * and the next sign-in step (second factor, enrolment, forced password change).
 */
export function accountKeys(appSecret: string, challengeTtlSeconds = 600) {
  const challengeKey = createHash('sha256').update(`login-challenge:${appSecret}`).digest();
  return {
    totp: secretBox(appSecret, 'totp'),
    mail: secretBox(appSecret, 'account-mail'),
    challenges: {
      ttlSeconds: challengeTtlSeconds,
      sign(userId: string, step: LoginStep): Promise<string> {
        return new SignJWT({ typ: 'login-challenge', step })
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject(userId)
          .setIssuedAt()
          .setExpirationTime(`${challengeTtlSeconds}s`)
          .sign(challengeKey);
      },
      async verify(token: string, step: LoginStep): Promise<string | null> {
        try {
          const { payload } = await jwtVerify(token, challengeKey, { algorithms: ['HS256'] });
          if (payload.typ !== 'login-challenge' || payload.step !== step || typeof payload.sub !== 'string')
            return null;
          return /^[0-9a-f-]{36}$/i.test(payload.sub) ? payload.sub : null;
        } catch (error) {
          if (error instanceof joseErrors.JOSEError) return null;
          throw error;
        }
      },
    },
  };
}
export type AccountKeys = ReturnType<typeof accountKeys>;
