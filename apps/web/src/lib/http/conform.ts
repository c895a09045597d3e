import type { z } from 'zod';
import { ContractMismatchError } from './errors';

/**
 * Checks an answer against its contract. In development builds and tests a mismatch throws, so
 * drift between server and client fails loudly; in production it is reported in the console and
 * the screen keeps working: the server is the source of truth for its own answers.
 */
export function conform<T>(schema: z.ZodType<T>, data: unknown, label: string): T {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  if (import.meta.env.DEV) throw new ContractMismatchError(label, parsed.error.issues);
  console.warn(`The answer of ${label} does not match the contract`, parsed.error.issues);
  return data as T;
}
