import {
  CapturedMailPage,
  DeliveryListQuery,
  DeliveryPage,
  IdParams,
  ListQuery,
  MarkReadRequest,
  NotificationListQuery,
  NotificationPage,
  UnreadCount,
} from '@bantu/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '@/http/auth.plugin';
import { captureMailer } from '@/infra/mail/mailer';
import { notificationsService } from './notifications.service';

export const notificationsRoutes: FastifyPluginAsyncZod = async (app) => {
  // The HTTP side only reads and marks; sending belongs to the worker (its mailer is unused here).
  const service = notificationsService({ db: app.db, clock: app.clock, mailer: captureMailer(app.db) });
  const tags = ['notifications'];

  app.get('/api/notifications', {
    config: { access: 'authenticated' },
    schema: {
      tags,
      summary: 'My notifications, newest first',
      querystring: NotificationListQuery,
      response: { 200: NotificationPage },
    },
    handler: (request) => service.list(currentUser(request).id, request.query),
  });

  app.get('/api/notifications/unread-count', {
    config: { access: 'authenticated' },
    schema: { tags, summary: 'How many of my notifications are unread', response: { 200: UnreadCount } },
    handler: async (request) => ({ count: await service.unreadCount(currentUser(request).id) }),
  });

  app.post('/api/notifications/read', {
    config: { access: 'authenticated' },
    schema: {
      tags,
      summary: 'Mark some (ids) or all of my notifications read',
      body: MarkReadRequest,
      response: { 200: UnreadCount },
    },
    handler: async (request) => {
      const user = currentUser(request);
      await service.markRead(user.id, request.body);
      return { count: await service.unreadCount(user.id) };
    },
  });

  app.get('/api/admin/deliveries', {
    config: { access: 'settings:manage' },
    schema: {
      tags,
      summary: 'Notification deliveries (e.g. the failed ones, with their error)',
      querystring: DeliveryListQuery,
      response: { 200: DeliveryPage },
    },
    handler: (request) => service.listDeliveries(request.query),
  });

  app.post('/api/admin/deliveries/:id/retry', {
    config: { access: 'settings:manage' },
    schema: { tags, summary: 'Send a failed delivery again', params: IdParams, response: { 204: z.null() } },
    handler: async (request, reply) => {
      await service.retryDelivery(request.params.id);
      return reply.code(204).send(null);
    },
  });

  app.get('/api/admin/mails', {
    config: { access: 'settings:manage' },
    schema: {
      tags,
      summary: 'Mails captured while no SMTP server is configured',
      querystring: ListQuery,
      response: { 200: CapturedMailPage },
    },
    handler: (request) => service.listCapturedMails(request.query),
  });
};
