import type { FastifyStaticOptions } from '@fastify/static';

const HASHED = /\/assets\/[^/]+-[A-Za-z0-9_-]{8,}\.(?:js|css|woff2?|png|svg)(?:\.br|\.gz)?$/;

/**
 * How the built web app is served: the brotli/gzip copies made at build time (no compression
 * per request), hashed assets cached for a year as immutable, everything else (index.html,
 * the service worker, manifests, icons) revalidated on every load so a deploy shows at once.
 */
export function webAssetOptions(root: string): FastifyStaticOptions {
  return {
    root,
    wildcard: false,
    index: false,
    preCompressed: true,
    cacheControl: false,
    setHeaders(reply, filePath) {
      reply.header('cache-control', HASHED.test(filePath) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  };
}
