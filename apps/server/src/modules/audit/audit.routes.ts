import { endpoints } from '@bantu/contracts';
import fp from 'fastify-plugin';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { currentUser } from '@/http/auth.plugin';
import { perUserLimit } from '@/http/user-rate-limit';
import { contentDisposition } from '@/lib/file-names';
import { runWithAuditClient } from './audit.context';
import { route } from '@/http/route';

/** Every request runs with its client (address, user agent) for the audit events it records. */
export const auditContextPlugin = fp(
  async (app) => {
    app.addHook('onRequest', (request, _reply, done) => {
      runWithAuditClient({ ip: request.ip, userAgent: request.headers['user-agent'] ?? null }, done);
    });
  },
  { name: 'audit-context' },
);

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = app.services.audit;
  const tags = ['audit'];

  route(app, endpoints.listAudit, {
    config: { access: 'audit:view' },
    schema: { tags, summary: 'The audit log, newest first, filtered' },
    handler: (request) => service.list(request.query),
  });

  route(app, endpoints.exportAudit, {
    config: { access: 'audit:view' },
    preHandler: perUserLimit(app, 'export'),
    schema: { tags, summary: 'The filtered audit log as CSV (UTF-8 with BOM)' },
    handler: async (request, reply) => {
      const body = await service.exportCsv(currentUser(request).id, request.query);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', contentDisposition('attachment', 'audit-log.csv'))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(body);
    },
  });
};
