import { ERROR_STATUS, type ErrorCode, type FieldError, type Problem } from '@bantu/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';

const TITLES: Record<ErrorCode, string> = {
  VALIDATION_FAILED: 'The request is not valid',
  UNAUTHENTICATED: 'Sign-in required',
  INVALID_CREDENTIALS: 'Wrong e-mail or password',
  ACCOUNT_LOCKED: 'Too many failed sign-ins',
  RATE_LIMITED: 'Too many requests',
  PASSWORD_LOGIN_DISABLED: 'Password sign-in is turned off',
  FORBIDDEN: 'Not allowed',
  NOT_FOUND: 'Not found',
  CONFLICT: 'Conflict',
  DUPLICATE: 'Already exists',
  IN_USE: 'Still in use',
  INVALID_TRANSITION: 'Transition not allowed',
  TICKET_CLOSED: 'Ticket closed',
  VERSION_CONFLICT: 'Changed by someone else',
  PAYLOAD_TOO_LARGE: 'Too large',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported type',
  NOT_READY: 'Not ready',
  LINK_EXPIRED: 'Link expired',
  INTERNAL: 'Something went wrong on our side',
};

/** Answers problem+json; the status is the code's (ERROR_STATUS) unless `status` names another. */
export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  detail?: string,
  { status = ERROR_STATUS[code], ...extra }: { status?: number; errors?: FieldError[]; allowed?: string[] } = {},
) {
  const body: Problem = {
    type: `urn:bantu:problem:${code.toLowerCase().replaceAll('_', '-')}`,
    title: TITLES[code],
    status,
    code,
    ...(detail ? { detail } : {}),
    instance: request.url.split('?')[0],
    requestId: request.id,
    ...extra,
  };
  // Bypass the route's response schema: a problem is never shaped like a success body.
  return reply
    .code(status)
    .type('application/problem+json; charset=utf-8')
    .serializer((payload) => JSON.stringify(payload))
    .send(body);
}
