import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import { AppError } from '@/lib/errors';

/**
 * Per-user budgets for expensive reads, per minute (SEARCH_LIMIT_PER_MINUTE,
 * EXPORT_LIMIT_PER_MINUTE), counted in the shared rate-limit store (Redis when REDIS_URL is set).
 */
const WINDOW_MS = 60_000;

/**
 * A preHandler counting the signed-in user's calls of one kind; over the budget the call is a
 * 429 with Retry-After and does nothing. `applies` narrows it (a ticket list with words only).
 */
export function perUserLimit(
  app: FastifyInstance,
  kind: 'search' | 'export',
  applies: (query: Record<string, unknown>) => boolean = () => true,
): preHandlerAsyncHookHandler {
  const limit = { max: app.config.userLimits[kind], windowMs: WINDOW_MS };
  return async (request) => {
    if (!request.user || !applies((request.query ?? {}) as Record<string, unknown>)) return;
    const { count, resetInMs } = await app.rateLimits.hit(`${kind}:user:${request.user.id}`, limit.windowMs);
    if (count > limit.max) {
      throw new AppError('RATE_LIMITED', 'Too many requests. Try again in a minute.', {
        headers: { 'retry-after': String(Math.max(1, Math.ceil(resetInMs / 1000))) },
      });
    }
  };
}
