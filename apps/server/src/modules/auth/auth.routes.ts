import { endpoints } from '@bantu/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { currentUser } from '@/http/auth.plugin';
import { toUserResponse } from '@/modules/users/users.repository';
import { route } from '@/http/route';

export const REFRESH_COOKIE = 'bantu_refresh';
export const REFRESH_COOKIE_PATH = '/api/auth';
export const COOKIE_PATH = REFRESH_COOKIE_PATH;

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = app.services.auth;
  const tags = ['auth'];
  const secureCookie = app.config.publicUrl?.startsWith('https:') ?? false;

  const context = (request: FastifyRequest) => ({ ip: request.ip, userAgent: request.headers['user-agent'] ?? null });
  const setRefreshCookie = (reply: FastifyReply, token: string) =>
    reply.setCookie(REFRESH_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: secureCookie,
      path: COOKIE_PATH,
      maxAge: Math.floor(service.refreshTtlMs / 1000),
    });

  route(app, endpoints.login, {
    config: { access: 'public' },
    schema: {
      tags,
      summary: 'Sign in with e-mail and password',
      description:
        'Answers an access token and sets a rotating refresh token in an httpOnly cookie; or, when a step ' +
        'is due (second factor, required enrolment, forced password change), a challenge for /api/auth/login/*.',
    },
    handler: async (request, reply) => {
      const outcome = await service.login(request.body, context(request));
      if ('challenge' in outcome) return outcome;
      const { refreshToken, ...session } = outcome;
      setRefreshCookie(reply, refreshToken);
      return session;
    },
  });

  route(app, endpoints.refreshSession, {
    config: { access: 'public' },
    schema: { tags, summary: 'Exchange the refresh cookie for a new access token' },
    handler: async (request, reply) => {
      try {
        const { refreshToken, ...session } = await service.refresh(request.cookies[REFRESH_COOKIE], context(request));
        setRefreshCookie(reply, refreshToken);
        return session;
      } catch (error) {
        reply.clearCookie(REFRESH_COOKIE, { path: COOKIE_PATH });
        throw error;
      }
    },
  });

  route(app, endpoints.logout, {
    config: { access: 'public' },
    schema: { tags, summary: 'Sign out: revokes this session' },
    handler: async (request, reply) => {
      const header = request.headers.authorization;
      const bearer = header?.startsWith('Bearer ') ? await app.tokens.verifySession(header.slice(7).trim()) : null;
      await service.logout(request.cookies[REFRESH_COOKIE], bearer);
      reply.clearCookie(REFRESH_COOKIE, { path: COOKIE_PATH });
      return reply.code(204).send(null);
    },
  });

  route(app, endpoints.logoutEverywhere, {
    config: { access: 'authenticated' },
    schema: { tags, summary: 'Sign out everywhere: every session of mine ends, access tokens included' },
    handler: async (request, reply) => {
      await service.logoutEverywhere(currentUser(request).id);
      reply.clearCookie(REFRESH_COOKIE, { path: COOKIE_PATH });
      return reply.code(204).send(null);
    },
  });

  route(app, endpoints.getMe, {
    config: { access: 'authenticated' },
    schema: { tags, summary: 'The signed-in user' },
    handler: (request) => toUserResponse(currentUser(request)),
  });

  route(app, endpoints.updateMe, {
    config: { access: 'authenticated' },
    schema: { tags, summary: 'Edit my profile (name, phone, language)' },
    handler: (request) => service.updateProfile(currentUser(request).id, request.body),
  });

  route(app, endpoints.changePassword, {
    config: { access: 'authenticated' },
    schema: { tags, summary: 'Change my password (ends my other sessions)' },
    handler: async (request, reply) => {
      await service.changePassword(currentUser(request).id, request.body, request.cookies[REFRESH_COOKIE]);
      return reply.code(204).send(null);
    },
  });
};
