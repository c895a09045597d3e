import { endpoints } from '@bantu/contracts';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { currentUser } from '@/http/auth.plugin';
import { AppError, unauthenticated } from '@/lib/errors';
import { verifyWebhookSignature } from '@/infra/whatsapp/whatsapp';
import { route } from '@/http/route';

export const notificationsRoutes: FastifyPluginAsyncZod = async (app) => {
  // The HTTP side reads, marks and re-queues; sending belongs to the worker's delivery jobs.
  const service = app.services.notifications;
  const tags = ['notifications'];

  route(app, endpoints.listNotifications, {
    config: { access: 'authenticated' },
    schema: { tags, summary: 'My notifications, newest first' },
    handler: (request) => service.list(currentUser(request).id, request.query),
  });

  route(app, endpoints.getUnreadCount, {
    config: { access: 'authenticated' },
    schema: { tags, summary: 'How many of my notifications are unread' },
    handler: async (request) => ({ count: await service.unreadCount(currentUser(request).id) }),
  });

  route(app, endpoints.markNotificationsRead, {
    config: { access: 'authenticated' },
    schema: { tags, summary: 'Mark some (ids) or all of my notifications read' },
    handler: async (request) => {
      const user = currentUser(request);
      await service.markRead(user.id, request.body);
      return { count: await service.unreadCount(user.id) };
    },
  });

  route(app, endpoints.listDeliveries, {
    config: { access: 'settings:manage' },
    schema: { tags, summary: 'Notification deliveries (e.g. the failed ones, with their error)' },
    handler: (request) => service.listDeliveries(request.query),
  });

  route(app, endpoints.retryDelivery, {
    config: { access: 'settings:manage' },
    schema: { tags, summary: 'Send a failed delivery again' },
    handler: async (request, reply) => {
      await service.retryDelivery(request.params.id);
      return reply.code(204).send(null);
    },
  });

  route(app, endpoints.listCapturedMails, {
    config: { access: 'settings:manage' },
    schema: { tags, summary: 'Mails captured while no SMTP server is configured' },
    handler: (request) => service.listCapturedMails(request.query),
  });

  // WhatsApp delivery receipts. The signature covers the raw bytes, so this scope keeps them.
  await app.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
      (request as unknown as { rawBody: Buffer }).rawBody = body as Buffer;
      try {
        done(null, JSON.parse((body as Buffer).toString('utf8')));
      } catch {
        done(new AppError('VALIDATION_FAILED', 'Body is not JSON'), undefined);
      }
    });

    route(scope, endpoints.whatsappWebhookCheck, {
      config: { access: 'public' },
      schema: { tags, summary: 'WhatsApp webhook subscription check' },
      handler: async (request, reply) => {
        const expected = app.config.whatsapp?.verifyToken;
        if (!expected || request.query['hub.verify_token'] !== expected) throw unauthenticated('Wrong verify token');
        return reply.type('text/plain').send(request.query['hub.challenge']);
      },
    });

    route(scope, endpoints.whatsappWebhook, {
      config: { access: 'public' },
      schema: { tags, summary: 'WhatsApp delivery statuses (signed with the app secret)' },
      handler: async (request) => {
        const secret = app.config.whatsapp?.appSecret;
        const raw = (request as unknown as { rawBody?: Buffer }).rawBody ?? Buffer.alloc(0);
        if (
          !secret ||
          !verifyWebhookSignature(secret, raw, request.headers['x-hub-signature-256'] as string | undefined)
        ) {
          throw unauthenticated('Bad signature');
        }
        const body = request.body as {
          entry?: {
            changes?: { value?: { statuses?: { id: string; status: string; errors?: { title?: string }[] }[] } }[];
          }[];
        };
        let updated = 0;
        for (const entry of body.entry ?? []) {
          for (const change of entry.changes ?? []) {
            for (const status of change.value?.statuses ?? []) {
              await service.recordWhatsAppStatus(status.id, status.status, status.errors?.[0]?.title);
              updated += 1;
            }
          }
        }
        return { updated };
      },
    });
  });
};
