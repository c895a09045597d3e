import {
  CatalogListQuery,
  CategoryCreateRequest,
  CategoryList,
  CategoryResponse,
  CategoryUpdateRequest,
  IdParams,
  can,
} from '@bantu/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '@/http/auth.plugin';

export const categoriesRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = app.services.categories;
  const tags = ['categories'];

  app.get('/api/categories', {
    config: { access: 'catalog:read' },
    schema: {
      tags,
      summary: 'Categories (active ones; admins may include deactivated)',
      querystring: CatalogListQuery,
      response: { 200: CategoryList },
    },
    handler: async (request) => {
      const includeInactive =
        (request.query.includeInactive ?? false) && can(currentUser(request).role, 'category:manage');
      return { items: await service.list(includeInactive), nextCursor: null };
    },
  });

  app.post('/api/categories', {
    config: { access: 'category:manage' },
    schema: { tags, summary: 'Create a category', body: CategoryCreateRequest, response: { 201: CategoryResponse } },
    handler: async (request, reply) => reply.code(201).send(await service.create(request.body)),
  });

  app.patch('/api/categories/:id', {
    config: { access: 'category:manage' },
    schema: {
      tags,
      summary: 'Edit, deactivate or reactivate a category',
      params: IdParams,
      body: CategoryUpdateRequest,
      response: { 200: CategoryResponse },
    },
    handler: (request) => service.update(request.params.id, request.body),
  });

  app.delete('/api/categories/:id', {
    config: { access: 'category:manage' },
    schema: { tags, summary: 'Delete a category no ticket uses', params: IdParams, response: { 204: z.null() } },
    handler: async (request, reply) => {
      await service.remove(request.params.id);
      return reply.code(204).send(null);
    },
  });
};
