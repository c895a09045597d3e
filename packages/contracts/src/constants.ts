/**
 * The contracts' plain values: closed lists, the error-status table and limits, with no zod. The
 * schemas are built from these (enums.ts, errors.ts, sso.ts, auth.ts); the web app's first load
 * imports them without bringing the schemas and zod along.
 */

export const ROLES = ['user', 'it_staff', 'manager', 'admin'] as const;
export const TICKET_STATUSES = ['OPEN', 'IN_PROGRESS', 'ON_HOLD', 'RESOLVED', 'CLOSED'] as const;
export const LOCALES = ['id', 'en'] as const;

/** The closed set of stable error codes; clients switch on `code`, never on `title`. */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'ACCOUNT_LOCKED',
  'RATE_LIMITED',
  'PASSWORD_LOGIN_DISABLED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'DUPLICATE',
  'IN_USE',
  'INVALID_TRANSITION',
  'TICKET_CLOSED',
  'VERSION_CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'NOT_READY',
  'LINK_EXPIRED',
  'INTERNAL',
] as const;

/**
 * The HTTP status each error code is answered with. The server's error model takes the status
 * from here; the web app uses it to name the code of an answer that carries none.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  ACCOUNT_LOCKED: 429,
  RATE_LIMITED: 429,
  PASSWORD_LOGIN_DISABLED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  DUPLICATE: 409,
  IN_USE: 409,
  INVALID_TRANSITION: 409,
  TICKET_CLOSED: 409,
  VERSION_CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  NOT_READY: 503,
  LINK_EXPIRED: 410,
  INTERNAL: 500,
} as const satisfies Record<(typeof ERROR_CODES)[number], number>;

/** The codes a bare status stands for, when an answer names none (a proxy's page, Fastify's own errors). */
const GENERIC_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'NOT_READY',
  'INTERNAL',
] as const satisfies readonly (typeof ERROR_CODES)[number][];

/** The generic code of a status (400 VALIDATION_FAILED, 404 NOT_FOUND...); undefined for others. */
export function codeForStatus(status: number): (typeof ERROR_CODES)[number] | undefined {
  return GENERIC_CODES.find((code) => ERROR_STATUS[code] === status);
}

/** Why a single sign-on was refused; the error page shows a text for each. */
export const SSO_ERROR_REASONS = [
  'provider_unknown',
  'provider_unavailable',
  'state_invalid',
  'idp_error',
  'token_invalid',
  'assertion_invalid',
  'assertion_replayed',
  'email_missing',
  'email_unverified',
  'domain_not_allowed',
  'account_disabled',
] as const;

/** The sign-in form's limits (LoginRequest): the web validates them without the schema. */
export const LOGIN_LIMITS = { email: 254, password: 256 } as const;
