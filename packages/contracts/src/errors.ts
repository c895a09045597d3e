import { z } from 'zod';
import { ERROR_CODES } from './constants';

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
