import { endpoints } from '@bantu/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { currentUser } from '@/http/auth.plugin';
import { AppError } from '@/lib/errors';
import { currentBaseUrl } from '@/lib/request-origin';
import { REFRESH_COOKIE, REFRESH_COOKIE_PATH } from '@/modules/auth/auth.routes';
import type { SsoRefusal } from './sso.mapping';
import { ATTEMPT_TTL_MS } from './sso.service';
import { route } from '@/http/route';

/** Binds an OIDC sign-in to the browser that started it (SameSite=Lax: it must come back on the redirect). */
export const SSO_STATE_COOKIE = 'bantu_sso_state';
const STATE_COOKIE_PATH = '/api/auth/sso';

export const SSO_LIMIT = { max: 30, windowMs: 5 * 60_000 } as const;

/**
 * Single sign-on: the sign-in flows (public: they answer redirects, never JSON, so a refusal
 * lands on the sign-in page with its reason) and the Admin Panel's providers and policy.
 */
export const ssoRoutes: FastifyPluginAsyncZod = async (app) => {
  const auth = app.services.sessions;
  const service = app.services.sso;
  if (app.config.ssoProviders.length > 0) await service.syncEnvProviders(app.config.ssoProviders);

  const tags = ['sso'];
  const secureCookie = app.config.publicUrl?.startsWith('https:') ?? false;
  const access = 'settings:manage' as const;
  const ctx = (request: FastifyRequest) => ({ ip: request.ip, userAgent: request.headers['user-agent'] ?? null });
  const baseUrl = () => {
    const url = currentBaseUrl();
    if (!url) throw new AppError('VALIDATION_FAILED', 'Cannot tell the public address; set PUBLIC_URL');
    return url;
  };
  const refusedPage = (reply: FastifyReply, refusal: SsoRefusal) =>
    reply.redirect(`/login?ssoError=${encodeURIComponent(refusal.reason)}`, 303);
  const signedIn = (reply: FastifyReply, refreshToken: string) => {
    reply.setCookie(REFRESH_COOKIE, refreshToken, {
      httpOnly: true,
      sameSite: 'strict',
      secure: secureCookie,
      path: REFRESH_COOKIE_PATH,
      maxAge: Math.floor(auth.refreshTtlMs / 1000),
    });
    reply.clearCookie(SSO_STATE_COOKIE, { path: STATE_COOKIE_PATH });
    // The web app picks the session up from the refresh cookie and lands in the role's area.
    return reply.redirect('/login', 303);
  };

  /** Sign-in attempts per client address: each one writes a row and calls the provider. */
  const throttle = async (key: string) => {
    const counter = await app.rateLimits.hit(key, SSO_LIMIT.windowMs);
    if (counter.count > SSO_LIMIT.max) {
      const seconds = Math.max(1, Math.ceil(counter.resetInMs / 1000));
      throw new AppError('RATE_LIMITED', 'Too many sign-in attempts; try again later', {
        headers: { 'retry-after': String(seconds) },
      });
    }
  };

  // SAML responses are posted as a form by the user's browser (HTTP-POST binding).
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 512 * 1024 },
    (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    },
  );

  route(app, endpoints.listSsoButtons, {
    config: { access: 'public' },
    schema: { tags, summary: 'Single sign-on buttons for the sign-in page' },
    handler: () => service.buttons(),
  });

  route(app, endpoints.startSso, {
    config: { access: 'public' },
    schema: { tags, summary: 'Start a single sign-on: redirects to the identity provider' },
    handler: async (request, reply) => {
      await throttle(`sso:start:${request.ip}`);
      const result = await service.start(request.params.slug, baseUrl(), ctx(request));
      if (!result.ok) return refusedPage(reply, result.refusal);
      if (result.state) {
        reply.setCookie(SSO_STATE_COOKIE, result.state, {
          httpOnly: true,
          sameSite: 'lax',
          secure: secureCookie,
          path: STATE_COOKIE_PATH,
          maxAge: Math.floor(ATTEMPT_TTL_MS / 1000),
        });
      }
      return reply.redirect(result.url, 303);
    },
  });

  route(app, endpoints.ssoCallback, {
    config: { access: 'public' },
    schema: { tags, summary: 'OpenID Connect redirect URI' },
    handler: async (request, reply) => {
      await throttle(`sso:callback:${request.ip}`);
      const currentUrl = new URL(request.url, baseUrl());
      const result = await service.oidcCallback(
        request.params.slug,
        currentUrl,
        request.cookies[SSO_STATE_COOKIE],
        ctx(request),
      );
      reply.clearCookie(SSO_STATE_COOKIE, { path: STATE_COOKIE_PATH });
      if (!result.ok) return refusedPage(reply, result.refusal);
      return signedIn(reply, result.session.refreshToken);
    },
  });

  route(app, endpoints.samlAcs, {
    config: { access: 'public' },
    schema: { tags, summary: 'SAML Assertion Consumer Service (HTTP-POST binding)' },
    handler: async (request, reply) => {
      await throttle(`sso:callback:${request.ip}`);
      const result = await service.samlCallback(request.params.slug, request.body, baseUrl(), ctx(request));
      if (!result.ok) return refusedPage(reply, result.refusal);
      return signedIn(reply, result.session.refreshToken);
    },
  });

  route(app, endpoints.samlMetadata, {
    config: { access: 'public' },
    schema: { tags, summary: 'SAML service provider metadata (entity id = this URL)' },
    handler: async (request, reply) => {
      const xml = await service.samlMetadata(request.params.slug, baseUrl());
      return reply.type('application/samlmetadata+xml; charset=utf-8').send(xml);
    },
  });

  route(app, endpoints.ssoLogout, {
    config: { access: 'public' },
    schema: { tags, summary: "Sign out; answers the identity provider's sign-out URL when the session came from one" },
    handler: async (request, reply) => {
      const result = await service.logout(request.cookies[REFRESH_COOKIE], baseUrl());
      reply.clearCookie(REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH });
      return result;
    },
  });

  // --- Admin Panel -----------------------------------------------------------------------------

  route(app, endpoints.listSsoProviders, {
    config: { access },
    schema: { tags, summary: 'Identity providers' },
    handler: () => service.list(baseUrl()),
  });

  route(app, endpoints.createSsoProvider, {
    config: { access },
    schema: { tags, summary: 'Add an identity provider' },
    handler: async (request, reply) =>
      reply.code(201).send(await service.create(request.body, currentUser(request).id, baseUrl())),
  });

  route(app, endpoints.getSsoProvider, {
    config: { access },
    schema: { tags, summary: 'One identity provider' },
    handler: (request) => service.get(request.params.id, baseUrl()),
  });

  route(app, endpoints.updateSsoProvider, {
    config: { access },
    schema: { tags, summary: 'Edit an identity provider (the client secret is replaced only when given)' },
    handler: (request) => service.update(request.params.id, request.body, currentUser(request).id, baseUrl()),
  });

  route(app, endpoints.deleteSsoProvider, {
    config: { access },
    schema: { tags, summary: 'Remove an identity provider and its links' },
    handler: async (request, reply) => {
      await service.remove(request.params.id, currentUser(request).id);
      return reply.code(204).send(null);
    },
  });

  route(app, endpoints.getSsoPolicy, {
    config: { access },
    schema: { tags, summary: 'Sign-in policy' },
    handler: () => service.policy(),
  });

  route(app, endpoints.updateSsoPolicy, {
    config: { access },
    schema: { tags, summary: 'Change the sign-in policy (password sign-in off needs a break-glass admin)' },
    handler: (request) => service.updatePolicy(request.body, currentUser(request).id),
  });
};
