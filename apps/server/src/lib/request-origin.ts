import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The base URL of the request being served (PUBLIC_URL when set, else the scheme and host it
 * came in on), available to whatever the request runs, so the outbox event it writes keeps it:
 * the worker that mails a link later has no request. Outside a request (jobs) it is null.
 */
const storage = new AsyncLocalStorage<{ baseUrl: string | null }>();

export const runWithBaseUrl = <T>(baseUrl: string | null, fn: () => T): T => storage.run({ baseUrl }, fn);

export const currentBaseUrl = (): string | null => storage.getStore()?.baseUrl ?? null;

// A host name, IPv4 or [IPv6], with an optional port: anything else (a spoofed Host with a path,
// quotes or spaces) gives no link rather than a strange one.
const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** `scheme://host` of a request, or null when the host is not a plain host[:port]. */
export function originOf(protocol: string, host: string | undefined): string | null {
  if (!host || !HOST.test(host) || (protocol !== 'http' && protocol !== 'https')) return null;
  return `${protocol}://${host.toLowerCase()}`;
}

/** The link to a ticket's page (the web app redirects /tickets/:ref into the reader's area). */
export function ticketLink(baseUrl: string | null | undefined, ticketNumber: string | null): string | null {
  if (!baseUrl || !ticketNumber) return null;
  return `${baseUrl.replace(/\/+$/, '')}/tickets/${encodeURIComponent(ticketNumber)}`;
}
