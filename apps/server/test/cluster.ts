import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import type net from 'node:net';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { freePort } from './ports';

export { freePort };

/**
 * The machinery of the cluster test (cluster.int.test.ts): PostgreSQL primary and streaming
 * replica clusters of the test's own, app processes, nginx and an SMTP server that can hold
 * messages before it accepts them.
 */

/** Polls a condition (no sleeps as synchronisation): resolves once it holds, throws after the timeout. */
export async function until(
  condition: () => Promise<boolean> | boolean,
  what: string,
  timeoutMs = 30_000,
  everyMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await condition()) return;
    } catch {
      // not there yet (a connection refused, a server starting)
    }
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The newest PostgreSQL server binaries Debian installed (postgresql-NN). */
export function postgresBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, 'bin/initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : null;
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** As root, hands directories to the postgres user (its tools run as that user, see pgTool). */
export function ownedByPostgres(...dirs: string[]) {
  if (!isRoot) return;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  for (const dir of dirs) fs.chownSync(dir, id('-u'), id('-g'));
}

/** PostgreSQL refuses to run as root: as root, its tools run as the `postgres` OS user. */
function pgTool(bin: string, tool: string, args: string[]) {
  const command = isRoot ? 'runuser' : path.join(bin, tool);
  const argv = isRoot ? ['-u', 'postgres', '--', path.join(bin, tool), ...args] : args;
  const run = spawnSync(command, argv, { encoding: 'utf8', cwd: '/' });
  if (run.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed:\n${run.stdout}${run.stderr}`);
  return run.stdout;
}

export interface PgServer {
  port: number;
  dir: string;
  url(database: string): string;
  query<R extends pg.QueryResultRow>(database: string, text: string, values?: unknown[]): Promise<R[]>;
  stop(): void;
}

function pgServer(bin: string, dir: string, port: number, log: string): PgServer {
  pgTool(bin, 'pg_ctl', ['-D', dir, '-l', log, '-w', '-t', '60', 'start']);
  const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    port,
    dir,
    url,
    async query(database, text, values) {
      const client = new pg.Client({ connectionString: url(database) });
      await client.connect();
      try {
        return (await client.query(text, values)).rows;
      } finally {
        await client.end();
      }
    },
    stop() {
      if (fs.existsSync(path.join(dir, 'postmaster.pid'))) {
        pgTool(bin, 'pg_ctl', ['-D', dir, '-m', 'immediate', '-w', 'stop']);
      }
    },
  };
}

/**
 * A primary (wal_level replica, pg_stat_statements loaded) and a hot standby made from it by
 * pg_basebackup, streaming, on two free loopback ports, under `root` (which the postgres user
 * must own). Throwaway settings: no fsync.
 */
export async function startPrimaryAndReplica(bin: string, root: string) {
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const primaryDir = path.join(root, 'primary');
  const replicaDir = path.join(root, 'replica');
  pgTool(bin, 'initdb', ['-D', primaryDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  fs.appendFileSync(
    path.join(primaryDir, 'postgresql.conf'),
    [
      `port = ${primaryPort}`,
      "listen_addresses = '127.0.0.1'",
      `unix_socket_directories = '${root}'`,
      'wal_level = replica',
      'max_wal_senders = 4',
      'max_connections = 100',
      'shared_buffers = 32MB',
      'fsync = off',
      'synchronous_commit = off',
      'full_page_writes = off',
      "shared_preload_libraries = 'pg_stat_statements'",
      'pg_stat_statements.track = all',
      '',
    ].join('\n'),
  );
  // initdb's pg_hba.conf with --auth=trust already lets 127.0.0.1 connect for replication.
  const primary = pgServer(bin, primaryDir, primaryPort, path.join(root, 'primary.log'));
  let replica: PgServer | null = null;
  try {
    pgTool(bin, 'pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primaryPort),
      '-U',
      'postgres',
      '-D',
      replicaDir,
      '-X',
      'stream',
      '-R',
      '-c',
      'fast',
    ]);
    // The copied postgresql.conf names the primary's port: the later line wins.
    fs.appendFileSync(path.join(replicaDir, 'postgresql.conf'), `port = ${replicaPort}\nhot_standby = on\n`);
    replica = pgServer(bin, replicaDir, replicaPort, path.join(root, 'replica.log'));
  } catch (error) {
    primary.stop();
    throw error;
  }
  return { primary, replica };
}

/** An SMTP server that answers 250 at once, or (`hold()`) keeps messages waiting before it answers. */
export async function startGatedSmtp() {
  /** Every message this server accepted (answered 250), in order. */
  const accepted: ParsedMail[] = [];
  /** Messages received but not answered yet, with the session they came on. */
  const held: { mail: ParsedMail; session: string; accept: () => void }[] = [];
  const closed = new Set<string>();
  let acceptUpTo = Number.POSITIVE_INFINITY;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onClose(session) {
      closed.add(session.id);
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          const accept = () => {
            accepted.push(mail);
            callback();
          };
          if (accepted.length < acceptUpTo) accept();
          else held.push({ mail, session: session.id, accept });
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as net.AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}/?ignoreTLS=true`,
    accepted,
    held,
    /** Accept `more` further messages, then hold every one after them. */
    holdAfter(more: number) {
      acceptUpTo = accepted.length + more;
    },
    /** Held messages whose client hung up were never accepted: forget them; accept from now on. */
    release() {
      const gone = held.splice(0).filter((h) => !closed.has(h.session));
      acceptUpTo = Number.POSITIVE_INFINITY;
      for (const h of gone) h.accept();
      return gone.length;
    },
    heldSessionsClosed: () => held.every((h) => closed.has(h.session)),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A child process whose last output lines are kept for error messages. */
export interface Proc {
  name: string;
  child: ChildProcess;
  exited: Promise<void>;
  output(): string;
}

export function startProcess(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string) {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const add = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - 60));
  };
  child.stdout?.on('data', add);
  child.stderr?.on('data', add);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { name, child, exited, output: () => `--- ${name}\n${lines.join('\n')}` } satisfies Proc;
}

export async function stopProcess(proc: Proc, signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000) {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  proc.child.kill(signal);
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), graceMs);
  await proc.exited;
  clearTimeout(timer);
}
