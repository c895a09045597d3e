import { can, endpoints } from '@bantu/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { currentUser } from '@/http/auth.plugin';
import { route } from '@/http/route';

export const categoriesRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = app.services.categories;
  const tags = ['categories'];

  route(app, endpoints.listCategories, {
    config: { access: 'catalog:read' },
    schema: { tags, summary: 'Categories (active ones; admins may include deactivated)' },
    handler: async (request) => {
      const includeInactive =
        (request.query.includeInactive ?? false) && can(currentUser(request).role, 'category:manage');
      return { items: await service.list(includeInactive), nextCursor: null };
    },
  });

  route(app, endpoints.createCategory, {
    config: { access: 'category:manage' },
    schema: { tags, summary: 'Create a category' },
    handler: async (request, reply) => reply.code(201).send(await service.create(request.body)),
  });

  route(app, endpoints.updateCategory, {
    config: { access: 'category:manage' },
    schema: { tags, summary: 'Edit, deactivate or reactivate a category' },
    handler: (request) => service.update(request.params.id, request.body),
  });

  route(app, endpoints.deleteCategory, {
    config: { access: 'category:manage' },
    schema: { tags, summary: 'Delete a category no ticket uses' },
    handler: async (request, reply) => {
      await service.remove(request.params.id);
      return reply.code(204).send(null);
    },
  });
};
