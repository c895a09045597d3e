// `npm test`: the whole suite (unit, integration on PGlite or TEST_DATABASE_URL, browser).
// Installs what is missing, then prints one plain summary line: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { checkNode, ensureBuilt, ensureDependencies, root, run } from './lib.mjs';

checkNode();
ensureDependencies();

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * Debian packages the tests use, by a file they install: Chromium (browser tests), poppler-utils
 * (pdftoppm/pdftotext read the exported PDFs back), DejaVu fonts (the PDFs' font) and prometheus
 * (promtool parses /metrics and checks the alert rules) and nginx (deploy/nginx.conf runs in front
 * of two app processes).
 */
const DEBIAN_PACKAGES = [
  ['chromium', CHROMIUM],
  ['poppler-utils', '/usr/bin/pdftoppm'],
  ['fonts-dejavu-core', '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'],
  ['prometheus', '/usr/bin/promtool'],
  ['nginx', '/usr/sbin/nginx'],
];

/** Debian's Chromium and the other packages above: installed when we can (root + apt), else explained. */
function ensureChromium() {
  const missing = DEBIAN_PACKAGES.filter(([, file]) => !fs.existsSync(file)).map(([name]) => name);
  if (missing.length === 0) return true;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (isRoot && hasApt) {
    console.log(`› Installing Debian's ${missing.join(', ')} for the tests (apt-get)…`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    if (
      run('apt-get', ['update', '-qq'], { env }) === 0 &&
      run('apt-get', ['install', '-y', '-qq', ...missing], { env }) === 0
    ) {
      return fs.existsSync(CHROMIUM);
    }
  }
  console.error(
    `\n✗ Browser tests need Chromium at ${CHROMIUM}, which is missing.\n` +
      (isRoot ? '  apt-get could not install it here.\n' : '  Install it with: sudo apt-get install chromium\n') +
      '  (or point CHROMIUM_PATH at a Chromium binary). The browser suite is counted as failed.\n',
  );
  return false;
}

/**
 * Debian's dovecot-imapd for the e-mail intake tests (a real IMAP server, started by the test
 * itself with its own config): installed when we can (root + apt), else those tests say why
 * and skip.
 */
function ensureDovecot() {
  if (fs.existsSync('/usr/sbin/dovecot')) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) {
    console.warn('! dovecot is missing (sudo apt-get install dovecot-imapd): the IMAP intake tests will be skipped.');
    return;
  }
  console.log("› Installing Debian's dovecot-imapd for the e-mail intake tests (apt-get)…");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (run('apt-get', ['install', '-y', '-qq', 'dovecot-imapd'], { env }) !== 0) {
    run('apt-get', ['update', '-qq'], { env });
    run('apt-get', ['install', '-y', '-qq', 'dovecot-imapd'], { env });
  }
}

const hasChromium = ensureChromium();
ensureDovecot();
ensureBuilt();

const resultsFile = path.join(root, 'test-results/vitest.json');
fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
fs.rmSync(resultsFile, { force: true });

const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${resultsFile}`];
if (!hasChromium) args.push('--project=contracts', '--project=server', '--project=web');
const status = run('npx', [...args, ...process.argv.slice(2)], {
  env: { ...process.env, TZ: 'UTC', CHROMIUM_PATH: CHROMIUM },
});

/** Names every failed test (and every file that failed to load) after the run, so a red CI log says what broke. */
function listFailures(report) {
  const lines = [];
  for (const file of report.testResults) {
    const rel = path.relative(root, file.name);
    if (file.status === 'failed' && file.assertionResults.length === 0) {
      lines.push(`  ${rel}: ${String(file.message || 'failed to load').split('\n')[0]}`);
    }
    for (const test of file.assertionResults) {
      if (test.status !== 'failed') continue;
      const why = String(test.failureMessages?.[0] ?? '').split('\n')[0];
      lines.push(`  ${rel} > ${test.fullName}${why ? `\n      ${why.slice(0, 300)}` : ''}`);
    }
  }
  if (lines.length > 0) console.log(`\nFailed:\n${lines.join('\n')}`);
}

let passed = 0;
let failed = hasChromium ? 0 : 1;
try {
  const report = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  // A file that failed to load reports no tests: count it, or a broken suite would look green.
  failed += report.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
  listFailures(report);
} catch {
  failed += 1;
}
if (status !== 0 && failed === 0) failed = 1;
const where = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
console.log(`\nDatabase: ${where}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
