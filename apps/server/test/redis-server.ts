import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

/** Polls `condition` every 50 ms until it holds; throws after `ms`. */
export async function until(condition: () => boolean | Promise<boolean>, ms = 5000, what = 'condition') {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A redis-server of the test's own on `port` (no persistence), for tests that kill, pause or
 * restart Redis under running apps; resolves once it accepts connections.
 */
export async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const accepts = () =>
    new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
  await until(accepts, 10_000, `redis-server on ${port}`);
  return child;
}

/** SIGKILL, resolved once the process has exited (at once if it already has). */
export async function kill(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}
