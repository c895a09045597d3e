// Shared by start.mjs and test.mjs: make a fresh clone runnable with nothing but Node.js.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

export function must(command, args, options) {
  const status = run(command, args, options);
  if (status !== 0) {
    console.error(`\n✗ ${command} ${args.join(' ')} failed (exit ${status})`);
    process.exit(status);
  }
}

export function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    console.error(`Bantu needs Node.js 20.19 or newer (this is ${process.versions.node}).`);
    process.exit(1);
  }
}

const mtime = (file) => {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
};

function newestIn(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) return 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, mtime(path.join(entry.parentPath, entry.name)));
  }
  return newest;
}

/** npm ci when node_modules is missing or older than the lock file. */
export function ensureDependencies() {
  const installed = mtime(path.join(root, 'node_modules/.package-lock.json'));
  if (installed === 0 || installed < mtime(path.join(root, 'package-lock.json'))) {
    console.log('› Installing dependencies (npm ci)…');
    must('npm', ['ci', '--no-audit', '--no-fund']);
  }
}

/** Builds the web app and the server when their output is missing or older than the sources. */
export function ensureBuilt() {
  const contracts = newestIn(path.join(root, 'packages/contracts/src'));
  const webOut = mtime(path.join(root, 'apps/web/dist/index.html'));
  const webSrc = Math.max(
    contracts,
    newestIn(path.join(root, 'apps/web/src')),
    mtime(path.join(root, 'apps/web/index.html')),
  );
  if (webOut < webSrc) {
    console.log('› Building the web app…');
    must('npm', ['run', 'build', '-w', '@bantu/web']);
  }
  const serverOut = mtime(path.join(root, 'apps/server/dist/main.js'));
  const serverSrc = Math.max(contracts, newestIn(path.join(root, 'apps/server/src')));
  if (serverOut < serverSrc) {
    console.log('› Building the server…');
    must('npm', ['run', 'build', '-w', '@bantu/server']);
  }
}
