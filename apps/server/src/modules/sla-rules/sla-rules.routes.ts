import { endpoints } from '@bantu/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { currentUser } from '@/http/auth.plugin';
import { route } from '@/http/route';

export const slaRulesRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = app.services.slaRules;
  const tags = ['sla-rules'];

  route(app, endpoints.listSlaRules, {
    config: { access: 'sla:view' },
    schema: { tags, summary: 'SLA rules, active first per priority' },
    handler: async () => ({ items: await service.list(), nextCursor: null }),
  });

  route(app, endpoints.createSlaRule, {
    config: { access: 'sla_rule:manage' },
    schema: { tags, summary: 'Create an SLA rule (one active rule per priority)' },
    handler: async (request, reply) =>
      reply.code(201).send(await service.create(request.body, currentUser(request).id)),
  });

  route(app, endpoints.updateSlaRule, {
    config: { access: 'sla_rule:manage' },
    schema: { tags, summary: 'Edit, deactivate or reactivate an SLA rule' },
    handler: (request) => service.update(request.params.id, request.body, currentUser(request).id),
  });

  route(app, endpoints.deleteSlaRule, {
    config: { access: 'sla_rule:manage' },
    schema: { tags, summary: 'Delete an SLA rule' },
    handler: async (request, reply) => {
      await service.remove(request.params.id, currentUser(request).id);
      return reply.code(204).send(null);
    },
  });
};
