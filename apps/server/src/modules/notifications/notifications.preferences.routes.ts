import {
  MyNotificationPreferences,
  MyNotificationPreferencesUpdate,
  NotificationDefaultsResponse,
  NotificationDefaultsUpdateRequest,
} from '@bantu/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { currentUser } from '@/http/auth.plugin';

export const notificationPreferencesRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = app.services.notificationPreferences;
  const tags = ['notifications'];

  app.get('/api/notifications/preferences', {
    config: { access: 'notification:preferences' },
    schema: {
      tags,
      summary: 'My channels per event type, quiet hours and daily digest',
      response: { 200: MyNotificationPreferences },
    },
    handler: (request) => service.getMine(currentUser(request).id),
  });

  app.put('/api/notifications/preferences', {
    config: { access: 'notification:preferences' },
    schema: {
      tags,
      summary: 'Change my notification preferences (only the parts sent)',
      body: MyNotificationPreferencesUpdate,
      response: { 200: MyNotificationPreferences },
    },
    handler: (request) => service.updateMine(currentUser(request).id, request.body),
  });

  app.get('/api/admin/notification-defaults', {
    config: { access: 'notification:defaults' },
    schema: {
      tags,
      summary: 'Organisation default channels per event type (and channels locked on)',
      response: { 200: NotificationDefaultsResponse },
    },
    handler: () => service.getDefaults(),
  });

  app.put('/api/admin/notification-defaults', {
    config: { access: 'notification:defaults' },
    schema: {
      tags,
      summary: 'Change organisation defaults for the event types sent',
      body: NotificationDefaultsUpdateRequest,
      response: { 200: NotificationDefaultsResponse },
    },
    handler: (request) => service.updateDefaults(request.body, currentUser(request).id),
  });
};
