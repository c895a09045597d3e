import type { Transaction } from 'kysely';
import { createHash } from 'node:crypto';
import type {
  SsoButtonList,
  SsoPolicyResponse,
  SsoPolicyUpdateRequest,
  SsoProviderCreateRequest,
  SsoProviderResponse,
  SsoProviderUpdateRequest,
} from '@bantu/contracts';
import { SsoProviderCreateRequest as CreateSchema } from '@bantu/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { DB } from '@/db/database';
import type { UserRow, Database } from '@/db/types';
import type { Clock } from '@/infra/infra.plugin';
import { AppError, duplicate, fieldError, notFound } from '@/lib/errors';
import { uniqueViolation } from '@/lib/errors';
import type { SecretBox } from '@/lib/secret-box';
import { hashOpaqueToken } from '@/lib/tokens';
import type { AuthService, SessionContext } from '@/modules/auth/auth.service';
import { ssoAudit } from './sso.audit';
import { SsoRefusal, emailDomain, mapDivision, mapRole, type SsoProfile } from './sso.mapping';
import { oidcCallback, oidcConfiguration, oidcEndSessionUrl, oidcStart } from './sso.oidc';
import * as repo from './sso.repository';
import type { ProviderValues, SsoProviderRow } from './sso.repository';
import { samlCallback, samlMetadata, samlStart, type SamlUrls } from './sso.saml';

/** A sign-in attempt (state, nonce, PKCE verifier or SAML request id) lives this long. */
export const ATTEMPT_TTL_MS = 10 * 60_000;

export interface SsoDeps {
  db: DB;
  log: FastifyBaseLogger;
  clock: Clock;
  secrets: SecretBox;
  auth: AuthService;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');

export const ssoPaths = (slug: string) => ({
  start: `/api/auth/sso/${slug}/start`,
  callback: `/api/auth/sso/${slug}/callback`,
  acs: `/api/auth/sso/${slug}/acs`,
  metadata: `/api/auth/sso/${slug}/metadata`,
});

export function samlUrls(baseUrl: string, slug: string): SamlUrls {
  const paths = ssoPaths(slug);
  return { entityId: `${baseUrl}${paths.metadata}`, acsUrl: `${baseUrl}${paths.acs}` };
}

function toResponse(row: SsoProviderRow, baseUrl: string): SsoProviderResponse {
  const paths = ssoPaths(row.slug);
  return {
    id: row.id,
    slug: row.slug,
    kind: row.kind,
    label: row.label,
    isActive: row.is_active,
    issuer: row.issuer,
    clientId: row.client_id,
    hasClientSecret: row.client_secret_enc !== null,
    scopes: row.scopes,
    entryPoint: row.entry_point,
    idpEntityId: row.idp_entity_id,
    idpCert: row.idp_cert,
    allowedDomains: row.allowed_domains,
    jitEnabled: row.jit_enabled,
    groupsClaim: row.groups_claim,
    divisionClaim: row.division_claim,
    defaultRole: row.default_role,
    roleMappings: row.role_mappings,
    divisionMappings: row.division_mappings,
    fromEnv: row.from_env,
    callbackUrl: `${baseUrl}${row.kind === 'oidc' ? paths.callback : paths.acs}`,
    metadataUrl: row.kind === 'saml' ? `${baseUrl}${paths.metadata}` : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The PEM body only (header, footer and whitespace stripped), as node-saml and metadata want it. */
const certBody = (pem: string | null | undefined) =>
  pem ? pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '') : pem;

export function providerValues(input: ReturnType<typeof CreateSchema.parse>, secrets: SecretBox, fromEnv = false) {
  return {
    slug: input.slug,
    kind: input.kind,
    label: input.label,
    is_active: input.isActive,
    issuer: input.kind === 'oidc' ? (input.issuer ?? null) : null,
    client_id: input.kind === 'oidc' ? (input.clientId ?? null) : null,
    client_secret_enc: input.kind === 'oidc' && input.clientSecret ? secrets.seal(input.clientSecret) : null,
    scopes: input.scopes,
    entry_point: input.kind === 'saml' ? (input.entryPoint ?? null) : null,
    idp_entity_id: input.kind === 'saml' ? (input.idpEntityId ?? null) : null,
    idp_cert: input.kind === 'saml' ? (certBody(input.idpCert) ?? null) : null,
    allowed_domains: input.allowedDomains,
    jit_enabled: input.jitEnabled,
    groups_claim: input.groupsClaim,
    division_claim: input.divisionClaim ?? null,
    default_role: input.defaultRole,
    role_mappings: input.roleMappings,
    division_mappings: input.divisionMappings,
    from_env: fromEnv,
  } satisfies ProviderValues;
}

export function ssoService({ db, log, clock, secrets, auth }: SsoDeps) {
  const audit = (trx: DB, event: Parameters<typeof ssoAudit>[2]) => ssoAudit(trx, log, event);

  async function providerBySlug(slug: string) {
    const provider = await repo.findProviderBySlug(db, slug);
    if (!provider || !provider.is_active) throw new SsoRefusal('provider_unknown', `no active provider ${slug}`);
    return provider;
  }

  function clientSecret(provider: SsoProviderRow) {
    return provider.client_secret_enc ? secrets.open(provider.client_secret_enc) : null;
  }

  /**
   * Finds or creates the local user for a proven identity and applies the claim mappings.
   * Links an existing local account only through a verified e-mail; creates one only for an
   * allowed domain. Runs inside the caller's transaction.
   */
  async function provision(
    trx: Transaction<Database>,
    provider: SsoProviderRow,
    profile: SsoProfile,
  ): Promise<UserRow> {
    const now = clock.now();
    const identity = await repo.findIdentity(trx, provider.id, profile.subject);
    let user: UserRow | undefined;
    if (identity) {
      user = await repo.lockUser(trx, identity.user_id);
      await repo.touchIdentity(trx, identity.id, profile.email, now);
    } else {
      if (!profile.email) throw new SsoRefusal('email_missing', 'the provider sent no e-mail address');
      const existing = await repo.findUserByEmail(trx, profile.email);
      if (existing) {
        if (!profile.emailVerified) {
          throw new SsoRefusal('email_unverified', 'an account with this e-mail exists; the e-mail is not verified');
        }
        user = existing;
        await repo.insertIdentity(trx, {
          providerId: provider.id,
          subject: profile.subject,
          userId: existing.id,
          email: profile.email,
          at: now,
        });
        await audit(trx, { type: 'sso.link', providerId: provider.id, userId: existing.id, subject: profile.subject });
      } else {
        if (!provider.jit_enabled || !provider.allowed_domains.includes(emailDomain(profile.email))) {
          throw new SsoRefusal('domain_not_allowed', `no account and ${emailDomain(profile.email)} is not allowed`);
        }
        const role = mapRole(profile.groups, rulesOf(provider));
        user = await trx
          .insertInto('users')
          .values({
            name: (profile.name ?? profile.email.split('@')[0]!).slice(0, 120),
            email: profile.email,
            password_hash: null,
            role,
            division: mapDivision(profile.groups, profile.division, rulesOf(provider)),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await repo.insertIdentity(trx, {
          providerId: provider.id,
          subject: profile.subject,
          userId: user.id,
          email: profile.email,
          at: now,
        });
        await audit(trx, {
          type: 'sso.provision',
          providerId: provider.id,
          userId: user.id,
          email: profile.email,
          role,
        });
        return user;
      }
    }
    if (!user || !user.status) throw new SsoRefusal('account_disabled', 'the account is deactivated');
    return applyMappings(trx, provider, user, profile);
  }

  /**
   * Role and division from the claims, at every sign-in (roles only when the provider has role
   * mappings); the last active admin is never demoted.
   */
  async function applyMappings(
    trx: Transaction<Database>,
    provider: SsoProviderRow,
    user: UserRow,
    profile: SsoProfile,
  ) {
    const rules = rulesOf(provider);
    // Without role mappings the provider does not manage roles: the admin's choice stays.
    let role = rules.roleMappings.length > 0 ? mapRole(profile.groups, rules) : user.role;
    const division = mapDivision(profile.groups, profile.division, rules) ?? user.division;
    if (user.role === 'admin' && role !== 'admin' && (await repo.countActiveAdmins(trx)) <= 1) {
      log.warn({ userId: user.id }, 'sso: mapping would demote the last active admin; kept admin');
      role = 'admin';
    }
    if (role === user.role && division === user.division) return user;
    const updated = await repo.updateUser(trx, user.id, { role, division });
    await audit(trx, {
      type: 'sso.role_change',
      providerId: provider.id,
      userId: user.id,
      before: { role: user.role, division: user.division },
      after: { role, division },
    });
    return updated;
  }

  /** One transaction: provisioning, mapping, the session and the audit events commit together. */
  async function signIn(
    provider: SsoProviderRow,
    profile: SsoProfile,
    ctx: SessionContext,
    idToken: string | null,
    extra?: (trx: Transaction<Database>) => Promise<void>,
  ) {
    return db.transaction().execute(async (trx) => {
      await extra?.(trx);
      const user = await provision(trx, provider, profile);
      const session = await auth.startSession(trx, user, ctx, { method: `sso:${provider.slug}` });
      await repo.insertSession(trx, session.familyId, provider.id, idToken);
      await audit(trx, { type: 'sso.sign_in', providerId: provider.id, userId: user.id, ip: ctx.ip });
      return session;
    });
  }

  async function refused(providerId: string | null, error: unknown, ctx: SessionContext): Promise<SsoRefusal> {
    const refusal =
      error instanceof SsoRefusal
        ? error
        : new SsoRefusal('token_invalid', error instanceof Error ? error.message : '');
    if (!(error instanceof SsoRefusal)) log.error({ err: error }, 'sso: unexpected error');
    await audit(db, {
      type: 'sso.refused',
      providerId,
      reason: refusal.reason,
      detail: refusal.detail,
      ip: ctx.ip,
    });
    return refusal;
  }

  async function policyResponse(): Promise<SsoPolicyResponse> {
    const policy = await repo.getPolicy(db);
    const users = await repo.findUsersByIds(db, policy.break_glass_user_ids);
    return {
      passwordLoginEnabled: policy.password_login_enabled,
      breakGlassUserIds: policy.break_glass_user_ids,
      breakGlassUsers: users.map((u) => ({ id: u.id, name: u.name, email: u.email })),
    };
  }

  return {
    // --- sign-in -------------------------------------------------------------------------------

    async buttons(): Promise<SsoButtonList> {
      const [providers, policy] = await Promise.all([repo.listActiveProviders(db), repo.getPolicy(db)]);
      return {
        items: providers.map((p) => ({ slug: p.slug, kind: p.kind, label: p.label, startUrl: ssoPaths(p.slug).start })),
        passwordLoginEnabled: policy.password_login_enabled,
      };
    },

    /** Where to send the browser; `state` (OIDC) goes into the browser-binding cookie. */
    async start(slug: string, baseUrl: string, ctx: SessionContext) {
      let providerId: string | null = null;
      try {
        const provider = await providerBySlug(slug);
        providerId = provider.id;
        const now = clock.now();
        const expiresAt = new Date(now.getTime() + ATTEMPT_TTL_MS);
        // Housekeeping on the way (indexed, usually nothing): attempts an hour past expiry,
        // assertion ids past their NotOnOrAfter (a replay of those fails the time check anyway).
        const hourAgo = new Date(now.getTime() - 3_600_000);
        await repo.deleteExpiredAttempts(db, hourAgo);
        await repo.deleteExpiredAssertions(db, hourAgo);
        if (provider.kind === 'saml') {
          const { url, requestId } = await samlStart(provider, samlUrls(baseUrl, slug));
          await repo.insertAttempt(db, {
            providerId: provider.id,
            stateHash: sha256(requestId),
            nonce: null,
            codeVerifier: null,
            expiresAt,
          });
          return { ok: true as const, url, state: null };
        }
        const config = await oidcConfiguration(provider, clientSecret(provider));
        const start = await oidcStart(config, provider, `${baseUrl}${ssoPaths(slug).callback}`);
        await repo.insertAttempt(db, {
          providerId: provider.id,
          stateHash: sha256(start.state),
          nonce: start.nonce,
          codeVerifier: start.codeVerifier,
          expiresAt,
        });
        return { ok: true as const, url: start.url, state: start.state };
      } catch (error) {
        return { ok: false as const, refusal: await refused(providerId, error, ctx) };
      }
    },

    async oidcCallback(slug: string, currentUrl: URL, cookieState: string | undefined, ctx: SessionContext) {
      let providerId: string | null = null;
      try {
        const provider = await providerBySlug(slug);
        providerId = provider.id;
        if (provider.kind !== 'oidc') throw new SsoRefusal('provider_unknown', 'not an OIDC provider');
        const state = currentUrl.searchParams.get('state');
        // The state must come back in the same browser that started (the cookie), and only once.
        if (!state || !cookieState || state !== cookieState) {
          throw new SsoRefusal('state_invalid', 'state missing or not this browser');
        }
        const attempt = await repo.consumeAttempt(db, provider.id, sha256(state), clock.now());
        if (!attempt?.nonce || !attempt.code_verifier) {
          throw new SsoRefusal('state_invalid', 'unknown, used or expired state');
        }
        const config = await oidcConfiguration(provider, clientSecret(provider));
        const { profile, idToken } = await oidcCallback(config, provider, currentUrl, {
          state,
          nonce: attempt.nonce,
          codeVerifier: attempt.code_verifier,
        });
        return { ok: true as const, session: await signIn(provider, profile, ctx, idToken) };
      } catch (error) {
        return { ok: false as const, refusal: await refused(providerId, error, ctx) };
      }
    },

    async samlCallback(slug: string, body: Record<string, string>, baseUrl: string, ctx: SessionContext) {
      let providerId: string | null = null;
      try {
        const provider = await providerBySlug(slug);
        providerId = provider.id;
        if (provider.kind !== 'saml') throw new SsoRefusal('provider_unknown', 'not a SAML provider');
        const now = clock.now();
        const result = await samlCallback(provider, samlUrls(baseUrl, slug), body, now);
        const session = await signIn(provider, result.profile, ctx, null, async (trx) => {
          // Replay first: an assertion id is accepted once, whatever happens after.
          if (!(await repo.rememberAssertion(trx, provider.id, result.assertionId, result.notOnOrAfter))) {
            throw new SsoRefusal('assertion_replayed', `assertion ${result.assertionId} was already used`);
          }
          // Only answers to a request we sent (no unsolicited responses), each once.
          const attempt = result.inResponseTo
            ? await repo.consumeAttempt(trx, provider.id, sha256(result.inResponseTo), now)
            : undefined;
          if (!attempt) throw new SsoRefusal('assertion_invalid', 'InResponseTo does not match a pending request');
        });
        return { ok: true as const, session };
      } catch (error) {
        return { ok: false as const, refusal: await refused(providerId, error, ctx) };
      }
    },

    async samlMetadata(slug: string, baseUrl: string) {
      const provider = await repo.findProviderBySlug(db, slug);
      if (!provider || provider.kind !== 'saml') throw notFound('SAML provider');
      return samlMetadata(provider, samlUrls(baseUrl, slug));
    },

    /** Ends the local session; answers the provider's end-session URL when it has one. */
    async logout(refreshToken: string | undefined, baseUrl: string): Promise<{ redirectUrl: string | null }> {
      if (!refreshToken) return { redirectUrl: null };
      const session = await repo.findSessionByRefreshHash(db, hashOpaqueToken(refreshToken));
      await auth.logout(refreshToken);
      if (!session) return { redirectUrl: null };
      const provider = await repo.findProvider(db, session.provider_id);
      if (!provider || provider.kind !== 'oidc') return { redirectUrl: null };
      try {
        const config = await oidcConfiguration(provider, clientSecret(provider));
        return { redirectUrl: await oidcEndSessionUrl(config, session.id_token, `${baseUrl}/login`) };
      } catch {
        // Provider down: the local session is over anyway.
        return { redirectUrl: null };
      }
    },

    // --- admin ---------------------------------------------------------------------------------

    async list(baseUrl: string) {
      return { items: (await repo.listProviders(db)).map((row) => toResponse(row, baseUrl)) };
    },

    async get(id: string, baseUrl: string) {
      const row = await repo.findProvider(db, id);
      if (!row) throw notFound('Identity provider');
      return toResponse(row, baseUrl);
    },

    async create(input: SsoProviderCreateRequest, actorId: string, baseUrl: string) {
      const values = providerValues(CreateSchema.parse(input), secrets);
      try {
        return await db.transaction().execute(async (trx) => {
          const row = await repo.insertProvider(trx, values);
          await audit(trx, { type: 'sso.provider_change', providerId: row.id, actorId, action: 'create' });
          return toResponse(row, baseUrl);
        });
      } catch (error) {
        if (uniqueViolation(error) !== null) throw duplicate('slug', 'A provider with this slug exists');
        throw error;
      }
    },

    async update(id: string, input: SsoProviderUpdateRequest, actorId: string, baseUrl: string) {
      const current = await repo.findProvider(db, id);
      if (!current) throw notFound('Identity provider');
      if (current.from_env) throw new AppError('CONFLICT', 'This provider is configured by environment');
      const merged = {
        slug: input.slug ?? current.slug,
        kind: current.kind,
        issuer: input.issuer === undefined ? current.issuer : input.issuer,
        clientId: input.clientId === undefined ? current.client_id : input.clientId,
        entryPoint: input.entryPoint === undefined ? current.entry_point : input.entryPoint,
        idpCert: input.idpCert === undefined ? current.idp_cert : input.idpCert,
      };
      if (merged.kind === 'oidc' ? !merged.issuer || !merged.clientId : !merged.entryPoint || !merged.idpCert) {
        throw fieldError('kind', 'OIDC needs issuer and clientId; SAML needs entryPoint and idpCert');
      }
      const changes: Partial<ProviderValues> = {
        slug: input.slug,
        label: input.label,
        is_active: input.isActive,
        issuer: input.issuer,
        client_id: input.clientId,
        client_secret_enc: input.clientSecret ? secrets.seal(input.clientSecret) : undefined,
        scopes: input.scopes,
        entry_point: input.entryPoint,
        idp_entity_id: input.idpEntityId,
        idp_cert: input.idpCert === undefined ? undefined : certBody(input.idpCert),
        allowed_domains: input.allowedDomains,
        jit_enabled: input.jitEnabled,
        groups_claim: input.groupsClaim,
        division_claim: input.divisionClaim,
        default_role: input.defaultRole,
        role_mappings: input.roleMappings,
        division_mappings: input.divisionMappings,
      };
      try {
        return await db.transaction().execute(async (trx) => {
          const row = await repo.updateProvider(trx, id, changes);
          if (!row) throw notFound('Identity provider');
          await audit(trx, { type: 'sso.provider_change', providerId: id, actorId, action: 'update' });
          return toResponse(row, baseUrl);
        });
      } catch (error) {
        if (uniqueViolation(error) !== null) throw duplicate('slug', 'A provider with this slug exists');
        throw error;
      }
    },

    async remove(id: string, actorId: string) {
      const current = await repo.findProvider(db, id);
      if (!current) throw notFound('Identity provider');
      if (current.from_env) throw new AppError('CONFLICT', 'This provider is configured by environment');
      await db.transaction().execute(async (trx) => {
        await repo.deleteProvider(trx, id);
        await audit(trx, { type: 'sso.provider_change', providerId: id, actorId, action: 'delete' });
      });
    },

    policy: policyResponse,

    /**
     * Password sign-in can be turned off only while at least one named break-glass account is
     * an active admin with a password, so nobody is locked out when the provider is down.
     */
    async updatePolicy(input: SsoPolicyUpdateRequest, actorId: string): Promise<SsoPolicyResponse> {
      await db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('sso_policy').selectAll().forUpdate().executeTakeFirstOrThrow();
        const ids = [...new Set(input.breakGlassUserIds ?? before.break_glass_user_ids)];
        const enabled = input.passwordLoginEnabled ?? before.password_login_enabled;
        const users = await trx
          .selectFrom('users')
          .select(['id', 'role', 'status', 'password_hash'])
          .where('id', 'in', ids.length ? ids : ['00000000-0000-0000-0000-000000000000'])
          .execute();
        if (input.breakGlassUserIds && users.length !== ids.length) {
          throw fieldError('breakGlassUserIds', 'Unknown user');
        }
        if (input.breakGlassUserIds && users.some((u) => u.role !== 'admin')) {
          throw fieldError('breakGlassUserIds', 'Break-glass accounts must be admins');
        }
        if (!enabled && !users.some((u) => u.role === 'admin' && u.status && u.password_hash)) {
          throw fieldError(
            'breakGlassUserIds',
            'Name at least one active admin with a password before turning password sign-in off',
          );
        }
        await repo.updatePolicy(trx, { passwordLoginEnabled: enabled, breakGlassUserIds: ids });
        await audit(trx, {
          type: 'sso.policy_change',
          actorId,
          before: {
            passwordLoginEnabled: before.password_login_enabled,
            breakGlassUserIds: before.break_glass_user_ids,
          },
          after: { passwordLoginEnabled: enabled, breakGlassUserIds: ids },
        });
      });
      return policyResponse();
    },

    /** Providers from SSO_PROVIDERS: written at start-up, read-only in the Admin Panel. */
    async syncEnvProviders(inputs: SsoProviderCreateRequest[]) {
      for (const input of inputs)
        await repo.upsertEnvProvider(db, providerValues(CreateSchema.parse(input), secrets, true));
    },
  };
}
export type SsoService = ReturnType<typeof ssoService>;

function rulesOf(provider: SsoProviderRow) {
  return {
    defaultRole: provider.default_role,
    roleMappings: provider.role_mappings,
    divisionMappings: provider.division_mappings,
  };
}
