import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './ports';

/**
 * `npm start` as a user runs it: npm -> sh -> scripts/start.mjs -> node dist/main.js. It runs
 * the built server; like `npm start` itself, the suite builds first when dist/ is missing or
 * older than the sources (scripts/lib.mjs ensureBuilt).
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** True when nothing listens on the port any more (we can bind it ourselves). */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** Every process below `pid` (children, grandchildren...), read from /proc. */
function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parentOf.set(Number(entry), Number(fields[1]));
    } catch {
      // exited meanwhile
    }
  }
  const found: number[] = [];
  const walk = (p: number) => {
    for (const [child, parent] of parentOf) {
      if (parent === p) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return found;
}

/** Running (a zombie waiting to be reaped has stopped running and holds no port). */
function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

async function waitUntil(condition: () => boolean | Promise<boolean>, ms: number): Promise<number> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - started;
}

interface Started {
  npm: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The process tree below npm once the server is ready: sh (if any), start.mjs, the server. */
  tree: number[];
  supervisor: number;
  server: number;
}

async function npmStart(dataDir: string, extraEnv: Record<string, string> = {}): Promise<Started> {
  const port = await freePort();
  let out = '';
  const npm = spawn('npm', ['start', '--silent'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? os.tmpdir(),
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  npm.stdout.on('data', (d: Buffer) => (out += d.toString()));
  npm.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    npm.on('exit', (code, signal) => resolve({ code, signal })),
  );
  await waitUntil(async () => {
    try {
      return (await fetch(`http://127.0.0.1:${port}/readyz`)).ok;
    } catch {
      return false;
    }
  }, 120_000).catch(() => {
    throw new Error(`npm start did not get ready:\n${out.slice(-3000)}`);
  });
  const tree = descendants(npm.pid!);
  const server = tree.find((pid) => commandLine(pid).includes('apps/server/dist/main.js'));
  const supervisor = tree.find((pid) => commandLine(pid).includes('scripts/start.mjs'));
  if (!server || !supervisor) throw new Error(`unexpected process tree: ${tree.map(commandLine).join(' | ')}`);
  return { npm, port, output: () => out, exited, tree, supervisor, server };
}

/** The port is free and no process of the tree runs any more, both within 10 s. */
async function expectAllGone(run: Started) {
  const ms = await waitUntil(
    async () => run.tree.every((pid) => !alive(pid)) && alive(run.npm.pid!) === false && (await portIsFree(run.port)),
    10_000,
  ).catch(() => {
    const left = [run.npm.pid!, ...run.tree].filter(alive).map((pid) => `${pid} ${commandLine(pid)}`);
    throw new Error(`still running after 10 s: ${left.join(' | ')}\n${run.output().slice(-2000)}`);
  });
  return ms;
}

describe('npm start supervises the server', () => {
  const dirs: string[] = [];
  const started: Started[] = [];
  let dataDir: string;

  beforeAll(() => {
    const build = spawnSync(process.execPath, ['-e', "import('./scripts/lib.mjs').then((m) => m.ensureBuilt())"], {
      cwd: root,
      encoding: 'utf8',
    });
    if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}\n${build.stderr}`);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bantu-start-'));
    dirs.push(dataDir);
  }, 300_000);
  afterAll(() => {
    // A failed test must not leave a server behind.
    for (const run of started)
      for (const pid of [run.npm.pid!, ...run.tree]) if (alive(pid)) process.kill(pid, 'SIGKILL');
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('SIGTERM to npm stops the server: the port is free within 10 s and no process remains', async () => {
    const run = await npmStart(dataDir);
    started.push(run);
    // Not a terminal: one JSON object a line, with the readable ready line and the demo accounts.
    const lines = run
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'));
    const messages = lines.map((l) => JSON.parse(l) as { msg: string; accounts?: string[]; password?: string });
    expect(messages.map((m) => m.msg)).toContain(`Bantu is ready on http://127.0.0.1:${run.port}`);
    const demo = messages.find((m) => m.msg.startsWith('Demo data seeded'));
    expect(demo?.msg).toContain('"demo1234"');
    expect(demo?.accounts).toContain('admin@demo.local (admin)');

    process.kill(run.npm.pid!, 'SIGTERM');
    const ms = await expectAllGone(run);
    console.log(`npm start: SIGTERM to npm -> everything gone in ${ms} ms`);
    expect(run.output()).toContain('shutting down');
    expect((await run.exited).code).toBe(0);
  }, 180_000);

  it('stops the server when npm itself is killed with SIGKILL (nothing can be forwarded)', async () => {
    const run = await npmStart(dataDir);
    started.push(run);
    process.kill(run.npm.pid!, 'SIGKILL');
    const ms = await expectAllGone(run);
    console.log(`npm start: SIGKILL to npm -> everything gone in ${ms} ms`);
    expect(run.output()).toContain('shutting down');
  }, 180_000);

  it('stops the server when its supervisor (start.mjs) is killed with SIGKILL', async () => {
    const run = await npmStart(dataDir);
    started.push(run);
    process.kill(run.supervisor, 'SIGKILL');
    await expectAllGone(run);
    expect(run.output()).toContain('supervisor exited');
  }, 180_000);

  it('exits when the server dies, with a failing code', async () => {
    const run = await npmStart(dataDir);
    started.push(run);
    process.kill(run.server, 'SIGKILL');
    await expectAllGone(run);
    expect((await run.exited).code).not.toBe(0);
  }, 180_000);
});

const hasScript = spawnSync('sh', ['-c', 'command -v script'], { stdio: 'ignore' }).status === 0;

describe.skipIf(!hasScript)('console output on a terminal', () => {
  it('prints readable lines, not JSON: the ready line and the demo accounts', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bantu-tty-'));
    const port = await freePort();
    let out = '';
    // util-linux `script` runs the server on a pseudo-terminal.
    const child = spawn('script', ['-qfec', 'node apps/server/dist/main.js', '/dev/null'], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? os.tmpdir(),
        TERM: 'xterm',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    try {
      await waitUntil(() => out.includes('Bantu is ready'), 120_000);
      // eslint-disable-next-line no-control-regex
      const plain = out.replace(/\u001b\[[0-9;]*m/g, '').replaceAll('\r', '');
      expect(plain).toMatch(new RegExp(`INFO +Bantu is ready on http://127\\.0\\.0\\.1:${port}`));
      expect(plain).toMatch(/WARN +Demo data seeded: sign in with any of these accounts and the password "demo1234"/);
      for (const email of ['admin@demo.local (admin)', 'staff@demo.local (it_staff)', 'user@demo.local (user)']) {
        expect(plain).toContain(`\n      ${email}\n`);
      }
      expect(plain).not.toContain('{"level"');
    } finally {
      child.kill('SIGTERM');
      await exited;
      await waitUntil(() => portIsFree(port), 10_000);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
