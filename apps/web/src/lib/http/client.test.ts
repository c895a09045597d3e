import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { api, pathFor } from './client';
import { ApiError, ContractMismatchError, readProblem } from './errors';
import { endpoints } from '@/lib/http';

/** What the client handed to fetch; the browser's fetch is replaced, the client is the real one. */
interface Sent {
  url: string;
  method: string;
  headers: Headers;
  body: string | undefined;
}

const category = {
  id: '0b9c1f4e-7d2a-4c3b-9e8f-1a2b3c4d5e6f',
  name: 'Printer',
  description: null,
  isActive: true,
  createdAt: '2026-12-04T08:00:00.000Z',
  updatedAt: '2026-12-04T08:00:00.000Z',
};

describe('the typed API client', () => {
  const realFetch = globalThis.fetch;
  let sent: Sent[];
  let answer: () => Response;

  beforeEach(() => {
    sent = [];
    answer = () => new Response(null, { status: 204 });
    globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      sent.push({
        url: input instanceof Request ? input.url : input.toString(),
        method: init?.method ?? 'GET',
        headers: new Headers(init?.headers),
        body: typeof init?.body === 'string' ? init.body : undefined,
      });
      return Promise.resolve(answer());
    };
  });
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

  it('runs as a development build under vitest (so contract mismatches throw)', () => {
    expect(import.meta.env.DEV).toBe(true);
  });

  it('fills path parameters URI-encoded, with the method of the table', async () => {
    answer = () => json(200, category);
    const result = await api(endpoints.updateCategory, { params: { id: 'a/b c' }, body: { name: 'Printer' } });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.method).toBe('PATCH');
    expect(sent[0]!.url).toBe('/api/categories/a%2Fb%20c');
    expect(sent[0]!.headers.get('Content-Type')).toBe('application/json');
    expect(JSON.parse(sent[0]!.body ?? 'null')).toEqual({ name: 'Printer' });
    expect(result).toEqual(category);
  });

  it('puts the query in the URL and leaves out empty values', async () => {
    answer = () => json(200, { items: [], nextCursor: null });
    await api(endpoints.listTickets, { query: { status: 'OPEN,ON_HOLD', cursor: undefined, q: '', limit: 25 } });
    expect(sent[0]!.method).toBe('GET');
    expect(sent[0]!.url).toBe('/api/tickets?status=OPEN%2CON_HOLD&limit=25');
    expect(sent[0]!.body).toBeUndefined();
  });

  it('answers undefined for 204 and sends no body when there is none', async () => {
    const result = await api(endpoints.deleteCategory, { params: { id: category.id } });
    expect(sent[0]).toMatchObject({ method: 'DELETE', url: `/api/categories/${category.id}`, body: undefined });
    expect(result).toBeUndefined();
  });

  it('builds the paths of endpoints with other parameter names', () => {
    expect(pathFor(endpoints.getTicket, { idOrNumber: 'TKT-2026-000123' })).toBe('/api/tickets/TKT-2026-000123');
    expect(pathFor(endpoints.startSso, { slug: 'google' })).toBe('/api/auth/sso/google/start');
    expect(() => pathFor(endpoints.getTicket, {})).toThrow(/idOrNumber/);
  });

  it('throws in development and tests when the answer does not match the contract', async () => {
    answer = () => json(200, { items: [{ ...category, isActive: 'yes' }], nextCursor: null });
    const call = api(endpoints.listCategories);
    await expect(call).rejects.toBeInstanceOf(ContractMismatchError);
    await expect(call).rejects.toThrow('GET /api/categories does not match the contract');
  });

  it('strips what the contract does not name from a matching answer', async () => {
    answer = () => json(200, { items: [{ ...category, secret: 'x' }], nextCursor: null });
    const page = await api(endpoints.listCategories);
    expect(page.items[0]).toEqual(category);
  });

  it('turns a problem+json answer into an ApiError with its code', async () => {
    answer = () =>
      new Response(
        JSON.stringify({ type: 'urn:bantu:problem:in-use', title: 'Still in use', status: 409, code: 'IN_USE' }),
        { status: 409, headers: { 'Content-Type': 'application/problem+json' } },
      );
    const error: unknown = await api(endpoints.deleteCategory, { params: { id: category.id } }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: 'IN_USE' });
  });

  it('names the code of a bare error status from the shared status map', async () => {
    answer = () => new Response('<html>bad gateway</html>', { status: 503 });
    const error: unknown = await api(endpoints.getSettings).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 503, code: 'NOT_READY' });
  });
});

describe('reading a problem+json body without zod', () => {
  it('keeps the code, texts and well-formed field errors', () => {
    expect(
      readProblem({
        type: 'urn:bantu:problem:validation',
        title: 'Invalid',
        status: 400,
        code: 'VALIDATION_FAILED',
        detail: 'email is required',
        requestId: 'r1',
        errors: [{ field: 'body.email', message: 'Required' }, { field: 3 }, null],
      }),
    ).toEqual({
      code: 'VALIDATION_FAILED',
      title: 'Invalid',
      detail: 'email is required',
      requestId: 'r1',
      errors: [{ field: 'body.email', message: 'Required' }],
    });
  });

  it('refuses a code outside the contract, a missing title and what is not an object', () => {
    expect(readProblem({ title: 'x', code: 'NOPE' })).toBeNull();
    expect(readProblem({ code: 'NOT_FOUND' })).toBeNull();
    expect(readProblem('NOT_FOUND')).toBeNull();
    expect(readProblem(null)).toBeNull();
  });
});
