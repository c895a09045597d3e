import { endpoints } from '@bantu/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { currentUser } from '@/http/auth.plugin';
import { route } from '@/http/route';

export const notificationPreferencesRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = app.services.notificationPreferences;
  const tags = ['notifications'];

  route(app, endpoints.getMyNotificationPreferences, {
    config: { access: 'notification:preferences' },
    schema: { tags, summary: 'My channels per event type, quiet hours and daily digest' },
    handler: (request) => service.getMine(currentUser(request).id),
  });

  route(app, endpoints.updateMyNotificationPreferences, {
    config: { access: 'notification:preferences' },
    schema: { tags, summary: 'Change my notification preferences (only the parts sent)' },
    handler: (request) => service.updateMine(currentUser(request).id, request.body),
  });

  route(app, endpoints.getNotificationDefaults, {
    config: { access: 'notification:defaults' },
    schema: { tags, summary: 'Organisation default channels per event type (and channels locked on)' },
    handler: () => service.getDefaults(),
  });

  route(app, endpoints.updateNotificationDefaults, {
    config: { access: 'notification:defaults' },
    schema: { tags, summary: 'Change organisation defaults for the event types sent' },
    handler: (request) => service.updateDefaults(request.body, currentUser(request).id),
  });
};
