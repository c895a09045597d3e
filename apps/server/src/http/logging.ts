import type { FastifyRequest } from 'fastify';
import { stdSerializers } from 'pino';

/**
 * What never reaches a log line. One list for every place a name can carry a credential: query
 * parameters of the request line (the WebSocket's `?token=`, signed download links' `?t=`,
 * OAuth's `?code=&state=`, a webhook's `hub.verify_token`) and keys of logged objects (headers
 * on an error, a `password` field). Short names are credentials only in a URL: an error's
 * `code` ("23505", "ECONNREFUSED") stays readable.
 */
const SECRET_NAMES: { pattern: RegExp; urlOnly?: true }[] = [
  { pattern: /^(t|code|state|sig|key|otp)$/i, urlOnly: true },
  { pattern: /token|secret|passw|pwd|signature|credential|session|cookie|authori[sz]ation|api[-_]?key|jwt/i },
];

export const REDACTED = '[redacted]';

/** True when a query parameter (or, with `inUrl: false`, an object key) of this name may hold a secret. */
export function isSecretName(name: string, inUrl = true): boolean {
  return SECRET_NAMES.some((entry) => (inUrl || !entry.urlOnly) && entry.pattern.test(name));
}

/** The URL (path and query) with the value of every secret query parameter replaced by `[redacted]`. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  const hash = url.indexOf('#', q);
  const query = url.slice(q + 1, hash === -1 ? undefined : hash);
  const redacted = query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawName = eq === -1 ? pair : pair.slice(0, eq);
      let name: string;
      try {
        name = decodeURIComponent(rawName.replaceAll('+', ' '));
      } catch {
        name = rawName;
      }
      return eq !== -1 && isSecretName(name) ? `${rawName}=${REDACTED}` : pair;
    })
    .join('&');
  return `${url.slice(0, q)}?${redacted}`;
}

/** URLs inside free text (error messages): every query string gets the same treatment. */
function redactText(text: string): string {
  return text.includes('?') ? text.replace(/[^\s"'<>]*\?[^\s"'<>]*/g, (match) => redactUrl(match)) : text;
}

/** A copy of a logged value with secret keys and secret query parameters replaced, depth-bounded. */
export function scrub(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (!value || typeof value !== 'object') return value;
  if (depth > 6 || seen.has(value)) return '[...]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = isSecretName(key, false) ? REDACTED : scrub(item, depth + 1, seen);
  }
  return out;
}

/**
 * The logger's serializers: Fastify's request shape (no headers) with the URL redacted, and pino's error serializer followed by `scrub`, so an error that carries headers or
 * a signed link (HTTP client errors often do) logs neither.
 */
export const logSerializers = {
  req(request: FastifyRequest) {
    return {
      method: request.method,
      url: redactUrl(request.url),
      host: request.host,
      remoteAddress: request.ip,
      remotePort: request.socket?.remotePort,
    };
  },
  err(error: Error) {
    return scrub(stdSerializers.err(error)) as ReturnType<typeof stdSerializers.err>;
  },
};

/** Belt and braces for objects logged by hand: pino's redaction of well-known paths. */
export const logRedact = {
  paths: [
    'req.headers.authorization',
    'req.headers.cookie',
    'res.headers["set-cookie"]',
    'headers.authorization',
    'headers.cookie',
    '*.password',
    '*.token',
  ],
  censor: REDACTED,
};
