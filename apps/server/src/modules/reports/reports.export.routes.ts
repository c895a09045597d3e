import { perUserLimit } from '@/http/user-rate-limit';
import {
  ExportQueued,
  ReportExportPage,
  ReportExportResponse,
  ReportSubscriptionCreateRequest,
  ReportSubscriptionList,
  ReportSubscriptionResponse,
  ReportExportQuery,
  TicketExportQuery,
} from '@bantu/contracts';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '@/http/auth.plugin';
import { contentDisposition } from '@/lib/file-names';
import type { ExportResult, TicketExportParams } from './reports.export';

const IdParams = z.object({ id: z.uuid() });

/** Sends an export: the file (streamed; Content-Length when known) or 202 with the queued job. */
export function sendExport(reply: FastifyReply, result: ExportResult) {
  if (result.kind === 'queued') return reply.code(202).send({ export: result.export, message: 'queued' });
  reply
    .header('content-type', result.contentType)
    .header('content-disposition', contentDisposition('attachment', result.fileName))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .header('x-export-rows', String(result.rowCount));
  if (result.size !== undefined) reply.header('content-length', String(result.size));
  return reply.send(result.body);
}

/**
 * Exports: the ticket list as CSV/XLSX, background exports (status and download, requester
 * only) and scheduled report subscriptions. The report export itself (GET /api/reports/export)
 * is registered with the metrics routes' service in `reportExportRoute`.
 */
export function reportExportRoutes(): FastifyPluginAsyncZod {
  return async (app) => {
    const service = app.services.exports;
    const subscriptions = app.services.subscriptions;
    const tags = ['reports'];
    const file = { 200: z.any().describe('The file'), 202: ExportQueued };

    app.get('/api/tickets/export', {
      config: { access: 'ticket:view_all' },
      preHandler: perUserLimit(app, 'export'),
      schema: {
        tags: ['tickets'],
        summary:
          'Every ticket of a filtered list as CSV (UTF-8 with BOM) or XLSX; header X-Export-Rows gives the row count. ' +
          'Over the inline limit it answers 202 and the file comes by notification.',
        querystring: TicketExportQuery,
        response: file,
      },
      handler: async (request, reply) =>
        sendExport(
          reply,
          await service.exportTickets(currentUser(request), request.query as unknown as TicketExportParams),
        ),
    });

    {
      app.get('/api/reports/export', {
        config: { access: 'report:export' },
        preHandler: perUserLimit(app, 'export'),
        schema: {
          tags,
          summary: 'The report of a period and filter as CSV, XLSX (a sheet per table) or PDF (with charts)',
          querystring: ReportExportQuery,
          response: file,
        },
        handler: async (request, reply) => {
          const { format, ...query } = request.query;
          return sendExport(reply, await service.exportNow(currentUser(request), 'report', format, query));
        },
      });
    }

    app.get('/api/reports/exports', {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'My background exports, newest first', response: { 200: ReportExportPage } },
      handler: (request) => service.list(currentUser(request)),
    });

    app.get('/api/reports/exports/:id', {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'One of my background exports',
        params: IdParams,
        response: { 200: ReportExportResponse },
      },
      handler: (request) => service.get(currentUser(request), request.params.id),
    });

    app.get('/api/reports/exports/:id/download', {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Download a finished export (its requester only; 410 once expired)',
        params: IdParams,
        response: { 200: z.any() },
      },
      handler: async (request, reply) => {
        const f = await service.open(currentUser(request), request.params.id);
        return reply
          .header('content-type', f.contentType)
          .header('content-length', String(f.size))
          .header('content-disposition', contentDisposition('attachment', f.fileName))
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'private, no-store')
          .send(f.body);
      },
    });

    app.get('/api/reports/subscriptions', {
      config: { access: 'report:export' },
      schema: { tags, summary: 'My scheduled report e-mails', response: { 200: ReportSubscriptionList } },
      handler: (request) => subscriptions.list(currentUser(request).id),
    });

    app.post('/api/reports/subscriptions', {
      config: { access: 'report:export' },
      schema: {
        tags,
        summary: 'Subscribe to a daily, weekly or monthly report e-mail (PDF and XLSX attached)',
        body: ReportSubscriptionCreateRequest,
        response: { 201: ReportSubscriptionResponse },
      },
      handler: async (request, reply) => {
        const { frequency, filters } = request.body;
        return reply.code(201).send(await subscriptions.create(currentUser(request).id, frequency, filters));
      },
    });

    app.delete('/api/reports/subscriptions/:id', {
      config: { access: 'report:export' },
      schema: { tags, summary: 'Unsubscribe', params: IdParams, response: { 204: z.null() } },
      handler: async (request, reply) => {
        await subscriptions.remove(currentUser(request).id, request.params.id);
        return reply.code(204).send(null);
      },
    });
  };
}
