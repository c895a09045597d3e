import fs from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import prettier from 'prettier';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@test/database';
import type { DatabaseHandle } from './database';
import { generateTypes } from './types.generate';

const TYPES = fileURLToPath(new URL('./types.ts', import.meta.url));

/** The CI check for drift: db/types.ts must be what the migrations make of a fresh database. */
describe('db/types.ts', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  }, 180_000);
  afterAll(() => handle.close());

  it('is what the migrated database generates (else run `npm run db:types` and commit it)', async () => {
    const options = (await prettier.resolveConfig(TYPES)) ?? {};
    const generated = await prettier.format(await generateTypes(handle.db), { ...options, filepath: TYPES });
    const committed = await fs.readFile(TYPES, 'utf8');
    expect(committed, 'db/types.ts differs from the schema: run `npm run db:types`').toBe(generated);
  });

  // Last: it changes the schema.
  it('notices a column the file does not have, with the values its CHECK allows', async () => {
    const before = await generateTypes(handle.db);
    await handle.db.schema.alterTable('categories').addColumn('icon', 'text').execute();
    await handle.db.schema
      .alterTable('categories')
      .addCheckConstraint('categories_icon_check', sql`icon = any (array['printer', 'network'])`)
      .execute();
    const after = await generateTypes(handle.db);
    expect(after).not.toBe(before);
    expect(after).toContain("icon: 'printer' | 'network' | null;");
  });
});
