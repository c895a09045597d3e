import { can, endpoints } from '@bantu/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { currentUser } from '@/http/auth.plugin';
import { route } from '@/http/route';

export const prioritiesRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = app.services.priorities;
  const tags = ['priorities'];

  route(app, endpoints.listPriorities, {
    config: { access: 'catalog:read' },
    schema: { tags, summary: 'Priorities (active ones; admins may include deactivated)' },
    handler: async (request) => {
      const includeInactive =
        (request.query.includeInactive ?? false) && can(currentUser(request).role, 'priority:manage');
      return { items: await service.list(includeInactive), nextCursor: null };
    },
  });

  route(app, endpoints.createPriority, {
    config: { access: 'priority:manage' },
    schema: { tags, summary: 'Create a priority' },
    handler: async (request, reply) => reply.code(201).send(await service.create(request.body)),
  });

  route(app, endpoints.updatePriority, {
    config: { access: 'priority:manage' },
    schema: { tags, summary: 'Edit, deactivate or reactivate a priority' },
    handler: (request) => service.update(request.params.id, request.body),
  });

  route(app, endpoints.deletePriority, {
    config: { access: 'priority:manage' },
    schema: { tags, summary: 'Delete a priority no ticket uses (with its SLA rules)' },
    handler: async (request, reply) => {
      await service.remove(request.params.id);
      return reply.code(204).send(null);
    },
  });
};
