// Bundles the server (and the shared contracts) into dist/ (or the directory given as the first
// argument); npm dependencies stay external. Split at every dynamic import: a module loaded on
// first use (S3 storage, say) is its own chunk, and so are the packages it imports, which a single
// bundle would hoist into the entry and load at every start (test/startup-imports.test.ts).
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.resolve(here, process.argv[2] ?? 'dist');
const pkg = JSON.parse(readFileSync(path.join(here, 'package.json'), 'utf8'));
const external = Object.keys(pkg.dependencies).filter((name) => !name.startsWith('@bantu/'));

rmSync(outdir, { recursive: true, force: true }); // no chunks of an earlier build left beside the new

await build({
  absWorkingDir: here,
  entryPoints: ['src/main.ts', 'src/cli.ts'],
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  target: 'node20',
  sourcemap: true,
  external,
  tsconfig: 'tsconfig.json',
  logLevel: 'warning',
});
