import {
  CatalogListQuery,
  PriorityCreateRequest,
  PriorityList,
  PriorityResponse,
  PriorityUpdateRequest,
  IdParams,
  can,
} from '@bantu/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '@/http/auth.plugin';

export const prioritiesRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = app.services.priorities;
  const tags = ['priorities'];

  app.get('/api/priorities', {
    config: { access: 'catalog:read' },
    schema: {
      tags,
      summary: 'Priorities (active ones; admins may include deactivated)',
      querystring: CatalogListQuery,
      response: { 200: PriorityList },
    },
    handler: async (request) => {
      const includeInactive =
        (request.query.includeInactive ?? false) && can(currentUser(request).role, 'priority:manage');
      return { items: await service.list(includeInactive), nextCursor: null };
    },
  });

  app.post('/api/priorities', {
    config: { access: 'priority:manage' },
    schema: { tags, summary: 'Create a priority', body: PriorityCreateRequest, response: { 201: PriorityResponse } },
    handler: async (request, reply) => reply.code(201).send(await service.create(request.body)),
  });

  app.patch('/api/priorities/:id', {
    config: { access: 'priority:manage' },
    schema: {
      tags,
      summary: 'Edit, deactivate or reactivate a priority',
      params: IdParams,
      body: PriorityUpdateRequest,
      response: { 200: PriorityResponse },
    },
    handler: (request) => service.update(request.params.id, request.body),
  });

  app.delete('/api/priorities/:id', {
    config: { access: 'priority:manage' },
    schema: {
      tags,
      summary: 'Delete a priority no ticket uses (with its SLA rules)',
      params: IdParams,
      response: { 204: z.null() },
    },
    handler: async (request, reply) => {
      await service.remove(request.params.id);
      return reply.code(204).send(null);
    },
  });
};
