import { endpoints, type ReportQueryParsed } from '@bantu/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { route } from '@/http/route';
import { reportCacheKey, wantsFresh, type CachedReport } from './reports.cache';

/** Response header saying how the figures were served: hit, miss or bypass (docs/reports.md "Cache"). */
export const CACHE_HEADER = 'x-bantu-cache';

/**
 * Manager reports (docs/reports.md). Every query reads the read database (DATABASE_READ_URL).
 * The dashboard's figures are served through the figures cache (app.figuresCache), keyed by
 * report, query and the caller's role, after the route's permission check.
 */
export const reportsRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = app.services.reports;
  const cache = app.figuresCache;
  const counter = app.services.metrics.figuresCache;
  const tags = ['reports'];
  const config = { access: 'report:view' as const };

  async function cached<T>(
    report: CachedReport,
    request: FastifyRequest & { query: ReportQueryParsed },
    reply: FastifyReply,
    compute: () => Promise<T>,
  ): Promise<T> {
    const key = reportCacheKey(report, request.query, { role: request.user!.role });
    const { value, result } = await cache.get(key, compute, wantsFresh(request.headers['cache-control']));
    counter.inc({ report, result });
    // One user's figures are never stored by a shared HTTP cache on the way.
    reply.header(CACHE_HEADER, result).header('cache-control', 'private, no-store');
    return value;
  }

  route(app, endpoints.getReportCalendar, {
    config,
    schema: { tags, summary: "The organisation's time zone and today's date in it (the dashboard's date presets)" },
    handler: () => service.calendar(),
  });

  route(app, endpoints.reportSummary, {
    config,
    schema: { tags, summary: 'Headline figures of the period and of the previous period of equal length' },
    handler: (request, reply) => cached('summary', request, reply, () => service.summary(request.query)),
  });

  route(app, endpoints.reportTrends, {
    config,
    schema: { tags, summary: 'The figures per day, week or month' },
    handler: (request, reply) => cached('trends', request, reply, () => service.trends(request.query)),
  });

  route(app, endpoints.reportStaff, {
    config: { access: 'staff_performance:view' as const },
    schema: { tags, summary: 'Per IT staff member' },
    handler: (request, reply) => cached('staff', request, reply, () => service.staff(request.query)),
  });

  route(app, endpoints.reportCategories, {
    config,
    schema: { tags, summary: 'Per category' },
    handler: (request, reply) => cached('categories', request, reply, () => service.categories(request.query)),
  });

  route(app, endpoints.reportPriorities, {
    config,
    schema: { tags, summary: 'Per priority' },
    handler: (request, reply) => cached('priorities', request, reply, () => service.priorities(request.query)),
  });

  route(app, endpoints.reportDivisions, {
    config,
    schema: { tags, summary: "Per requester's division" },
    handler: (request, reply) => cached('divisions', request, reply, () => service.divisions(request.query)),
  });

  route(app, endpoints.reportCsat, {
    config,
    schema: { tags, summary: 'CSAT distribution' },
    handler: (request, reply) => cached('csat', request, reply, () => service.csat(request.query)),
  });
};
