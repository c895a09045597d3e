import {
  LoginChallengeResponse,
  LoginRequest,
  LoginResponse,
  PasswordChangeRequest,
  ProfileUpdateRequest,
  UserResponse,
} from '@bantu/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '@/http/auth.plugin';
import { toUserResponse } from '@/modules/users/users.repository';

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

  app.post('/api/auth/login', {
    config: { access: 'public' },
    schema: {
      tags,
      summary: 'Sign in with e-mail and password',
      description:
        'Answers an access token and sets a rotating refresh token in an httpOnly cookie; or, when a step ' +
        'is due (second factor, required enrolment, forced password change), a challenge for /api/auth/login/*.',
      body: LoginRequest,
      response: { 200: z.union([LoginResponse, LoginChallengeResponse]) },
    },
    handler: async (request, reply) => {
      const outcome = await service.login(request.body, context(request));
      if ('challenge' in outcome) return outcome;
      const { refreshToken, ...session } = outcome;
      setRefreshCookie(reply, refreshToken);
      return session;
    },
  });

  app.post('/api/auth/refresh', {
    config: { access: 'public' },
    schema: { tags, summary: 'Exchange the refresh cookie for a new access token', response: { 200: LoginResponse } },
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

  app.post('/api/auth/logout', {
    config: { access: 'public' },
    schema: { tags, summary: 'Sign out: revokes this session', response: { 204: z.null() } },
    handler: async (request, reply) => {
      const header = request.headers.authorization;
      const bearer = header?.startsWith('Bearer ') ? await app.tokens.verifySession(header.slice(7).trim()) : null;
      await service.logout(request.cookies[REFRESH_COOKIE], bearer);
      reply.clearCookie(REFRESH_COOKIE, { path: COOKIE_PATH });
      return reply.code(204).send(null);
    },
  });

  app.post('/api/auth/logout-everywhere', {
    config: { access: 'authenticated' },
    schema: {
      tags,
      summary: 'Sign out everywhere: every session of mine ends, access tokens included',
      response: { 204: z.null() },
    },
    handler: async (request, reply) => {
      await service.logoutEverywhere(currentUser(request).id);
      reply.clearCookie(REFRESH_COOKIE, { path: COOKIE_PATH });
      return reply.code(204).send(null);
    },
  });

  app.get('/api/auth/me', {
    config: { access: 'authenticated' },
    schema: { tags, summary: 'The signed-in user', response: { 200: UserResponse } },
    handler: (request) => toUserResponse(currentUser(request)),
  });

  app.patch('/api/auth/me', {
    config: { access: 'authenticated' },
    schema: {
      tags,
      summary: 'Edit my profile (name, phone, language)',
      body: ProfileUpdateRequest,
      response: { 200: UserResponse },
    },
    handler: (request) => service.updateProfile(currentUser(request).id, request.body),
  });

  app.post('/api/auth/password', {
    config: { access: 'authenticated' },
    schema: {
      tags,
      summary: 'Change my password (ends my other sessions)',
      body: PasswordChangeRequest,
      response: { 204: z.null() },
    },
    handler: async (request, reply) => {
      await service.changePassword(currentUser(request).id, request.body, request.cookies[REFRESH_COOKIE]);
      return reply.code(204).send(null);
    },
  });
};
