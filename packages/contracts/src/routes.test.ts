import { describe, expect, it } from 'vitest';
import { endpoints } from './endpoints';
import { routes } from './routes';

describe('the route table and the endpoint table', () => {
  it('name the same routes, each endpoint with the method and path of its route', () => {
    expect(Object.keys(endpoints).sort()).toEqual(Object.keys(routes).sort());
    for (const [name, route] of Object.entries(routes)) {
      const endpoint = endpoints[name as keyof typeof endpoints];
      expect({ name, method: endpoint.method, path: endpoint.path }).toEqual({ name, ...route });
    }
  });

  it('have no two routes with the same method and path', () => {
    const keys = Object.values(routes).map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
