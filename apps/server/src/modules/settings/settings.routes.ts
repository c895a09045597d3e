import { endpoints } from '@bantu/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { currentUser } from '@/http/auth.plugin';
import { route } from '@/http/route';

export const settingsRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = app.services.settings;
  const tags = ['settings'];

  route(app, endpoints.getPublicSettings, {
    config: { access: 'public' },
    schema: { tags, summary: 'Organisation name and default language, for the sign-in page' },
    handler: async () => {
      const { organizationName, defaultLocale, uploadMaxBytes, allowedUploadTypes } = await service.get();
      return { organizationName, defaultLocale, uploadMaxBytes, allowedUploadTypes };
    },
  });

  route(app, endpoints.getSettings, {
    config: { access: 'settings:manage' },
    schema: { tags, summary: 'System settings' },
    handler: () => service.get(),
  });

  route(app, endpoints.updateSettings, {
    config: { access: 'settings:manage' },
    schema: { tags, summary: 'Change system settings (only the fields sent)' },
    handler: (request) => service.update(request.body, currentUser(request).id),
  });
};
