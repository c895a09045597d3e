import { endpoints } from '@bantu/contracts';
import type { z } from 'zod';
import { describe, expect, it } from 'vitest';

/** Schema kinds whose parse changes the value, not only checks it. */
const CHANGING = new Set(['transform', 'pipe', 'catch', 'prefault']);

interface Def {
  type: string;
  coerce?: boolean;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  valueType?: z.ZodType;
  keyType?: z.ZodType;
  left?: z.ZodType;
  right?: z.ZodType;
  options?: z.ZodType[];
  items?: z.ZodType[];
  getter?: () => z.ZodType;
}

function changing(schema: z.ZodType, path: string, seen: Set<unknown>, found: string[]): void {
  if (seen.has(schema)) return;
  seen.add(schema);
  const def = schema._zod.def as unknown as Def;
  if (CHANGING.has(def.type) || def.coerce) found.push(`${path}: ${def.coerce ? 'coerce' : def.type}`);
  for (const [key, child] of Object.entries(def.shape ?? {})) changing(child, `${path}.${key}`, seen, found);
  for (const key of ['element', 'innerType', 'in', 'out', 'valueType', 'keyType', 'left', 'right'] as const) {
    const child = def[key];
    if (child) changing(child, path, seen, found);
  }
  for (const child of [...(def.options ?? []), ...(def.items ?? [])]) changing(child, path, seen, found);
  if (def.type === 'lazy' && def.getter) changing(def.getter(), path, seen, found);
}

describe('answers are used as they come in production builds', () => {
  it('no response schema transforms, coerces or catches: skipping the parse changes no value', () => {
    // `.default()` is allowed: the server writes each answer through the same schema, whose
    // output type requires the field, so a real answer never lacks it.
    const found: string[] = [];
    for (const [name, endpoint] of Object.entries(endpoints)) {
      const responses: Readonly<Record<number, z.ZodType>> = 'response' in endpoint ? endpoint.response : {};
      for (const [status, schema] of Object.entries(responses)) changing(schema, `${name} ${status}`, new Set(), found);
    }
    expect(found).toEqual([]);
  });

  it('the check finds a transform where there is one', async () => {
    const { z } = await import('zod');
    const found: string[] = [];
    changing(z.object({ a: z.array(z.string().transform((s) => s.length)) }), 'x', new Set(), found);
    expect(found).toEqual(['x.a: pipe', 'x.a: transform']);
  });
});
