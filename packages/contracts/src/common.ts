import { z } from 'zod';

export const Id = z.uuid().describe('UUID');
export const IdParams = z.object({ id: Id });
export type IdParams = z.infer<typeof IdParams>;

export const Timestamp = z.iso.datetime().describe('ISO 8601 timestamp, UTC');

/** Trimmed, non-empty single-line text without control characters. */
export const Name = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(/^[^\p{Cc}]*$/u, 'Must not contain control characters');

export const HexColor = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'Must be a colour like #e03131')
  .describe('CSS hex colour, #rrggbb');

export const ListQuery = z.object({
  cursor: z.string().max(500).optional().describe('Opaque cursor from a previous page'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/** `{ items, nextCursor }`: every list response has this shape (keyset pagination). */
export const Page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().describe('Pass as `cursor` to get the next page; null on the last page'),
  });

/** Query-string boolean: accepts true/false/1/0 (z.coerce.boolean would turn "false" into true). */
export const QueryBool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
