import type { Endpoint } from '@bantu/contracts';
import type {
  ContextConfigDefault,
  FastifyBaseLogger,
  FastifyInstance,
  FastifySchema,
  FastifyTypeProvider,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
  RouteGenericInterface,
  RouteHandlerMethod,
  RouteOptions,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';

/** The part of a route's schema that the endpoint table defines. */
export interface EndpointSchema<E extends Endpoint> extends FastifySchema {
  params: E['params'];
  querystring: E['querystring'];
  body: E['body'];
  response: E['response'];
}

export type EndpointHandler<E extends Endpoint> = RouteHandlerMethod<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  RouteGenericInterface,
  ContextConfigDefault,
  EndpointSchema<E>,
  ZodTypeProvider
>;

/** What a route adds to its endpoint: access (in `config`), OpenAPI tags and summary, hooks... */
export type EndpointRouteOptions<E extends Endpoint> = Omit<
  RouteOptions<
    RawServerDefault,
    RawRequestDefaultExpression,
    RawReplyDefaultExpression,
    RouteGenericInterface,
    ContextConfigDefault,
    EndpointSchema<E>,
    ZodTypeProvider
  >,
  'method' | 'url' | 'schema' | 'handler'
> & {
  /** Documentation and content types only: params, querystring, body and response come from the table. */
  schema?: Omit<FastifySchema, 'params' | 'querystring' | 'body' | 'response'> & {
    tags?: string[];
    summary?: string;
    description?: string;
    consumes?: string[];
  };
};

const SCHEMA_KEYS = ['params', 'querystring', 'body', 'response'] as const;

/**
 * Registers a route of the contracts' endpoint table: method, path and schemas come from the
 * table, the rest (access, tags, summary, hooks) from `options`, so the path and the schemas the
 * web client uses cannot differ from the server's.
 */
export function route<E extends Endpoint, TP extends FastifyTypeProvider>(
  app: FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TP>,
  endpoint: E,
  options: EndpointRouteOptions<E> & { handler: EndpointHandler<E> },
): void;
export function route<E extends Endpoint, TP extends FastifyTypeProvider>(
  app: FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TP>,
  endpoint: E,
  options: EndpointRouteOptions<E>,
  handler: EndpointHandler<E>,
): void;
export function route<E extends Endpoint, TP extends FastifyTypeProvider>(
  app: FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TP>,
  endpoint: E,
  options: EndpointRouteOptions<E> & { handler?: EndpointHandler<E> },
  handler?: EndpointHandler<E>,
): void {
  const schema: FastifySchema = { ...options.schema };
  for (const key of SCHEMA_KEYS) if (endpoint[key] !== undefined) schema[key] = endpoint[key];
  const routeHandler = handler ?? options.handler;
  if (!routeHandler) throw new Error(`${endpoint.method} ${endpoint.path}: no handler`);
  app.withTypeProvider<ZodTypeProvider>().route({
    ...options,
    method: endpoint.method,
    url: endpoint.path,
    schema,
    handler: routeHandler,
  } as RouteOptions);
}
