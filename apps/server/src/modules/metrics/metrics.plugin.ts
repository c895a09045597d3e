import { endpoints } from '@bantu/contracts';
import { timingSafeEqual } from 'node:crypto';
import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { sendProblem } from '@/http/problem';
import type { Metrics } from './metrics.registry';
import { route } from '@/http/route';

export interface MetricsPluginOptions {
  metrics: Metrics;
  /** METRICS_TOKEN: when set, /metrics wants `Authorization: Bearer <token>`; else loopback peers only. */
  token?: string;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function allowed(request: FastifyRequest, token: string | undefined): boolean {
  if (token) {
    const given = Buffer.from(request.headers.authorization ?? '');
    const wanted = Buffer.from(`Bearer ${token}`);
    return given.length === wanted.length && timingSafeEqual(given, wanted);
  }
  // The socket's peer, never X-Forwarded-For: a proxied request is not a local scraper (the
  // shipped nginx.conf also refuses /metrics from outside).
  return LOOPBACK.has(request.socket.remoteAddress ?? '');
}

/**
 * Prometheus metrics: every response is timed by its route template (a bounded label set:
 * unmatched paths count as one), and GET /metrics serves the registry in the text format.
 */
export const metricsPlugin = fp<MetricsPluginOptions>(
  async (app, { metrics, token }) => {
    app.addHook('onClose', async () => metrics.close());
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      if (route === '/metrics') return;
      metrics.httpDuration.observe(
        { method: request.method, route, status: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
    });

    route(app, endpoints.metrics, {
      config: { access: 'public' },
      schema: { tags: ['metrics'], summary: 'Prometheus metrics (METRICS_TOKEN, or loopback clients only)' },
      handler: async (request, reply) => {
        if (!allowed(request, token)) {
          return sendProblem(request, reply, 'FORBIDDEN', 'Metrics need the metrics token or a local address');
        }
        await metrics.refreshDatabaseFigures();
        return reply
          .type(metrics.registry.contentType)
          .header('cache-control', 'no-store')
          .send(await metrics.registry.metrics());
      },
    });
  },
  { name: 'metrics' },
);
