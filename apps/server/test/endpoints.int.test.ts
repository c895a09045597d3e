import { endpoints, type Endpoint } from '@bantu/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './app';

/**
 * The contracts' endpoint table and the server agree: every endpoint is registered exactly once,
 * and every route the server has (each declares its access) is an endpoint of the table.
 */
describe('endpoint table x registered routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  const table: Endpoint[] = Object.values(endpoints);
  const keyOf = (e: { method: string; path: string }) => `${e.method} ${e.path}`;

  it('names each method and path once', () => {
    const keys = table.map(keyOf);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('registers every endpoint exactly once, and no route outside the table', () => {
    const registered = t.app.routeAccess.map((r) => `${r.method} ${r.url}`);
    const counts = new Map<string, number>();
    for (const key of registered) counts.set(key, (counts.get(key) ?? 0) + 1);
    for (const key of table.map(keyOf)) expect(counts.get(key), key).toBe(1);
    expect(registered.filter((key) => !table.some((e) => keyOf(e) === key))).toEqual([]);
    expect(registered).toHaveLength(table.length);
  });

  it('documents every endpoint in the OpenAPI document with the statuses of the table', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> }>();
    const documented = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, operation]) => ({
        key: `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
        statuses: Object.keys(operation.responses ?? {}).filter((s) => /^\d+$/.test(s)),
      })),
    );
    const tableKeys = table.map(keyOf).sort();
    expect(documented.map((d) => d.key).sort()).toEqual(tableKeys);
    for (const endpoint of table) {
      const entry = documented.find((d) => d.key === keyOf(endpoint));
      // Routes without a response schema are documented with the default answer only.
      const statuses = Object.keys(endpoint.response ?? {}).sort();
      if (statuses.length > 0) expect(entry?.statuses.sort(), keyOf(endpoint)).toEqual(statuses);
    }
  });
});
