// `npm run db:types`: migrates a fresh in-memory PGlite and writes apps/server/src/db/types.ts
// from its catalog (apps/server/src/db/types.generate.ts), formatted like the rest of the code.
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import prettier from 'prettier';
import { migrateToLatest, openDatabase } from './database';
import { generateTypes } from './types.generate';

const target = fileURLToPath(new URL('./types.ts', import.meta.url));
const handle = await openDatabase({ kind: 'pglite' } as Parameters<typeof openDatabase>[0]);
try {
  await migrateToLatest(handle.db);
  const text = await generateTypes(handle.db);
  const options = (await prettier.resolveConfig(target)) ?? {};
  await fs.writeFile(target, await prettier.format(text, { ...options, filepath: target }));
  console.log(`wrote ${path.relative(process.cwd(), target)}`);
} finally {
  await handle.close();
}
