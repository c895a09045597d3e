import { createHash, randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';

export interface AccessClaims {
  sub: string;
}

/**
 * A token's subject is a user id, looked up in a uuid column: a validly signed token whose
 * subject is anything else (another service's token under the same secret, an old format)
 * is an invalid token (401), not a database error.
 */
const USER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isUserId = (sub: unknown): sub is string => typeof sub === 'string' && USER_ID.test(sub);

/** Tokens whose signature was checked, with their expiry; a bounded map, oldest dropped first. */
const VERIFIED_CACHE_SIZE = 10_000;

export function accessTokens(secret: string, ttlSeconds: number) {
  const key = createHash('sha256').update(`access-token:${secret}`).digest();
  // Checking an HS256 signature through WebCrypto was ~8 % of the server's CPU per request
  // under load (docs/performance.md). A token is immutable and carries nothing but its user id
  // and expiry, so a token already verified stays valid until it expires; the user behind it
  // is still re-read on every request (auth.plugin.ts), so deactivation applies at once.
  const verified = new Map<string, { userId: string; sessionId: string | null; expiresAt: number }>();
  const remember = (token: string, userId: string, sessionId: string | null, expiresAt: number) => {
    if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value!);
    verified.set(token, { userId, sessionId, expiresAt });
  };
  async function check(token: string): Promise<{ userId: string; sessionId: string | null } | null> {
    const known = verified.get(token);
    if (known) {
      if (known.expiresAt > Date.now()) return known;
      verified.delete(token);
    }
    try {
      const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'] });
      if (payload.typ !== 'access' || !isUserId(payload.sub)) return null;
      const sessionId = isUserId(payload.sid) ? payload.sid : null;
      if (typeof payload.exp === 'number') remember(token, payload.sub, sessionId, payload.exp * 1000);
      return { userId: payload.sub, sessionId };
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) return null;
      throw error;
    }
  }
  return {
    ttlSeconds,
    /**
     * `sessionId` is the refresh-token family of the sign-in: the request hook checks it is
     * still live, so logout and "sign out everywhere" end the access token at once.
     */
    sign(userId: string, sessionId?: string): Promise<string> {
      return new SignJWT(sessionId ? { typ: 'access', sid: sessionId } : { typ: 'access' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(userId)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key);
    },
    /** The user id, or null for any invalid, expired or foreign token. */
    async verify(token: string): Promise<string | null> {
      return (await check(token))?.userId ?? null;
    },
    /** The user id and session id (null for a token signed without one). */
    verifySession: check,
  };
}
export type AccessTokens = ReturnType<typeof accessTokens>;

/** A random opaque token (256 bits) and the hash we store in its place. */
export function newOpaqueToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashOpaqueToken(token) };
}

export function hashOpaqueToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Signed links for attachment downloads: an <img> or a download link cannot send the bearer
 * header, so the API hands out URLs carrying a short-lived token bound to one user and one file.
 * The server still re-checks the user and the permission on use.
 */
export function downloadTokens(secret: string, ttlSeconds = 600) {
  const key = createHash('sha256').update(`download-token:${secret}`).digest();
  return {
    sign(userId: string, attachmentId: string): Promise<string> {
      return new SignJWT({ typ: 'download', att: attachmentId })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(userId)
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key);
    },
    async verify(token: string, attachmentId: string): Promise<string | null> {
      try {
        const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'] });
        return payload.typ === 'download' && payload.att === attachmentId && isUserId(payload.sub) ? payload.sub : null;
      } catch (error) {
        if (error instanceof joseErrors.JOSEError) return null;
        throw error;
      }
    },
  };
}
export type DownloadTokens = ReturnType<typeof downloadTokens>;
