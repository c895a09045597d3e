import { z } from 'zod';

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
export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const FieldError = z.object({
  field: z.string().describe('Dotted path of the field, e.g. body.email'),
  message: z.string(),
});
export type FieldError = z.infer<typeof FieldError>;

/** RFC 9457 problem details, as every error response is shaped. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: ErrorCode,
  detail: z.string().optional(),
  instance: z.string().optional(),
  requestId: z.string().optional(),
  errors: z.array(FieldError).optional(),
  allowed: z.array(z.string()).optional().describe('With INVALID_TRANSITION: the transitions allowed now'),
});
export type Problem = z.infer<typeof Problem>;

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
} as const satisfies Record<ErrorCode, number>;

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
] as const satisfies readonly ErrorCode[];

/** The generic code of a status (400 VALIDATION_FAILED, 404 NOT_FOUND...); undefined for others. */
export function codeForStatus(status: number): ErrorCode | undefined {
  return GENERIC_CODES.find((code) => ERROR_STATUS[code] === status);
}
