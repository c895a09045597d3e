import { ERROR_STATUS, type ErrorCode, type FieldError } from '@bantu/contracts';

/**
 * The one error type services throw; the error handler turns it into problem+json. The status
 * comes from the code (contracts' ERROR_STATUS) unless `details.status` names another.
 */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: {
      errors?: FieldError[];
      allowed?: string[];
      headers?: Record<string, string>;
      status?: number;
    } = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.status = details.status ?? ERROR_STATUS[code];
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
export const forbidden = (message = 'You are not allowed to do this') => new AppError('FORBIDDEN', message);
export const unauthenticated = (message = 'Sign in first') => new AppError('UNAUTHENTICATED', message);
export const duplicate = (field: string, message: string) =>
  new AppError('DUPLICATE', message, { errors: [{ field: `body.${field}`, message }] });
export const fieldError = (field: string, message: string) =>
  new AppError('VALIDATION_FAILED', message, { errors: [{ field: `body.${field}`, message }] });

/** PostgreSQL unique_violation, with the constraint (index) name. */
export function uniqueViolation(error: unknown): string | null {
  if (typeof error === 'object' && error !== null && 'code' in error && error.code === '23505') {
    const constraint = 'constraint' in error ? error.constraint : undefined;
    return typeof constraint === 'string' ? constraint : '';
  }
  return null;
}

/** PostgreSQL foreign_key_violation (e.g. deleting a row that is still referenced). */
export function isForeignKeyViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '23503';
}
