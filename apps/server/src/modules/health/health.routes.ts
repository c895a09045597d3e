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
    schema: { tags, summary: 'Readiness: database reachable and migrations current' },
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
      const ready = Object.values(checks).every((c) => c.ok) && checks.migrations !== undefined;
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks });
    },
  });
};
