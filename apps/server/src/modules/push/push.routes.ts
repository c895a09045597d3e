import { endpoints } from '@bantu/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { currentUser } from '@/http/auth.plugin';
import { notFound } from '@/lib/errors';
import { route } from '@/http/route';

/** Web Push: the VAPID public key and the signed-in user's own device subscriptions. */
export const pushRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = app.services.push;
  const tags = ['notifications'];

  route(app, endpoints.getPushKey, {
    config: { access: 'notification:preferences' },
    schema: { tags, summary: 'The VAPID public key to subscribe a device with' },
    handler: async () => ({ publicKey: await service.publicKey() }),
  });

  route(app, endpoints.listPushSubscriptions, {
    config: { access: 'notification:preferences' },
    schema: { tags, summary: 'My devices that receive push notifications' },
    handler: async (request) => ({ items: await service.list(currentUser(request).id) }),
  });

  route(app, endpoints.createPushSubscription, {
    config: { access: 'notification:preferences' },
    schema: { tags, summary: "Subscribe this device (its browser's PushSubscription)" },
    handler: async (request, reply) =>
      reply.code(201).send(await service.subscribe(currentUser(request).id, request.body)),
  });

  route(app, endpoints.deletePushSubscription, {
    config: { access: 'notification:preferences' },
    schema: { tags, summary: 'Revoke one of my devices' },
    handler: async (request, reply) => {
      const removed = await service.revoke(currentUser(request).id, request.params.id);
      if (!removed) throw notFound('Device');
      return reply.code(204).send(null);
    },
  });
};
