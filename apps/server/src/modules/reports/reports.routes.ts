import {
  ReportCalendarResponse,
  ReportCategoriesResponse,
  ReportCsatResponse,
  ReportDivisionsResponse,
  ReportPrioritiesResponse,
  ReportQuery,
  ReportStaffResponse,
  ReportSummaryResponse,
  ReportTrendsResponse,
} from '@bantu/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** Manager reports (docs/reports.md). Every query reads the read database (DATABASE_READ_URL). */
export const reportsRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = app.services.reports;
  const tags = ['reports'];
  const config = { access: 'report:view' as const };

  app.get('/api/reports/calendar', {
    config,
    schema: {
      tags,
      summary: "The organisation's time zone and today's date in it (the dashboard's date presets)",
      response: { 200: ReportCalendarResponse },
    },
    handler: () => service.calendar(),
  });

  app.get('/api/reports/summary', {
    config,
    schema: {
      tags,
      summary: 'Headline figures of the period and of the previous period of equal length',
      querystring: ReportQuery,
      response: { 200: ReportSummaryResponse },
    },
    handler: (request) => service.summary(request.query),
  });

  app.get('/api/reports/trends', {
    config,
    schema: {
      tags,
      summary: 'The figures per day, week or month',
      querystring: ReportQuery,
      response: { 200: ReportTrendsResponse },
    },
    handler: (request) => service.trends(request.query),
  });

  app.get('/api/reports/staff', {
    config: { access: 'staff_performance:view' as const },
    schema: { tags, summary: 'Per IT staff member', querystring: ReportQuery, response: { 200: ReportStaffResponse } },
    handler: (request) => service.staff(request.query),
  });

  app.get('/api/reports/categories', {
    config,
    schema: { tags, summary: 'Per category', querystring: ReportQuery, response: { 200: ReportCategoriesResponse } },
    handler: (request) => service.categories(request.query),
  });

  app.get('/api/reports/priorities', {
    config,
    schema: { tags, summary: 'Per priority', querystring: ReportQuery, response: { 200: ReportPrioritiesResponse } },
    handler: (request) => service.priorities(request.query),
  });

  app.get('/api/reports/divisions', {
    config,
    schema: {
      tags,
      summary: "Per requester's division",
      querystring: ReportQuery,
      response: { 200: ReportDivisionsResponse },
    },
    handler: (request) => service.divisions(request.query),
  });

  app.get('/api/reports/csat', {
    config,
    schema: { tags, summary: 'CSAT distribution', querystring: ReportQuery, response: { 200: ReportCsatResponse } },
    handler: (request) => service.csat(request.query),
  });
};
