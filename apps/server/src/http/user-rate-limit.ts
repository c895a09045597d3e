import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import { AppError } from '@/lib/errors';

/** Per-user budgets for expensive reads (shared through Redis when REDIS_URL is set). */
export const USER_LIMITS = {
  search: { max: 60, windowMs: 60_000 },
  export: { max: 10, windowMs: 60_000 },
} as const;

/**
 * A preHandler counting the signed-in user's calls of one kind; over the budget the call is a
 * 429 with Retry-After and does nothing. `applies` narrows it (a ticket list with words only).
 */
export function perUserLimit(
  app: FastifyInstance,
  kind: keyof typeof USER_LIMITS,
  applies: (query: Record<string, unknown>) => boolean = () => true,
): preHandlerAsyncHookHandler {
  const limit = USER_LIMITS[kind];
  return async (request) => {
    if (!request.user || !applies((request.query ?? {}) as Record<string, unknown>)) return;
    const { count, resetInMs } = await app.rateLimits.hit(`${kind}:user:${request.user.id}`, limit.windowMs);
    if (count > limit.max) {
      throw new AppError('RATE_LIMITED', 429, 'Too many requests. Try again in a minute.', {
        headers: { 'retry-after': String(Math.max(1, Math.ceil(resetInMs / 1000))) },
      });
    }
  };
}
