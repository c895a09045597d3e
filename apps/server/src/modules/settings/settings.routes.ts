import { PublicSettingsResponse, SettingsResponse, SettingsUpdateRequest } from '@bantu/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { currentUser } from '@/http/auth.plugin';

export const settingsRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = app.services.settings;
  const tags = ['settings'];

  app.get('/api/settings/public', {
    config: { access: 'public' },
    schema: {
      tags,
      summary: 'Organisation name and default language, for the sign-in page',
      response: { 200: PublicSettingsResponse },
    },
    handler: async () => {
      const { organizationName, defaultLocale, uploadMaxBytes, allowedUploadTypes } = await service.get();
      return { organizationName, defaultLocale, uploadMaxBytes, allowedUploadTypes };
    },
  });

  app.get('/api/settings', {
    config: { access: 'settings:manage' },
    schema: { tags, summary: 'System settings', response: { 200: SettingsResponse } },
    handler: () => service.get(),
  });

  app.patch('/api/settings', {
    config: { access: 'settings:manage' },
    schema: {
      tags,
      summary: 'Change system settings (only the fields sent)',
      body: SettingsUpdateRequest,
      response: { 200: SettingsResponse },
    },
    handler: (request) => service.update(request.body, currentUser(request).id),
  });
};
