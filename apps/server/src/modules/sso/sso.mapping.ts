import type { Role, SsoErrorReason } from '@bantu/contracts';
import type { SsoDivisionMapping, SsoRoleMapping } from '@/db/types';

/** What a provider told us about the person, after its protocol checks passed. */
export interface SsoProfile {
  subject: string;
  email: string | null;
  /** OIDC: email_verified (or Entra's xms_edov); SAML: true (the IdP signed the assertion). */
  emailVerified: boolean;
  name: string | null;
  groups: string[];
  division: string | null;
}

export interface MappingRules {
  defaultRole: Role;
  roleMappings: SsoRoleMapping[];
  divisionMappings: SsoDivisionMapping[];
}

/** A refused sign-in; `reason` picks the text on the error page. */
export class SsoRefusal extends Error {
  constructor(
    readonly reason: SsoErrorReason,
    readonly detail: string,
  ) {
    super(`${reason}: ${detail}`);
    this.name = 'SsoRefusal';
  }
}

/** A claim value as a list of strings (groups may come as one string or an array). */
export function stringList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/** First matching role mapping wins (group names compare case-insensitively); else the default. */
export function mapRole(groups: string[], rules: MappingRules): Role {
  const have = new Set(groups.map((g) => g.toLowerCase()));
  return rules.roleMappings.find((m) => have.has(m.group.toLowerCase()))?.role ?? rules.defaultRole;
}

/** First matching division mapping, else the division claim, else null (keep what the user has). */
export function mapDivision(groups: string[], claimed: string | null, rules: MappingRules): string | null {
  const have = new Set(groups.map((g) => g.toLowerCase()));
  const mapped = rules.divisionMappings.find((m) => have.has(m.group.toLowerCase()))?.division;
  return mapped ?? (claimed?.trim() ? claimed.trim().slice(0, 120) : null);
}

export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,253}$/;
export function normaliseEmail(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const email = value.trim().toLowerCase();
  return EMAIL.test(email) ? email : null;
}
