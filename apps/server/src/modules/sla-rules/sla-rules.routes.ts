import { IdParams, SlaRuleCreateRequest, SlaRuleList, SlaRuleResponse, SlaRuleUpdateRequest } from '@bantu/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '@/http/auth.plugin';

export const slaRulesRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = app.services.slaRules;
  const tags = ['sla-rules'];

  app.get('/api/sla-rules', {
    config: { access: 'sla:view' },
    schema: { tags, summary: 'SLA rules, active first per priority', response: { 200: SlaRuleList } },
    handler: async () => ({ items: await service.list(), nextCursor: null }),
  });

  app.post('/api/sla-rules', {
    config: { access: 'sla_rule:manage' },
    schema: {
      tags,
      summary: 'Create an SLA rule (one active rule per priority)',
      body: SlaRuleCreateRequest,
      response: { 201: SlaRuleResponse },
    },
    handler: async (request, reply) =>
      reply.code(201).send(await service.create(request.body, currentUser(request).id)),
  });

  app.patch('/api/sla-rules/:id', {
    config: { access: 'sla_rule:manage' },
    schema: {
      tags,
      summary: 'Edit, deactivate or reactivate an SLA rule',
      params: IdParams,
      body: SlaRuleUpdateRequest,
      response: { 200: SlaRuleResponse },
    },
    handler: (request) => service.update(request.params.id, request.body, currentUser(request).id),
  });

  app.delete('/api/sla-rules/:id', {
    config: { access: 'sla_rule:manage' },
    schema: { tags, summary: 'Delete an SLA rule', params: IdParams, response: { 204: z.null() } },
    handler: async (request, reply) => {
      await service.remove(request.params.id, currentUser(request).id);
      return reply.code(204).send(null);
    },
  });
};
