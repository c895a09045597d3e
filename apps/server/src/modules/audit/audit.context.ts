import { AsyncLocalStorage } from 'node:async_hooks';

/** The client of the request being served (address and user agent), for audit events. */
export interface AuditClient {
  ip: string | null;
  userAgent: string | null;
}

const storage = new AsyncLocalStorage<AuditClient>();

export const runWithAuditClient = <T>(client: AuditClient, fn: () => T): T => storage.run(client, fn);

/** The current request's client; nulls outside a request (jobs, the CLI). */
export const currentAuditClient = (): AuditClient => storage.getStore() ?? { ip: null, userAgent: null };
