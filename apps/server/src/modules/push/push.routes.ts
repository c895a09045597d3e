import { PushKeyResponse, PushSubscriptionCreate, PushSubscriptionItem, PushSubscriptionList } from '@bantu/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '@/http/auth.plugin';
import { notFound } from '@/lib/errors';

/** Web Push: the VAPID public key and the signed-in user's own device subscriptions. */
export const pushRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = app.services.push;
  const tags = ['notifications'];

  app.get('/api/push/key', {
    config: { access: 'notification:preferences' },
    schema: { tags, summary: 'The VAPID public key to subscribe a device with', response: { 200: PushKeyResponse } },
    handler: async () => ({ publicKey: await service.publicKey() }),
  });

  app.get('/api/push/subscriptions', {
    config: { access: 'notification:preferences' },
    schema: { tags, summary: 'My devices that receive push notifications', response: { 200: PushSubscriptionList } },
    handler: async (request) => ({ items: await service.list(currentUser(request).id) }),
  });

  app.post('/api/push/subscriptions', {
    config: { access: 'notification:preferences' },
    schema: {
      tags,
      summary: "Subscribe this device (its browser's PushSubscription)",
      body: PushSubscriptionCreate,
      response: { 201: PushSubscriptionItem },
    },
    handler: async (request, reply) =>
      reply.code(201).send(await service.subscribe(currentUser(request).id, request.body)),
  });

  app.delete('/api/push/subscriptions/:id', {
    config: { access: 'notification:preferences' },
    schema: {
      tags,
      summary: 'Revoke one of my devices',
      params: z.object({ id: z.uuid() }),
      response: { 204: z.null() },
    },
    handler: async (request, reply) => {
      const removed = await service.revoke(currentUser(request).id, request.params.id);
      if (!removed) throw notFound('Device');
      return reply.code(204).send(null);
    },
  });
};
