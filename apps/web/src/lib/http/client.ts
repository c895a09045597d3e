import type { Endpoint, Route } from '@bantu/contracts';
import type { z } from 'zod';
import { checkAnswer } from './conform';
import type { ApiEndpoint } from './endpoints';
import { request, type QueryValue } from './transport';

/** The names of a path's `:name` parameters: `/api/tickets/:id/comments` gives `'id'`. */
export type PathParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | PathParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

type SchemaAt<E extends Endpoint, K extends 'querystring' | 'body'> = E[K] extends z.ZodType ? E[K] : never;

type ParamsInput<E extends Endpoint> = [PathParamNames<E['path']>] extends [never]
  ? { params?: undefined }
  : { params: Record<PathParamNames<E['path']>, string> };

/** Query keys are checked against the contract; values travel as strings anyway. */
type QueryInput<E extends Endpoint> = [SchemaAt<E, 'querystring'>] extends [never]
  ? { query?: undefined }
  : { query?: { [K in keyof z.input<SchemaAt<E, 'querystring'>>]?: QueryValue } };

type BodyInput<E extends Endpoint> = [SchemaAt<E, 'body'>] extends [never]
  ? { body?: Record<string, never> }
  : { body: z.input<SchemaAt<E, 'body'>> };

/** InputOf and OutputOf are of the contracts' endpoint. */
type InputOf<E extends Endpoint> = ParamsInput<E> &
  QueryInput<E> &
  BodyInput<E> & {
    signal?: AbortSignal;
    /** For the auth endpoints themselves: a 401 there must not trigger a refresh. */
    skipRefresh?: boolean;
  };

type SuccessStatus = 200 | 201 | 202 | 204;
type Responses<E extends Endpoint> = NonNullable<E['response']>;
type SuccessSchema<E extends Endpoint> = Responses<E>[Extract<keyof Responses<E>, SuccessStatus>];

type OutputOf<E extends Endpoint> = [SuccessSchema<E>] extends [never]
  ? unknown
  : SuccessSchema<E> extends z.ZodNull
    ? void
    : z.output<SuccessSchema<E> & z.ZodType>;

/** The contract of an endpoint, as the web holds it (ApiEndpoint) or as the contracts define it. */
type Of<E> = E extends { readonly contract?: infer C extends Endpoint } ? C : E extends Endpoint ? E : never;

/** What a call of an endpoint passes: path parameters, query, body, as its contract names them. */
export type ApiInput<E extends ApiEndpoint | Endpoint> = InputOf<Of<E>>;
/** What a call answers: the success body's type from the contract (void for 204 No Content). */
export type ApiOutput<E extends ApiEndpoint | Endpoint> = OutputOf<Of<E>>;

type RequiredKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? never : K }[keyof T];
/** The input may be left out when nothing in it is required. */
type InputArgs<E extends ApiEndpoint> = [RequiredKeys<ApiInput<E>>] extends [never]
  ? [input?: ApiInput<E>]
  : [input: ApiInput<E>];

/** The endpoint's path with its `:name` parameters filled in (URI-encoded). */
export function pathFor(endpoint: Route, params: Record<string, string> | undefined): string {
  return endpoint.path.replace(/:(\w+)/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new Error(`${endpoint.method} ${endpoint.path}: no value for :${name}`);
    return encodeURIComponent(value);
  });
}

/**
 * Calls one endpoint of the contracts' table: method and path come from the table, and in
 * development builds and tests the answer is checked against the endpoint's response schema for
 * the status it came with (conform.ts).
 */
export async function api<E extends ApiEndpoint>(endpoint: E, ...[input]: InputArgs<E>): Promise<ApiOutput<E>> {
  const { params, query, body, signal, skipRefresh } = (input ?? {}) as {
    params?: Record<string, string>;
    query?: Record<string, QueryValue>;
    body?: unknown;
    signal?: AbortSignal;
    skipRefresh?: boolean;
  };
  const path = pathFor(endpoint, params);
  const { status, data } = await request(endpoint.method, path, { query, body, signal, skipRefresh });
  return checkAnswer<ApiOutput<E>>(endpoint, status, data);
}
