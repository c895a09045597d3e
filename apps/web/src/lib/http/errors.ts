import { ERROR_CODES, codeForStatus } from '@bantu/contracts';
import type { ErrorCode, FieldError, Problem } from '@bantu/contracts';

/** Codes a request can fail with: the server's closed set, plus NETWORK when no answer came. */
export type ApiErrorCode = ErrorCode | 'NETWORK';

/** A failed API call, parsed from the server's RFC 9457 problem+json body. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly title: string;
  readonly detail: string | undefined;
  readonly fieldErrors: readonly FieldError[];
  readonly requestId: string | undefined;
  /** From the Retry-After header (seconds), on 429 and 503 answers. */
  readonly retryAfterSeconds: number | null;

  constructor(init: {
    status: number;
    code: ApiErrorCode;
    title: string;
    detail?: string | undefined;
    fieldErrors?: readonly FieldError[];
    requestId?: string | undefined;
    retryAfterSeconds?: number | null;
  }) {
    super(init.detail ?? init.title);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.detail = init.detail;
    this.fieldErrors = init.fieldErrors ?? [];
    this.requestId = init.requestId;
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
  }

  /** Field errors keyed by form path: the server's `body.email` becomes `email`. */
  fieldErrorMap(): Record<string, string> {
    const map: Record<string, string> = {};
    for (const { field, message } of this.fieldErrors) {
      const path = field.replace(/^(body|query|params)\.?/, '');
      if (path && map[path] === undefined) map[path] = message;
    }
    return map;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** A status outside the generic ones: 422 is a validation failure, anything else our fault. */
function fallbackCode(status: number): ErrorCode {
  return status === 422 ? 'VALIDATION_FAILED' : 'INTERNAL';
}

function parseRetryAfter(value: string | null): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
const optionalString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * The fields of a problem+json body (the contracts' `Problem`) that the client reads, checked by
 * hand so that reading an error does not need zod: a code outside the contract gives null.
 */
export function readProblem(
  body: unknown,
): (Pick<Problem, 'code' | 'title' | 'detail' | 'requestId'> & { errors: FieldError[] }) | null {
  if (!body || typeof body !== 'object') return null;
  const b = body as Partial<Record<keyof Problem, unknown>>;
  if (!isErrorCode(b.code) || typeof b.title !== 'string') return null;
  const errors = Array.isArray(b.errors)
    ? b.errors.filter(
        (e): e is FieldError =>
          !!e &&
          typeof e === 'object' &&
          typeof (e as FieldError).field === 'string' &&
          typeof (e as FieldError).message === 'string',
      )
    : [];
  return {
    code: b.code,
    title: b.title,
    detail: optionalString(b.detail),
    requestId: optionalString(b.requestId),
    errors,
  };
}

/** Reads a failed answer: its problem+json body, or the status when the body is something else. */
export async function toApiError(res: Response): Promise<ApiError> {
  const retryAfterSeconds = parseRetryAfter(res.headers.get('Retry-After'));
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON (e.g. a proxy's HTML error page): fall back to the status
  }
  const problem = readProblem(body);
  if (problem) {
    return new ApiError({
      status: res.status,
      code: problem.code,
      title: problem.title,
      detail: problem.detail,
      fieldErrors: problem.errors,
      requestId: problem.requestId,
      retryAfterSeconds,
    });
  }
  // A problem whose code is outside the contract still carries a useful title/detail.
  const loose = body as Partial<Record<'title' | 'detail' | 'code', unknown>> | null;
  return new ApiError({
    status: res.status,
    code: isErrorCode(loose?.code) ? loose.code : (codeForStatus(res.status) ?? fallbackCode(res.status)),
    title: typeof loose?.title === 'string' ? loose.title : res.statusText || `HTTP ${res.status}`,
    detail: optionalString(loose?.detail),
    retryAfterSeconds,
  });
}

/** An answer that does not match its contract schema (thrown in development builds and tests). */
export class ContractMismatchError extends Error {
  readonly issues: readonly unknown[];

  constructor(label: string, issues: readonly unknown[]) {
    super(`The answer of ${label} does not match the contract`);
    this.name = 'ContractMismatchError';
    this.issues = issues;
  }
}

/** fetch, with a failure to get any answer turned into an ApiError with code NETWORK. */
export async function fetchOrThrow(input: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(input, { credentials: 'same-origin', ...init });
  } catch (cause) {
    // A cancelled request (TanStack Query aborts what nobody waits for) is not a network failure.
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({
      status: 0,
      code: 'NETWORK',
      title: cause instanceof Error ? cause.message : 'Network error',
    });
  }
}
