import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@/config';
import { openDatabase } from '@/db/database';
import { freePort } from './ports';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function start(env: Record<string, string>, script = 'src/main.ts'): Running {
  let out = '';
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: serverDir,
    // Only what the test sets, plus PATH: no developer variables leak in.
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function waitFor(url: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

describe('the server process', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bantu-proc-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to start with bad configuration and names every bad variable', async () => {
    const run = start({ PORT: 'abc', ROLE: 'everything', DATABASE_URL: 'postgres://db/x', LOG_LEVEL: 'loud' });
    expect(await run.exited).toBe(1);
    for (const name of ['PORT', 'ROLE', 'APP_SECRET', 'LOG_LEVEL']) expect(run.output()).toContain(name);
  });

  it('starts embedded with demo data, keeps data across restarts, and shuts down gracefully on SIGTERM', async () => {
    const dataDir = tempDir();
    const port = await freePort();
    const env = { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info' };
    const first = start(env);
    await waitFor(`http://127.0.0.1:${port}/readyz`);
    expect(first.output()).toContain('demo1234');
    const startup = /"startupMs":(\d+)/.exec(first.output());
    expect(Number(startup?.[1])).toBeGreaterThan(0);

    // A sign-in (argon2 takes a while) is in flight when SIGTERM arrives: it still completes.
    const inFlight = fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@demo.local', password: 'demo1234' }),
    });
    const deadline = Date.now() + 5000;
    while (!first.output().includes('"url":"/api/auth/login"') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1));
    }
    first.child.kill('SIGTERM');
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await first.exited, first.output().slice(-2000)).toBe(0);
    expect(first.output()).toContain('shutting down');

    const second = start(env);
    await waitFor(`http://127.0.0.1:${port}/readyz`);
    expect(second.output()).not.toContain('Demo data seeded');
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'staff@demo.local', password: 'demo1234' }),
    });
    expect(login.status).toBe(200);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 90_000);

  it('does not seed demo data when DEMO=false', async () => {
    const port = await freePort();
    const dataDir = tempDir();
    const run = start({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO: 'false', LOG_LEVEL: 'info' });
    await waitFor(`http://127.0.0.1:${port}/readyz`);
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@demo.local', password: 'demo1234' }),
    });
    expect(login.status).toBe(401);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    // An empty organisation: no accounts, catalogue, tickets or holidays, and the 24x7 calendar.
    const database = await openDatabase(loadConfig({ DATA_DIR: dataDir }).database);
    try {
      const count = async (table: 'users' | 'categories' | 'priorities' | 'tickets' | 'sla_holidays') =>
        Number(
          (
            await database.db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      expect([await count('users'), await count('categories'), await count('priorities')]).toEqual([0, 0, 0]);
      expect([await count('tickets'), await count('sla_holidays')]).toEqual([0, 0]);
      const calendar = await database.db.selectFrom('sla_calendar').select('always_open').executeTakeFirstOrThrow();
      expect(calendar.always_open).toBe(true);
    } finally {
      await database.close();
    }
  }, 90_000);

  it('creates an admin and resets passwords from the command line', async () => {
    const dataDir = tempDir();
    const exec = async (args: string[]) => {
      let out = '';
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
        cwd: serverDir,
        env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir },
      });
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      return { code, out };
    };
    expect((await exec(['migrate'])).out).toMatch(/applied|up to date/);
    const bad = await exec(['create-admin', '--email', 'nope', '--password', 'x']);
    expect(bad.code).toBe(2);
    expect(bad.out).toContain('--email');
    const created = await exec([
      'create-admin',
      '--email',
      'Boss@Corp.test',
      '--name',
      'Boss',
      '--password',
      'super-secret-1',
    ]);
    expect(created).toMatchObject({ code: 0 });
    expect(created.out).toContain('boss@corp.test');
    const reset = await exec(['reset-password', '--email', 'boss@corp.test', '--password', 'another-secret-2']);
    expect(reset.code).toBe(0);
    const missing = await exec(['reset-password', '--email', 'ghost@corp.test', '--password', 'another-secret-2']);
    expect(missing.code).toBe(1);
    expect((await exec(['seed-demo'])).out).toContain('demo data added');
    expect((await exec(['seed-demo'])).out).toContain('already present');

    const port = await freePort();
    const run = start({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    await waitFor(`http://127.0.0.1:${port}/readyz`);
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'boss@corp.test', password: 'another-secret-2' }),
    });
    expect(login.status).toBe(200);
    expect(((await login.json()) as { user: { role: string } }).user.role).toBe('admin');
    run.child.kill('SIGTERM');
    await run.exited;
  }, 120_000);
});
