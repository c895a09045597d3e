import { endpoints } from '@bantu/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { route } from '@/http/route';

/** Manager reports (docs/reports.md). Every query reads the read database (DATABASE_READ_URL). */
export const reportsRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = app.services.reports;
  const tags = ['reports'];
  const config = { access: 'report:view' as const };

  route(app, endpoints.getReportCalendar, {
    config,
    schema: { tags, summary: "The organisation's time zone and today's date in it (the dashboard's date presets)" },
    handler: () => service.calendar(),
  });

  route(app, endpoints.reportSummary, {
    config,
    schema: { tags, summary: 'Headline figures of the period and of the previous period of equal length' },
    handler: (request) => service.summary(request.query),
  });

  route(app, endpoints.reportTrends, {
    config,
    schema: { tags, summary: 'The figures per day, week or month' },
    handler: (request) => service.trends(request.query),
  });

  route(app, endpoints.reportStaff, {
    config: { access: 'staff_performance:view' as const },
    schema: { tags, summary: 'Per IT staff member' },
    handler: (request) => service.staff(request.query),
  });

  route(app, endpoints.reportCategories, {
    config,
    schema: { tags, summary: 'Per category' },
    handler: (request) => service.categories(request.query),
  });

  route(app, endpoints.reportPriorities, {
    config,
    schema: { tags, summary: 'Per priority' },
    handler: (request) => service.priorities(request.query),
  });

  route(app, endpoints.reportDivisions, {
    config,
    schema: { tags, summary: "Per requester's division" },
    handler: (request) => service.divisions(request.query),
  });

  route(app, endpoints.reportCsat, {
    config,
    schema: { tags, summary: 'CSAT distribution' },
    handler: (request) => service.csat(request.query),
  });
};
