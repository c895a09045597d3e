import { createHash, randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';

export interface AccessClaims {
  sub: string;
}

export function accessTokens(secret: string, ttlSeconds: number) {
  const key = createHash('sha256').update(`access-token:${secret}`).digest();
  return {
    ttlSeconds,
    sign(userId: string): Promise<string> {
      return new SignJWT({ typ: 'access' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(userId)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key);
    },
    /** The user id, or null for any invalid, expired or foreign token. */
    async verify(token: string): Promise<string | null> {
      try {
        const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'] });
        return payload.typ === 'access' && typeof payload.sub === 'string' ? payload.sub : null;
      } catch (error) {
        if (error instanceof joseErrors.JOSEError) return null;
        throw error;
      }
    },
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
        return payload.typ === 'download' && payload.att === attachmentId && typeof payload.sub === 'string'
          ? payload.sub
          : null;
      } catch (error) {
        if (error instanceof joseErrors.JOSEError) return null;
        throw error;
      }
    },
  };
}
export type DownloadTokens = ReturnType<typeof downloadTokens>;
