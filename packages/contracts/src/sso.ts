import { z } from 'zod';
import { SSO_ERROR_REASONS } from './constants';
import { Id, Name, Timestamp } from './common';
import { Role } from './enums';

/** Single sign-on (issue 14): OpenID Connect and SAML 2.0 identity providers and the sign-in policy. */

export const SsoKind = z.enum(['oidc', 'saml']).describe('oidc: OpenID Connect; saml: SAML 2.0');
export type SsoKind = z.infer<typeof SsoKind>;

const Domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'Must be a domain like example.co.id');

const HttpUrl = z
  .url()
  .max(2000)
  .refine((v) => /^https?:\/\//.test(v), 'Must start with https:// (or http:// for a test provider)');

const Group = z.string().trim().min(1).max(200).describe('Group (or role) value in the groups claim');

export const SsoRoleMapping = z.object({ group: Group, role: Role });
export type SsoRoleMapping = z.infer<typeof SsoRoleMapping>;
export const SsoDivisionMapping = z.object({ group: Group, division: Name(120) });
export type SsoDivisionMapping = z.infer<typeof SsoDivisionMapping>;

const ProviderFields = {
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, '1-40 lowercase letters, digits or dashes')
    .describe('Stable name in URLs (callback, SAML metadata)'),
  kind: SsoKind,
  label: Name(80).describe('Text of the sign-in button'),
  isActive: z.boolean(),
  issuer: HttpUrl.nullable().describe('OIDC issuer URL (discovery at /.well-known/openid-configuration)'),
  clientId: z.string().trim().min(1).max(500).nullable(),
  scopes: z
    .string()
    .trim()
    .max(500)
    .regex(/^[\x21-\x7e]+( [\x21-\x7e]+)*$/, 'Scopes separated by single spaces')
    .refine((v) => v.split(' ').includes('openid'), 'Must include openid'),
  entryPoint: HttpUrl.nullable().describe('SAML: the IdP single sign-on URL (HTTP-Redirect binding)'),
  idpEntityId: z.string().trim().min(1).max(500).nullable().describe('SAML: the IdP entity id (Issuer)'),
  idpCert: z
    .string()
    .trim()
    .min(100)
    .max(20000)
    .nullable()
    .describe('SAML: the IdP signing certificate, PEM or base64'),
  allowedDomains: z.array(Domain).max(50).describe('New users are created only for these e-mail domains'),
  jitEnabled: z.boolean().describe('Create unknown users on their first sign-in (allowed domains only)'),
  groupsClaim: z.string().trim().min(1).max(200).describe('Claim (OIDC) or attribute (SAML) holding the groups'),
  divisionClaim: z.string().trim().min(1).max(200).nullable().describe('Claim holding the division, if any'),
  defaultRole: Role.describe('Role when no mapping matches'),
  roleMappings: z.array(SsoRoleMapping).max(100).describe('First match wins; re-applied at every sign-in'),
  divisionMappings: z.array(SsoDivisionMapping).max(100).describe('First match wins; before the division claim'),
};

const kindComplete = (v: {
  kind?: string;
  issuer?: string | null;
  clientId?: string | null;
  entryPoint?: string | null;
  idpCert?: string | null;
}) => (v.kind === 'oidc' ? !!v.issuer && !!v.clientId : !!v.entryPoint && !!v.idpCert);

export const SsoProviderCreateRequest = z
  .object({
    ...ProviderFields,
    isActive: ProviderFields.isActive.default(true),
    issuer: ProviderFields.issuer.optional(),
    clientId: ProviderFields.clientId.optional(),
    clientSecret: z.string().min(1).max(2000).optional().describe('Stored encrypted; never returned'),
    scopes: ProviderFields.scopes.default('openid email profile'),
    entryPoint: ProviderFields.entryPoint.optional(),
    idpEntityId: ProviderFields.idpEntityId.optional(),
    idpCert: ProviderFields.idpCert.optional(),
    allowedDomains: ProviderFields.allowedDomains.default([]),
    jitEnabled: ProviderFields.jitEnabled.default(true),
    groupsClaim: ProviderFields.groupsClaim.default('groups'),
    divisionClaim: ProviderFields.divisionClaim.optional(),
    defaultRole: ProviderFields.defaultRole.default('user'),
    roleMappings: ProviderFields.roleMappings.default([]),
    divisionMappings: ProviderFields.divisionMappings.default([]),
  })
  .refine(kindComplete, {
    message: 'OIDC needs issuer and clientId; SAML needs entryPoint and idpCert',
    path: ['kind'],
  });
export type SsoProviderCreateRequest = z.input<typeof SsoProviderCreateRequest>;

export const SsoProviderUpdateRequest = z
  .object({
    ...ProviderFields,
    clientSecret: z.string().min(1).max(2000).describe('Replaces the stored secret'),
  })
  .omit({ kind: true })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'Nothing to update' });
export type SsoProviderUpdateRequest = z.input<typeof SsoProviderUpdateRequest>;

export const SsoProviderResponse = z.object({
  id: Id,
  slug: z.string(),
  kind: SsoKind,
  label: z.string(),
  isActive: z.boolean(),
  issuer: z.string().nullable(),
  clientId: z.string().nullable(),
  hasClientSecret: z.boolean(),
  scopes: z.string(),
  entryPoint: z.string().nullable(),
  idpEntityId: z.string().nullable(),
  idpCert: z.string().nullable(),
  allowedDomains: z.array(z.string()),
  jitEnabled: z.boolean(),
  groupsClaim: z.string(),
  divisionClaim: z.string().nullable(),
  defaultRole: Role,
  roleMappings: z.array(SsoRoleMapping),
  divisionMappings: z.array(SsoDivisionMapping),
  fromEnv: z.boolean().describe('Configured by environment (SSO_PROVIDERS): read-only here'),
  callbackUrl: z.string().describe('Redirect URI (OIDC) or Assertion Consumer Service URL (SAML) to register'),
  metadataUrl: z.string().nullable().describe('SAML: the service provider metadata'),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type SsoProviderResponse = z.infer<typeof SsoProviderResponse>;
export const SsoProviderList = z.object({ items: z.array(SsoProviderResponse) });
export type SsoProviderList = z.infer<typeof SsoProviderList>;

/** What the sign-in page needs: one button per active provider. */
export const SsoButton = z.object({ slug: z.string(), kind: SsoKind, label: z.string(), startUrl: z.string() });
export type SsoButton = z.infer<typeof SsoButton>;
export const SsoButtonList = z.object({
  items: z.array(SsoButton),
  passwordLoginEnabled: z.boolean().describe('false: only break-glass admins may sign in with a password'),
});
export type SsoButtonList = z.infer<typeof SsoButtonList>;

export const SsoPolicyResponse = z.object({
  passwordLoginEnabled: z.boolean(),
  breakGlassUserIds: z.array(Id).describe('Admins who may always sign in with a password'),
  breakGlassUsers: z.array(z.object({ id: Id, name: z.string(), email: z.string() })),
});
export type SsoPolicyResponse = z.infer<typeof SsoPolicyResponse>;

export const SsoPolicyUpdateRequest = z
  .object({
    passwordLoginEnabled: z.boolean(),
    breakGlassUserIds: z.array(Id).max(20),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'Nothing to update' });
export type SsoPolicyUpdateRequest = z.input<typeof SsoPolicyUpdateRequest>;

export const SsoErrorReason = z.enum(SSO_ERROR_REASONS);
export type SsoErrorReason = z.infer<typeof SsoErrorReason>;
