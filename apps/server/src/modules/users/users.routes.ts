import {
  IdParams,
  UserLookupList,
  UserLookupQuery,
  UserCreateRequest,
  UserListQuery,
  UserPage,
  UserResetPasswordRequest,
  UserResponse,
  UserUpdateRequest,
} from '@bantu/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '@/http/auth.plugin';

export const usersRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = app.services.users;
  const tags = ['users'];

  app.get('/api/users', {
    config: { access: 'user:manage' },
    schema: { tags, summary: 'List users', querystring: UserListQuery, response: { 200: UserPage } },
    handler: (request) => service.list(request.query),
  });

  app.get('/api/users/lookup', {
    config: { access: 'ticket:create_on_behalf' },
    schema: {
      tags,
      summary: 'Find active users to open a ticket for (IT staff)',
      querystring: UserLookupQuery,
      response: { 200: UserLookupList },
    },
    handler: async (request) => ({
      items: await service.lookup(request.query.q, request.query.limit),
      nextCursor: null,
    }),
  });

  app.post('/api/users', {
    config: { access: 'user:manage' },
    schema: { tags, summary: 'Create a user', body: UserCreateRequest, response: { 201: UserResponse } },
    handler: async (request, reply) =>
      reply.code(201).send(await service.create(request.body, currentUser(request).id)),
  });

  app.get('/api/users/:id', {
    config: { access: 'user:manage' },
    schema: { tags, summary: 'Get a user', params: IdParams, response: { 200: UserResponse } },
    handler: (request) => service.get(request.params.id),
  });

  app.patch('/api/users/:id', {
    config: { access: 'user:manage' },
    schema: {
      tags,
      summary: 'Edit, deactivate or change the role of a user',
      params: IdParams,
      body: UserUpdateRequest,
      response: { 200: UserResponse },
    },
    handler: (request) => service.update(currentUser(request).id, request.params.id, request.body),
  });

  app.post('/api/users/:id/reset-password', {
    config: { access: 'user:manage' },
    schema: {
      tags,
      summary: "Set a user's password (ends their sessions)",
      params: IdParams,
      body: UserResetPasswordRequest,
      response: { 204: z.null() },
    },
    handler: async (request, reply) => {
      await service.resetPassword(request.params.id, request.body.password, currentUser(request).id);
      return reply.code(204).send(null);
    },
  });
};
