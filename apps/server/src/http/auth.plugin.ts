import { can, type Permission } from '@bantu/contracts';
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, forbidden, unauthenticated } from '@/lib/errors';
import { findActiveUserById, findSessionUser, type SecretUserColumn } from '@/modules/users/users.repository';
import type { UserRow } from '@/db/types';
import { sessionUserCache, type SessionUserCache } from './session-users';

/** Who may call a route: anyone, any signed-in user, or holders of one permission. */
export type Access = 'public' | 'authenticated' | Permission;

export type AuthUser = Omit<UserRow, 'password_hash' | SecretUserColumn> & { has_password: boolean };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    user: AuthUser | null;
  }
  interface FastifyInstance {
    /** Every route with the access it declared (the route x role test walks this list). */
    routeAccess: { method: string; url: string; access: Access }[];
    /** The users of live sessions, kept until a commit changes them (ADR 3). */
    sessionUsers: SessionUserCache<AuthUser>;
  }
}

/**
 * The user behind the request's bearer token: as the database has it now (cached until a commit
 * changes the user or ends the session, http/session-users.ts); 401 otherwise.
 */
export async function bearerUser(app: FastifyInstance, request: FastifyRequest): Promise<AuthUser> {
  const header = request.headers.authorization;
  const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
  if (!token) throw unauthenticated();
  const claims = await app.tokens.verifySession(token);
  if (!claims) throw unauthenticated('Your session has expired; sign in again');
  // The sign-in behind the token (its refresh-token family) must still be live: logout and
  // "sign out everywhere" end the access token at once, read in the same query as the user.
  if (!claims.sessionId) throw unauthenticated('Your session has ended; sign in again');
  const { userId, sessionId } = claims;
  const user = await app.sessionUsers.get(userId, sessionId, () => findSessionUser(app.db, userId, sessionId));
  if (!user) throw new AppError('UNAUTHENTICATED', 'Your session has ended or this account is deactivated');
  return user;
}

export async function activeUser(app: FastifyInstance, userId: string): Promise<AuthUser> {
  const user = await findActiveUserById(app.db, userId);
  if (!user) throw new AppError('UNAUTHENTICATED', 'This account is deactivated or no longer exists');
  return user;
}

/** The signed-in user; only call from routes that declared non-public access. */
export function currentUser(request: FastifyRequest): AuthUser {
  if (!request.user) throw unauthenticated();
  return request.user;
}

/**
 * Authentication and authorisation for every route. Each /api route must declare `access` in
 * its config: start-up fails otherwise, so no route is open by accident. The user is the
 * database's current row on every request (kept per process until a commit changes it), so
 * deactivation, a role change or a revoked session applies at once instead of at token expiry.
 */
export const authPlugin = fp(
  (app: FastifyInstance) => {
    app.decorateRequest('user', null);
    app.decorate('routeAccess', []);
    app.decorate('sessionUsers', sessionUserCache<AuthUser>(app.changes));

    const authenticate =
      (access: Access): onRequestHookHandler =>
      async (request) => {
        const user = await bearerUser(app, request);
        request.user = user;
        if (access !== 'authenticated' && access !== 'public' && !can(user.role, access)) throw forbidden();
      };

    app.addHook('onRoute', (route) => {
      const access = route.config?.access;
      const isApi = route.url.startsWith('/api/');
      if (!access) {
        if (isApi) throw new Error(`Route ${[route.method].flat().join(',')} ${route.url} declares no access`);
        return;
      }
      for (const method of [route.method].flat()) {
        if (method !== 'HEAD') app.routeAccess.push({ method, url: route.url, access });
      }
      if (access === 'public') return;
      const existing = route.onRequest ? [route.onRequest].flat() : [];
      route.onRequest = [authenticate(access), ...existing];
    });
  },
  { name: 'auth', dependencies: ['infra'] },
);
