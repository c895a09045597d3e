import { endpoints } from '@bantu/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { currentUser } from '@/http/auth.plugin';
import { route } from '@/http/route';

export const usersRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = app.services.users;
  const tags = ['users'];

  route(app, endpoints.listUsers, {
    config: { access: 'user:manage' },
    schema: { tags, summary: 'List users' },
    handler: (request) => service.list(request.query),
  });

  route(app, endpoints.lookupUsers, {
    config: { access: 'ticket:create_on_behalf' },
    schema: { tags, summary: 'Find active users to open a ticket for (IT staff)' },
    handler: async (request) => ({
      items: await service.lookup(request.query.q, request.query.limit),
      nextCursor: null,
    }),
  });

  route(app, endpoints.createUser, {
    config: { access: 'user:manage' },
    schema: { tags, summary: 'Create a user' },
    handler: async (request, reply) =>
      reply.code(201).send(await service.create(request.body, currentUser(request).id)),
  });

  route(app, endpoints.getUser, {
    config: { access: 'user:manage' },
    schema: { tags, summary: 'Get a user' },
    handler: (request) => service.get(request.params.id),
  });

  route(app, endpoints.updateUser, {
    config: { access: 'user:manage' },
    schema: { tags, summary: 'Edit, deactivate or change the role of a user' },
    handler: (request) => service.update(currentUser(request).id, request.params.id, request.body),
  });

  route(app, endpoints.resetUserPassword, {
    config: { access: 'user:manage' },
    schema: { tags, summary: "Set a user's password (ends their sessions)" },
    handler: async (request, reply) => {
      await service.resetPassword(request.params.id, request.body.password, currentUser(request).id);
      return reply.code(204).send(null);
    },
  });
};
