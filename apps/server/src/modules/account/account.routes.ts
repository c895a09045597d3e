import { endpoints } from '@bantu/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { currentUser } from '@/http/auth.plugin';
import { COOKIE_PATH, REFRESH_COOKIE } from '@/modules/auth/auth.routes';
import { route } from '@/http/route';

/**
 * Account self-service: the sign-in steps after the password (second factor, required
 * enrolment, forced password change), the second factor's set-up, forgotten passwords and
 * invitations.
 */
export const accountRoutes: FastifyPluginAsyncZod = async (app) => {
  const auth = app.services.sessions;
  const service = app.services.account;
  const tags = ['account'];
  const secureCookie = app.config.publicUrl?.startsWith('https:') ?? false;
  const context = (request: FastifyRequest) => ({ ip: request.ip, userAgent: request.headers['user-agent'] ?? null });
  /** A finished sign-in: the refresh cookie is set, the rest is answered. */
  const signedIn = (reply: FastifyReply, session: Awaited<ReturnType<typeof auth.signIn>>) => {
    const { refreshToken, ...rest } = session;
    reply.setCookie(REFRESH_COOKIE, refreshToken, {
      httpOnly: true,
      sameSite: 'strict',
      secure: secureCookie,
      path: COOKIE_PATH,
      maxAge: Math.floor(auth.refreshTtlMs / 1000),
    });
    return rest;
  };

  route(app, endpoints.loginTotp, {
    config: { access: 'public' },
    schema: { tags, summary: 'Second sign-in step: a TOTP code or a recovery code (each recovery code works once)' },
    handler: async (request, reply) =>
      signedIn(reply, await service.loginWithSecondFactor(request.body, context(request))),
  });

  route(app, endpoints.loginEnrol, {
    config: { access: 'public' },
    schema: { tags, summary: 'Required enrolment at sign-in: a new TOTP secret and its QR code' },
    handler: (request) => service.loginEnrolStart(request.body.token),
  });

  route(app, endpoints.loginEnrolConfirm, {
    config: { access: 'public' },
    schema: {
      tags,
      summary: 'Required enrolment at sign-in: confirm with a first code; signs in and answers the recovery codes',
    },
    handler: async (request, reply) => {
      const { session, recoveryCodes } = await service.loginEnrolConfirm(
        request.body.token,
        request.body.code,
        context(request),
      );
      return { ...signedIn(reply, session), recoveryCodes };
    },
  });

  route(app, endpoints.loginPasswordChange, {
    config: { access: 'public' },
    schema: {
      tags,
      summary: 'Forced password change at sign-in (after an admin reset); then the next step or the session',
    },
    handler: async (request, reply) => {
      const outcome = await service.loginPasswordChange(request.body.token, request.body.newPassword, context(request));
      return 'challenge' in outcome ? outcome : signedIn(reply, outcome);
    },
  });

  route(app, endpoints.forgotPassword, {
    config: { access: 'public' },
    schema: {
      tags,
      summary: 'Mail a password-reset link (30 minutes, once); the same answer whether the address exists',
    },
    handler: async (request, reply) => {
      await service.forgotPassword(request.body.email, request.ip);
      return reply
        .code(202)
        .send({ message: 'If an account uses this address, a link to reset its password is on its way.' });
    },
  });

  route(app, endpoints.accountTokenInfo, {
    config: { access: 'public' },
    schema: { tags, summary: 'Who a reset or invitation link is for (410 once used or expired)' },
    handler: (request) => service.tokenInfo(request.body.token),
  });

  route(app, endpoints.resetPassword, {
    config: { access: 'public' },
    schema: { tags, summary: 'Set a new password from a reset link (ends every session)' },
    handler: async (request, reply) => {
      await service.resetPassword(request.body.token, request.body.password);
      return reply.code(204).send(null);
    },
  });

  route(app, endpoints.acceptInvitation, {
    config: { access: 'public' },
    schema: { tags, summary: 'Choose the first password from an invitation link' },
    handler: async (request, reply) => {
      await service.acceptInvitation(request.body.token, request.body.password);
      return reply.code(204).send(null);
    },
  });

  route(app, endpoints.getTwoFactor, {
    config: { access: 'authenticated' },
    schema: { tags, summary: 'My second factor: on or off, required, recovery codes left' },
    handler: (request) => service.status(currentUser(request).id),
  });

  route(app, endpoints.setupTotp, {
    config: { access: 'authenticated' },
    schema: { tags, summary: 'Start setting up TOTP: a new secret and its QR code' },
    handler: (request) => service.setup(currentUser(request).id),
  });

  route(app, endpoints.enableTotp, {
    config: { access: 'authenticated' },
    schema: { tags, summary: 'Turn TOTP on with a first code; answers 10 recovery codes (shown once)' },
    handler: async (request) => ({ recoveryCodes: await service.enable(currentUser(request).id, request.body.code) }),
  });

  route(app, endpoints.disableTotp, {
    config: { access: 'authenticated' },
    schema: { tags, summary: 'Turn TOTP off (password and a current code; refused when the role requires it)' },
    handler: async (request, reply) => {
      await service.disable(currentUser(request).id, request.body.password, request.body.code);
      return reply.code(204).send(null);
    },
  });

  route(app, endpoints.regenerateRecoveryCodes, {
    config: { access: 'authenticated' },
    schema: { tags, summary: 'New recovery codes (the old ones stop working)' },
    handler: async (request) => ({
      recoveryCodes: await service.regenerateRecoveryCodes(currentUser(request).id, request.body.code),
    }),
  });

  route(app, endpoints.inviteUser, {
    config: { access: 'user:manage' },
    schema: {
      tags: ['users'],
      summary: 'Invite a user: the account is created without a password and the link is mailed',
    },
    handler: async (request, reply) =>
      reply.code(201).send(await service.invite(currentUser(request).id, request.body)),
  });
};
