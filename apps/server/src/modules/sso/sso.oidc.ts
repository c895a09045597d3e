import type * as oidc from 'openid-client';
import { SsoRefusal, normaliseEmail, stringList, type SsoProfile } from './sso.mapping';
import type { SsoProviderRow } from './sso.repository';

/**
 * OpenID Connect with openid-client: discovery, authorization code + PKCE, state and nonce,
 * and the ID token validated for issuer, audience, expiry, nonce and its signature (JWKS).
 * Discovery runs for every sign-in (two small GETs), so a rotated signing key is picked up at
 * once and a provider that is down refuses only its own buttons.
 */

/** openid-client comes with the first SSO sign-in, not with every start. */
const openidClient = () => import('openid-client');

const LOOPBACK = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/;

export async function oidcConfiguration(provider: SsoProviderRow, clientSecret: string | null) {
  if (!provider.issuer || !provider.client_id) throw new SsoRefusal('provider_unavailable', 'incomplete provider');
  const client = await openidClient();
  try {
    const config = await client.discovery(
      new URL(provider.issuer),
      provider.client_id,
      clientSecret ?? undefined,
      clientSecret ? undefined : client.None(),
      {
        // Plain http only for a provider on this machine (tests, a local Keycloak).
        execute: LOOPBACK.test(provider.issuer) ? [client.allowInsecureRequests] : [],
        timeout: 10,
      },
    );
    // Check the ID token's signature against the provider's JWKS too (openid-client trusts the
    // TLS channel by default).
    client.enableNonRepudiationChecks(config);
    return config;
  } catch (error) {
    throw new SsoRefusal('provider_unavailable', describe(error));
  }
}

export interface OidcStart {
  url: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export async function oidcStart(config: oidc.Configuration, provider: SsoProviderRow, redirectUri: string) {
  const client = await openidClient();
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: provider.scopes,
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  });
  return { url: url.href, state, nonce, codeVerifier } satisfies OidcStart;
}

/** Exchanges the code and validates the ID token; answers the person and the raw ID token. */
export async function oidcCallback(
  config: oidc.Configuration,
  provider: SsoProviderRow,
  currentUrl: URL,
  checks: { state: string; nonce: string; codeVerifier: string },
): Promise<{ profile: SsoProfile; idToken: string | null }> {
  const error = currentUrl.searchParams.get('error');
  if (error) throw new SsoRefusal('idp_error', `${error}: ${currentUrl.searchParams.get('error_description') ?? ''}`);
  const client = await openidClient();
  let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
  try {
    tokens = await client.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
  } catch (e) {
    throw new SsoRefusal('token_invalid', describe(e));
  }
  const claims = tokens.claims();
  if (!claims) throw new SsoRefusal('token_invalid', 'no ID token');
  const division = provider.division_claim ? claims[provider.division_claim] : undefined;
  return {
    idToken: tokens.id_token ?? null,
    profile: {
      subject: claims.sub,
      email: normaliseEmail(claims.email ?? claims.preferred_username),
      // Entra ID sends no email_verified; xms_edov says the domain owner verified the address.
      emailVerified: claims.email_verified === true || claims.xms_edov === true,
      name: typeof claims.name === 'string' ? claims.name : null,
      groups: stringList(claims[provider.groups_claim]),
      division: typeof division === 'string' ? division : null,
    },
  };
}

/** Where to send the browser to end the provider's session, when it offers that. */
export async function oidcEndSessionUrl(config: oidc.Configuration, idToken: string | null, postLogoutUrl: string) {
  const client = await openidClient();
  if (!config.serverMetadata().end_session_endpoint) return null;
  const params: Record<string, string> = { post_logout_redirect_uri: postLogoutUrl };
  if (idToken) params.id_token_hint = idToken;
  return client.buildEndSessionUrl(config, params).href;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = 'code' in error && typeof error.code === 'string' ? `${error.code}: ` : '';
    return `${code}${error.message}`.slice(0, 300);
  }
  return 'unknown error';
}
