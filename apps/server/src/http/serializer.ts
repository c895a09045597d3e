import type { FastifySerializerCompiler } from 'fastify/types/schema';
import fastJson from 'fast-json-stringify';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

type JsonSchema = Record<string, unknown>;

/**
 * Response serialisation compiled once per route from the route's zod schema.
 *
 * fastify-type-provider-zod encodes every response with zod before JSON.stringify; for a page
 * of 25 tickets that was about a tenth of the server's CPU under load (docs/performance.md).
 * Here the zod schema is turned into JSON Schema (`z.toJSONSchema`, output side) and compiled
 * by fast-json-stringify (what Fastify uses for JSON Schema routes), which writes only the
 * properties a schema declares: a field the schema does not name, such as a password hash on a
 * database row, is never written.
 *
 * The guarantee rests on every object of the schema being closed (`additionalProperties:
 * false`, what zod emits for z.object) or a record; any schema with an open object, or one
 * JSON Schema cannot express (transforms, custom types), keeps the zod serializer. Unlike zod,
 * fast-json-stringify does not check values (formats, enums, lengths); the types are checked by
 * TypeScript at the handler.
 */
export const serializerCompiler: FastifySerializerCompiler<unknown> = (route) => {
  // Compiled on the route's first answer, not at start: ~130 routes x their status codes cost
  // ~0.3 s of a warm start (docs/performance.md), ~2 ms each on first use.
  let serialize: ((data: unknown) => string) | null = null;
  return (data) => {
    serialize ??=
      compileFast(route.schema) ?? zodSerializerCompiler(route as Parameters<typeof zodSerializerCompiler>[0]);
    return serialize(data);
  };
};

export function compileFast(schema: unknown): ((data: unknown) => string) | null {
  const zodSchema =
    schema instanceof z.ZodType
      ? schema
      : schema && typeof schema === 'object' && 'properties' in schema && schema.properties instanceof z.ZodType
        ? schema.properties
        : null;
  if (!zodSchema) return null;
  let json: JsonSchema;
  try {
    json = z.toJSONSchema(zodSchema, { io: 'output', target: 'draft-7', unrepresentable: 'throw', cycles: 'throw' });
  } catch {
    return null;
  }
  if (!isClosed(json)) return null;
  try {
    return fastJson(simplify(json) as Parameters<typeof fastJson>[0]);
  } catch {
    return null;
  }
}

/** True when every object in the schema either lists its properties and allows no others, or is a record. */
export function isClosed(node: unknown): boolean {
  if (Array.isArray(node)) return node.every(isClosed);
  if (!node || typeof node !== 'object') return true;
  const s = node as JsonSchema;
  if ('$ref' in s) return false;
  const isObject = s.type === 'object' || (Array.isArray(s.type) && s.type.includes('object')) || 'properties' in s;
  if (isObject) {
    const additional = s.additionalProperties;
    const closed =
      additional === false || (!('properties' in s) && typeof additional === 'object' && additional !== null);
    if (!closed || 'patternProperties' in s) return false;
  }
  return Object.entries(s).every(
    ([key, value]) => key === 'const' || key === 'enum' || key === 'default' || isClosed(value),
  );
}

/**
 * `X | null` comes out of zod as anyOf [X, {type: null}]; fast-json-stringify would pick the
 * branch by running a validator per value. A nullable scalar or object becomes a type list,
 * which it writes directly.
 */
function simplify(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(simplify);
  if (!node || typeof node !== 'object') return node;
  const s: JsonSchema = Object.fromEntries<unknown>(
    Object.entries(node as JsonSchema).map(([k, v]) => [k, simplify(v)]),
  );
  const anyOf = s.anyOf;
  if (Array.isArray(anyOf) && anyOf.length === 2) {
    const nullIndex = anyOf.findIndex((b: JsonSchema) => b.type === 'null' && Object.keys(b).length === 1);
    const other = anyOf[1 - nullIndex] as JsonSchema | undefined;
    if (nullIndex !== -1 && other && typeof other.type === 'string' && !('anyOf' in other) && !('oneOf' in other)) {
      const rest = Object.fromEntries(Object.entries(s).filter(([k]) => k !== 'anyOf'));
      return { ...rest, ...other, type: [other.type, 'null'] };
    }
  }
  return s;
}
