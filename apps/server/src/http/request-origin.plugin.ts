import fp from 'fastify-plugin';
import { originOf, runWithBaseUrl } from '@/lib/request-origin';

/**
 * Runs every request inside its base URL (PUBLIC_URL, else the address it came in on; with
 * TRUST_PROXY the X-Forwarded-Proto/Host of the proxy), so events it writes can link back.
 */
export const requestOriginPlugin = fp(
  async (app, options: { publicUrl?: string }) => {
    const fixed = options.publicUrl ? options.publicUrl.replace(/\/+$/, '') : null;
    app.addHook('onRequest', (request, _reply, done) => {
      runWithBaseUrl(fixed ?? originOf(request.protocol, request.host), done);
    });
  },
  { name: 'request-origin' },
);
