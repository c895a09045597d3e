import { routes } from '@bantu/contracts';
import type { Endpoint, EndpointName, Route, endpoints as contract } from '@bantu/contracts';

/**
 * An endpoint as the web app calls it: its method and path at run time (from the contracts'
 * schema-free route table), its schemas as types only. The schemas, and zod with them, stay out
 * of the bundle; in development builds and tests the client loads them to check each answer
 * (conform.ts).
 */
export interface ApiEndpoint<E extends Endpoint = Endpoint> extends Route {
  readonly method: E['method'];
  readonly path: E['path'];
  /** Never set: carries the endpoint's contract for the client's types. */
  readonly contract?: E;
}

/** The contracts' endpoint of an ApiEndpoint. */
export type ContractOf<A> = A extends ApiEndpoint<infer E> ? E : never;

export type ApiEndpoints = { readonly [K in EndpointName]: ApiEndpoint<(typeof contract)[K]> };

/** Every endpoint of the contracts' table, by the same names: `api(endpoints.getMe)`. */
export const endpoints: ApiEndpoints = routes;
