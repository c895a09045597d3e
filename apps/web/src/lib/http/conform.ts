import type { Endpoint, Route } from '@bantu/contracts';
import { ContractMismatchError } from './errors';

let byRoute: Map<string, Endpoint> | undefined;

/** The contracts' endpoint of a route (the schemas and zod are loaded on the first call). */
async function contractOf(route: Route): Promise<Endpoint | undefined> {
  if (!byRoute) {
    const { endpoints } = await import('@bantu/contracts');
    byRoute = new Map(Object.values(endpoints).map((e: Endpoint) => [`${e.method} ${e.path}`, e]));
  }
  return byRoute.get(`${route.method} ${route.path}`);
}

/**
 * Checks an answer against the response schema of its endpoint for the status it came with. In
 * development builds and tests a mismatch throws, so drift between server and client fails
 * loudly. Production builds do not check (`checkAnswer` returns the data as it came): the
 * schemas and zod would otherwise be part of every first load, and the server already writes
 * each answer through the same schema (apps/server/src/http/serializer.ts). The web relies on no
 * parse step: no response schema transforms (conform.test.ts).
 */
export async function checkAnswer<T>(route: Route, status: number, data: unknown): Promise<T> {
  if (!import.meta.env.DEV || status === 204) return data as T;
  const schema = (await contractOf(route))?.response?.[status];
  if (!schema) return data as T;
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data as T;
  throw new ContractMismatchError(`${route.method} ${route.path}`, parsed.error.issues);
}
