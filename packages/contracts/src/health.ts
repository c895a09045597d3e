import { z } from 'zod';

export const HealthResponse = z.object({ status: z.literal('ok') });
export const ReadyResponse = z.object({
  status: z
    .enum(['ready', 'degraded', 'not_ready'])
    .describe(
      'ready: every check passed; degraded: serving, but an optional dependency (Redis) is away, so rate limits and live updates are per process; not_ready: do not route traffic here',
    ),
  checks: z.record(z.string(), z.object({ ok: z.boolean(), detail: z.string().optional() })),
});
