import { z } from 'zod';

export const Id = z.uuid().describe('UUID');
export const IdParams = z.object({ id: Id });
export type IdParams = z.infer<typeof IdParams>;

export const Timestamp = z.iso.datetime().describe('ISO 8601 timestamp, UTC');

/**
 * The one rule for text the API accepts (docs/ARCHITECTURE.md, "Bad input"): no U+0000 and no
 * lone UTF-16 surrogate, anywhere, since PostgreSQL can store neither (text refuses NUL, jsonb
 * refuses both). Such input is refused with a 400 naming the field, never stripped: silently
 * changing what someone typed would hide the problem. The server applies this to every string
 * of every request (params, query, JSON body, at any depth: http/input.plugin.ts), so a route
 * whose schema is a plain z.string() is covered too; the schemas below say it as well, so the
 * web forms show the same error.
 */
// eslint-disable-next-line no-control-regex -- matching U+0000 is the point
export const FORBIDDEN_TEXT = /\u0000|\p{Cs}/u;
export const FORBIDDEN_TEXT_MESSAGE = 'Must not contain NUL characters or unpaired UTF-16 surrogates';

/** True when the string holds a U+0000 or a lone surrogate (see FORBIDDEN_TEXT). */
export const hasForbiddenText = (value: string) => FORBIDDEN_TEXT.test(value);

/** Free text (descriptions, comments): trimmed, at most `max` characters, FORBIDDEN_TEXT refused. */
export const Text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((v) => !hasForbiddenText(v), FORBIDDEN_TEXT_MESSAGE);

/** Trimmed, non-empty single-line text without control characters (nor lone surrogates). */
export const Name = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(/^[^\p{Cc}\p{Cs}]*$/u, 'Must not contain control characters');

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
