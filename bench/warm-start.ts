// Embedded warm start (issue 13's target: < 2 s to /readyz):
//   npm run bench:start -- [--runs 10] [--target-ms 2000]
// Starts the built server once on a new PGlite data directory with the demo data (the cold start:
// initdb, migrations, seed), then --runs times more on the same directory, each from spawning
// `node apps/server/dist/main.js` to the first 200 from /readyz, and stops it in between. As a
// baseline in the same run: the bare floor of any start, `node` itself loading nothing and
// opening the same data directory with PGlite (what no change to our code can go below).
// Reports the median, min and max; exits 1 when the median misses the target.
// Needs the built server: npm run build.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort } from '../apps/server/test/ports';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const serverMain = path.join(root, 'apps/server/dist/main.js');

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '10' }, 'target-ms': { type: 'string', default: '2000' } },
});
const runs = Number(values.runs);
const targetMs = Number(values['target-ms']);

/** Milliseconds from spawn to the first 200 of /readyz; the server is stopped afterwards. */
async function timeStart(dataDir: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [serverMain], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DEMO: 'true',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    for (;;) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return performance.now() - started;
      } catch {
        // not listening yet
      }
      if (child.exitCode !== null) throw new Error('the server exited before it was ready');
      if (performance.now() - started > 120_000) throw new Error('the server did not start within 120 s');
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/** The floor: a Node process that only opens the data directory with PGlite (and pg_trgm) and asks `select 1`. */
async function timeFloor(dataDir: string): Promise<number> {
  const script = `
    const { PGlite } = await import('@electric-sql/pglite');
    const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
    const db = await PGlite.create(${JSON.stringify(path.join(dataDir, 'db'))}, { extensions: { pg_trgm } });
    await db.query('select 1');
    process.stdout.write('ok');
    await db.close();`;
  const started = performance.now();
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    cwd: path.join(root, 'apps/server'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const elapsed = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', () => resolve(performance.now() - started));
    child.once('exit', (code) => reject(new Error(`the floor script exited (${code}) before it answered`)));
  });
  await new Promise((resolve) => child.once('exit', resolve));
  return elapsed;
}

const stats = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, min: sorted[0]!, max: sorted.at(-1)! };
};

async function main() {
  if (!fs.existsSync(serverMain)) throw new Error('Build first: npm run build');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bantu-warm-start-'));
  try {
    const cold = await timeStart(dataDir);
    const warm: number[] = [];
    const floor: number[] = [];
    for (let i = 0; i < runs; i++) {
      warm.push(await timeStart(dataDir));
      floor.push(await timeFloor(dataDir));
    }
    const w = stats(warm);
    const f = stats(floor);
    const load = os.loadavg().map((l) => l.toFixed(1));
    console.log(
      `Embedded warm start, ${runs} runs; load average at the end ${load.join(' / ')} (${os.cpus().length} CPUs)\n`,
    );
    console.log('| start | median ms | min ms | max ms |');
    console.log('|---|---|---|---|');
    console.log(`| first (initdb, migrations, demo seed) | ${cold.toFixed(0)} | - | - |`);
    console.log(`| warm, to /readyz | **${w.median.toFixed(0)}** | ${w.min.toFixed(0)} | ${w.max.toFixed(0)} |`);
    console.log(
      `| floor: node + PGlite open + select 1 | ${f.median.toFixed(0)} | ${f.min.toFixed(0)} | ${f.max.toFixed(0)} |`,
    );
    console.log(
      `\nwarm - floor (our code): ${(w.median - f.median).toFixed(0)} ms; target < ${targetMs} ms: ${w.median < targetMs ? 'met' : 'MISSED'}`,
    );
    if (w.median >= targetMs) process.exitCode = 1;
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
