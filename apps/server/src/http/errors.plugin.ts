import { codeForStatus } from '@bantu/contracts';
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError } from '@/lib/errors';
import { sendProblem } from './problem';

/** One error model: AppError, validation errors and everything else become problem+json. */
export const errorsPlugin = fp(
  (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (error instanceof AppError) {
        for (const [name, value] of Object.entries(error.details.headers ?? {})) reply.header(name, value);
        if (error.status >= 500) request.log.error({ err: error }, 'request failed');
        return sendProblem(request, reply, error.code, error.message, {
          status: error.status,
          errors: error.details.errors,
          allowed: error.details.allowed,
        });
      }
      if (hasZodFastifySchemaValidationErrors(error)) {
        const where = error.validationContext ?? 'body';
        const errors = error.validation.map((v) => ({
          field: [where, ...v.instancePath.split('/').filter(Boolean)].join('.'),
          message: v.message ?? 'Invalid value',
        }));
        return sendProblem(
          request,
          reply,
          'VALIDATION_FAILED',
          errors.map((e) => `${e.field}: ${e.message}`).join('; '),
          {
            errors,
          },
        );
      }
      if (isResponseSerializationError(error)) {
        // Our bug, not the client's: log the shape mismatch, hide it from the client.
        request.log.error({ err: error, issues: error.cause.issues }, 'response does not match its schema');
        return sendProblem(request, reply, 'INTERNAL');
      }
      const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
      if (status >= 400 && status < 500) {
        // Fastify's own client errors: malformed JSON, wrong content type, body too large...
        return sendProblem(request, reply, codeForStatus(status) ?? 'VALIDATION_FAILED', error.message, { status });
      }
      request.log.error({ err: error }, 'unexpected error');
      return sendProblem(request, reply, 'INTERNAL', 'The error was logged with this request id.');
    });
  },
  { name: 'errors' },
);
