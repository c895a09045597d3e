import { endpoints } from '@bantu/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { pendingMigrations, ping } from '@/db/database';
import { route } from '@/http/route';

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['health'];

  route(app, endpoints.health, {
    config: { access: 'public' },
    schema: { tags, summary: 'Liveness: the process answers' },
    handler: () => ({ status: 'ok' as const }),
  });

  route(app, endpoints.ready, {
    config: { access: 'public' },
    schema: {
      tags,
      summary: 'Readiness: database reachable and migrations current; degraded (still 200) while Redis is away',
    },
    handler: async (_request, reply) => {
      const checks: Record<string, { ok: boolean; detail?: string }> = {};
      try {
        await ping(app.db);
        const pending = await pendingMigrations(app.db);
        checks.database = { ok: true };
        checks.migrations = pending.length === 0 ? { ok: true } : { ok: false, detail: `${pending.length} pending` };
      } catch {
        checks.database = { ok: false, detail: 'unreachable' };
      }
      try {
        await app.storage.check();
        checks.storage = { ok: true, detail: app.storage.kind };
      } catch {
        checks.storage = { ok: false, detail: `${app.storage.kind} unavailable` };
      }
      // Redis is optional at run time: without it limits and live updates stay within this
      // process (infra/cache/redis.ts), so the process keeps serving and says so.
      const probes = [app.rateLimits.redisReachable?.(), app.pubsub.redisReachable?.()].filter((p) => p !== undefined);
      let degraded = false;
      if (probes.length > 0) {
        const reachable = (await Promise.all(probes)).every(Boolean);
        checks.redis = reachable
          ? { ok: true }
          : { ok: false, detail: 'unreachable: rate limits and live updates work within this process only' };
        degraded = !reachable;
      }
      const required = Object.entries(checks).filter(([name]) => name !== 'redis');
      const ready = required.every(([, c]) => c.ok) && checks.migrations !== undefined;
      const status = !ready ? 'not_ready' : degraded ? 'degraded' : 'ready';
      return reply.code(ready ? 200 : 503).send({ status, checks });
    },
  });
};
