import { FORBIDDEN_TEXT_MESSAGE, hasForbiddenText, type FieldError } from '@bantu/contracts';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '@/lib/errors';

/** Enough to say what is wrong; a body full of NULs does not need a million entries. */
const MAX_REPORTED = 10;

/**
 * The field paths of every string (object keys included) under `value` that holds a U+0000 or
 * a lone UTF-16 surrogate. Iterative, so a deeply nested JSON body cannot overflow the stack.
 */
export function forbiddenTextFields(value: unknown, root: string): string[] {
  const found: string[] = [];
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length > 0 && found.length < MAX_REPORTED) {
    const [current, path] = stack.pop()!;
    if (typeof current === 'string') {
      if (hasForbiddenText(current)) found.push(path);
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push([current[i], `${path}.${i}`]);
    } else if (typeof current === 'object' && current !== null) {
      const entries: [string, unknown][] = Object.entries(current);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, item] = entries[i]!;
        if (hasForbiddenText(key)) found.push(path);
        else stack.push([item, `${path}.${key}`]);
      }
    }
  }
  return found.slice(0, MAX_REPORTED);
}

/**
 * The one rule for text (contracts `FORBIDDEN_TEXT`, docs/ARCHITECTURE.md "Bad input"): a request
 * whose path parameters, query string or JSON body holds a U+0000 or a lone surrogate anywhere
 * is refused with 400 VALIDATION_FAILED naming each field, before the route's schema runs.
 * PostgreSQL can store neither, so letting them through would end in a 500 (or, for lone
 * surrogates in text columns, a silently replaced character). Refusing, not stripping: the
 * client learns its input was not stored as sent. This covers every route, including those
 * whose schema is a plain z.string(); multipart fields are checked by their contract schema.
 */
export const inputPlugin = fp(
  (app: FastifyInstance) => {
    app.addHook('preValidation', async (request) => {
      const fields = [
        ...forbiddenTextFields(request.params, 'params'),
        ...forbiddenTextFields(request.query, 'querystring'),
        ...forbiddenTextFields(request.body, 'body'),
      ].slice(0, MAX_REPORTED);
      if (fields.length === 0) return;
      const errors: FieldError[] = fields.map((field) => ({ field, message: FORBIDDEN_TEXT_MESSAGE }));
      throw new AppError('VALIDATION_FAILED', errors.map((e) => `${e.field}: ${e.message}`).join('; '), {
        errors,
      });
    });
  },
  { name: 'input' },
);
