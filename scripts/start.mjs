// `npm start`: installs and builds what is missing, then runs Bantu (embedded by default).
//
// Supervision: npm runs this script through `sh -c`; Debian's sh (dash) does not exec the
// command, and when npm forwards SIGTERM to that shell the shell dies without passing it on, so
// this process and the server used to run on orphaned. Hence, belt and braces:
//   - package.json's start script execs node, so npm's forwarded signal reaches this process;
//   - this process forwards SIGTERM/SIGINT/SIGHUP to the server and exits with the server's code;
//   - run by npm, it watches its parent: when npm is gone (killed, or a shell in between did not
//     pass the signal on), it stops the server as if it had been sent SIGTERM;
//   - the server gets an IPC channel and stops when it closes, so it does not outlive this
//     process even when this one is killed with SIGKILL.
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { checkNode, ensureBuilt, ensureDependencies, root } from './lib.mjs';

checkNode();
ensureDependencies();
ensureBuilt();

const server = spawn(process.execPath, ['--enable-source-maps', path.join(root, 'apps/server/dist/main.js')], {
  cwd: root,
  stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
});

let stopping = false;
const stop = (signal) => {
  if (stopping) return;
  stopping = true;
  server.kill(signal);
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(signal));

if (process.env.npm_lifecycle_event) {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stop('SIGTERM');
  }, 200).unref();
}

server.on('exit', (code, signal) => process.exit(code ?? 128 + (os.constants.signals[signal] ?? 0)));
