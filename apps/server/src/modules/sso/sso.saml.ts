import { randomBytes } from 'node:crypto';
import type { Profile, SAML } from '@node-saml/node-saml';
import { SsoRefusal, normaliseEmail, stringList, type SsoProfile } from './sso.mapping';
import type { SsoProviderRow } from './sso.repository';

/**
 * SAML 2.0 with @node-saml/node-saml for providers that speak only SAML (AD FS, older Entra).
 * node-saml checks the signature (assertions must be signed by the configured certificate),
 * the audience and the NotBefore/NotOnOrAfter windows; on top we check the issuer, the
 * Recipient and Destination (our ACS URL) and InResponseTo (a request we sent, once); the
 * assertion id against replay is remembered by the caller.
 */

export interface SamlUrls {
  /** Our entity id: the metadata URL, stable per provider. */
  entityId: string;
  acsUrl: string;
}

/** The provider's SAML client (node-saml and its XML libraries load on first use, not at every start). */
async function samlFor(provider: SsoProviderRow, urls: SamlUrls, requestId?: string): Promise<SAML> {
  if (!provider.entry_point || !provider.idp_cert) throw new SsoRefusal('provider_unavailable', 'incomplete provider');
  const { SAML, ValidateInResponseTo } = await import('@node-saml/node-saml');
  return new SAML({
    entryPoint: provider.entry_point,
    issuer: urls.entityId,
    audience: urls.entityId,
    callbackUrl: urls.acsUrl,
    idpCert: provider.idp_cert,
    idpIssuer: provider.idp_entity_id ?? undefined,
    wantAssertionsSigned: true,
    // Many IdPs sign the assertion only; the assertion signature is required above.
    wantAuthnResponseSigned: false,
    // InResponseTo is checked against our own table (shared by every API process).
    validateInResponseTo: ValidateInResponseTo.never,
    acceptedClockSkewMs: 60_000,
    identifierFormat: null,
    disableRequestedAuthnContext: true,
    generateUniqueId: () => requestId ?? `_${randomBytes(20).toString('hex')}`,
  });
}

export async function samlMetadata(provider: SsoProviderRow, urls: SamlUrls): Promise<string> {
  return (await samlFor(provider, urls)).generateServiceProviderMetadata(null, null);
}

export async function samlStart(provider: SsoProviderRow, urls: SamlUrls) {
  const requestId = `_${randomBytes(20).toString('hex')}`;
  const url = await (await samlFor(provider, urls, requestId)).getAuthorizeUrlAsync('', undefined, {});
  return { url, requestId };
}

export interface SamlResult {
  profile: SsoProfile;
  assertionId: string;
  inResponseTo: string | null;
  notOnOrAfter: Date;
}

type Node = { $?: Record<string, string> } & Record<string, unknown>;
const first = (v: unknown): Node | undefined => (Array.isArray(v) ? (v[0] as Node) : undefined);

export async function samlCallback(
  provider: SsoProviderRow,
  urls: SamlUrls,
  body: Record<string, string>,
  now: Date,
): Promise<SamlResult> {
  if (typeof body.SAMLResponse !== 'string' || body.SAMLResponse.length === 0) {
    throw new SsoRefusal('assertion_invalid', 'no SAMLResponse');
  }
  let profile: Profile | null;
  try {
    ({ profile } = await (
      await samlFor(provider, urls)
    ).validatePostResponseAsync({ SAMLResponse: body.SAMLResponse }));
  } catch (error) {
    throw new SsoRefusal('assertion_invalid', error instanceof Error ? error.message.slice(0, 300) : 'invalid');
  }
  if (!profile) throw new SsoRefusal('assertion_invalid', 'no assertion');
  if (!profile.nameID) throw new SsoRefusal('assertion_invalid', 'no NameID');
  if (provider.idp_entity_id && profile.issuer !== provider.idp_entity_id) {
    throw new SsoRefusal('assertion_invalid', 'unexpected issuer');
  }
  // The signed assertion only (getAssertion parses the verified XML).
  const assertion = (profile.getAssertion?.() as { Assertion?: Node } | undefined)?.Assertion;
  const assertionId = assertion?.$?.ID;
  if (!assertion || !assertionId) throw new SsoRefusal('assertion_invalid', 'assertion without ID');
  const confirmations = (first(assertion.Subject)?.SubjectConfirmation as Node[] | undefined) ?? [];
  const data = confirmations.map((c) => first(c.SubjectConfirmationData)?.$ ?? {});
  if (!data.some((d) => d.Recipient === urls.acsUrl)) throw new SsoRefusal('assertion_invalid', 'wrong Recipient');
  const destination = /<(?:\w+:)?Response\b[^>]*\sDestination="([^"]*)"/.exec(
    Buffer.from(body.SAMLResponse, 'base64').toString('utf8'),
  )?.[1];
  if (destination !== undefined && destination !== urls.acsUrl) {
    throw new SsoRefusal('assertion_invalid', 'wrong Destination');
  }
  const conditions = first(assertion.Conditions)?.$ ?? {};
  const until = [conditions.NotOnOrAfter, ...data.map((d) => d.NotOnOrAfter)]
    .filter((v): v is string => typeof v === 'string')
    .map((v) => new Date(v).getTime())
    .filter((v) => Number.isFinite(v));
  const notOnOrAfter = new Date(until.length ? Math.max(...until) : now.getTime() + 3_600_000);

  const attributes = (profile.attributes ?? {}) as Record<string, unknown>;
  const attr = (name: string | null) => (name ? attributes[name] : undefined);
  const email = normaliseEmail(
    profile.email ??
      attributes['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress'] ??
      (profile.nameID?.includes('@') ? profile.nameID : undefined),
  );
  const name = attributes['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name'] ?? attributes.displayName;
  const division = attr(provider.division_claim);
  return {
    assertionId,
    inResponseTo: typeof profile.inResponseTo === 'string' ? profile.inResponseTo : null,
    notOnOrAfter,
    profile: {
      subject: profile.nameID,
      email,
      emailVerified: true,
      name: typeof name === 'string' ? name : null,
      groups: stringList(attr(provider.groups_claim)),
      division: typeof division === 'string' ? division : null,
    },
  };
}
