// The first-load budget of the web app:
//   npm run bench:web -- [--budget-kb 170] [--technician-budget-kb 250] [--no-lighthouse] [--list]
//                        [--lhr-dir test-results/lighthouse]
// Starts the built server (embedded PGlite, demo data) and opens it in Debian's Chromium on a
// phone viewport with an empty cache and no service worker (what a first visit downloads):
//   - login: /login until the sign-in form shows;
//   - requester: /user (signed in) until "Tiket saya" shows;
//   - technician: /staff (signed in) until the queue shows.
// For each it sums the compressed bytes of every JavaScript response (what went over the wire,
// brotli from the server's precompressed copies). Then Lighthouse 12 (mobile emulation, its
// default throttling) scores /login and the requester's home for performance and accessibility.
// Exits 1 when a JavaScript budget or a score below --min-score (default 90) is missed. The
// sign-in page and the requester's home have the 170 KB; the technician's queue (more
// components: tabs, filters, SLA countdowns) has its own ceiling, so that it cannot grow unseen.
// Needs the built app: npm run build.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { freePort } from '../apps/server/test/ports';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const serverMain = path.join(root, 'apps/server/dist/main.js');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 };
const PASSWORD = 'demo1234';

async function startServer() {
  if (!fs.existsSync(serverMain) || !fs.existsSync(path.join(root, 'apps/web/dist/index.html'))) {
    throw new Error('Build first: npm run build');
  }
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bantu-web-budget-'));
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
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) break;
    } catch {
      // not up yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('server did not start');
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    base,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in through the API; answers the refresh cookie (the SPA turns it into a session). */
async function refreshCookie(base: string, email: string): Promise<string> {
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (!response.ok) throw new Error(`login of ${email} failed: ${response.status}`);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('bantu_refresh='));
  if (!cookie) throw new Error('no refresh cookie');
  return cookie.split(';')[0]!;
}

export interface FirstLoad {
  role: string;
  path: string;
  /** Compressed (as transferred) and decoded bytes of JavaScript. */
  jsTransferred: number;
  jsDecoded: number;
  files: number;
  /** Each script (path, compressed bytes), largest first: what to look at when over budget. */
  scripts: { path: string; transferred: number }[];
}

async function measure(
  browser: Browser,
  base: string,
  role: string,
  pagePath: string,
  ready: { role: 'heading' | 'button'; name: string },
  cookie?: string,
): Promise<FirstLoad> {
  const context: BrowserContext = await browser.newContext({
    ...PHONE,
    baseURL: base,
    locale: 'id-ID',
    serviceWorkers: 'block',
  });
  if (cookie) {
    const [name, value] = cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: base }]);
  }
  const page = await context.newPage();
  const js: { path: string; transferred: number; decoded: number }[] = [];
  const pending: Promise<void>[] = [];
  page.on('requestfinished', (request) => {
    if (request.resourceType() !== 'script') return;
    pending.push(
      request.sizes().then(async (sizes) => {
        const body = await (await request.response())?.body();
        js.push({
          path: new URL(request.url()).pathname,
          transferred: sizes.responseBodySize,
          decoded: body?.length ?? 0,
        });
      }),
    );
  });
  await page.goto(pagePath);
  await page.getByRole(ready.role, { name: ready.name }).first().waitFor({ timeout: 60_000 });
  await page.waitForLoadState('networkidle');
  await Promise.all(pending);
  await context.close();
  return {
    role,
    path: pagePath,
    jsTransferred: js.reduce((s, f) => s + f.transferred, 0),
    jsDecoded: js.reduce((s, f) => s + f.decoded, 0),
    files: js.length,
    scripts: js.map(({ path, transferred }) => ({ path, transferred })).sort((a, b) => b.transferred - a.transferred),
  };
}

export interface LighthouseScore {
  path: string;
  performance: number;
  accessibility: number;
  lcpMs: number;
  tbtMs: number;
}

async function lighthouseScores(
  base: string,
  signIn: () => Promise<string>,
  lhrDir: string | null,
): Promise<LighthouseScore[]> {
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const scores: LighthouseScore[] = [];
    for (const pagePath of ['/login', '/user'] as const) {
      // Lighthouse sometimes fails to see the navigation start (NO_NAVSTART): such a run has no
      // scores, so it is run again, up to three times (each signed-in run with a new session,
      // as the page's refresh turns the cookie over).
      let result: Awaited<ReturnType<typeof lighthouse>>;
      for (let attempt = 1; ; attempt++) {
        const headers = pagePath === '/user' ? { Cookie: await signIn() } : undefined;
        result = await lighthouse(
          `${base}${pagePath}`,
          { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility'] },
          { extends: 'lighthouse:default', settings: { formFactor: 'mobile', extraHeaders: headers } },
        );
        if (!result?.lhr.runtimeError || attempt === 3) break;
        console.log(`  ${pagePath}: Lighthouse error ${result.lhr.runtimeError.code}; running it again`);
      }
      if (!result) throw new Error('Lighthouse gave no result');
      if (lhrDir) {
        fs.mkdirSync(lhrDir, { recursive: true });
        fs.writeFileSync(path.join(lhrDir, `${pagePath.slice(1) || 'root'}.json`), JSON.stringify(result.lhr));
      }
      const { categories, audits } = result.lhr;
      scores.push({
        path: pagePath,
        performance: Math.round((categories.performance?.score ?? 0) * 100),
        accessibility: Math.round((categories.accessibility?.score ?? 0) * 100),
        lcpMs: Math.round(audits['largest-contentful-paint']?.numericValue ?? 0),
        tbtMs: Math.round(audits['total-blocking-time']?.numericValue ?? 0),
      });
      const failed = Object.values(audits).filter(
        (a) =>
          a.score !== null &&
          a.score < 1 &&
          result.lhr.categories.accessibility?.auditRefs.some((r) => r.id === a.id && r.weight > 0),
      );
      for (const a of failed) {
        console.log(`  a11y ${pagePath}: ${a.id} (${a.title})`);
        const items = (a.details as { items?: { node?: { snippet?: string; explanation?: string } }[] } | undefined)
          ?.items;
        for (const item of items ?? []) {
          if (item.node)
            console.log(`      ${item.node.snippet} ${item.node.explanation?.split('\n').slice(-1)[0] ?? ''}`);
        }
      }
      if (result.lhr.runtimeError) console.log(`  ${pagePath}: Lighthouse error ${result.lhr.runtimeError.code}`);
      // What the performance score is made of, and the opportunities Lighthouse names.
      for (const id of [
        'first-contentful-paint',
        'largest-contentful-paint',
        'total-blocking-time',
        'speed-index',
        'cumulative-layout-shift',
        'render-blocking-resources',
        'unused-javascript',
        'bootup-time',
      ]) {
        const a = audits[id];
        if (a && a.score !== null && a.score < 0.9)
          console.log(`  perf ${pagePath}: ${id} ${a.displayValue ?? ''} (score ${a.score})`);
      }
    }
    return scores;
  } finally {
    chrome.kill();
  }
}

export async function runWebBudget(options: {
  budgetKb: number;
  minScore: number;
  lighthouse: boolean;
  lhrDir?: string | null;
}) {
  const server = await startServer();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const loads = [
      await measure(browser, server.base, 'login', '/login', { role: 'button', name: 'Masuk' }),
      await measure(
        browser,
        server.base,
        'requester',
        '/user',
        { role: 'heading', name: 'Tiket saya' },
        await refreshCookie(server.base, 'user@demo.local'),
      ),
      await measure(
        browser,
        server.base,
        'technician',
        '/staff',
        { role: 'heading', name: 'Antrean tiket' },
        await refreshCookie(server.base, 'staff@demo.local'),
      ),
    ];
    await browser.close();
    const scores = options.lighthouse
      ? await lighthouseScores(server.base, () => refreshCookie(server.base, 'user@demo.local'), options.lhrDir ?? null)
      : [];
    return { loads, scores };
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { values } = parseArgs({
    options: {
      'budget-kb': { type: 'string', default: '170' },
      'technician-budget-kb': { type: 'string', default: '250' },
      'min-score': { type: 'string', default: '90' },
      'no-lighthouse': { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
      // Also write each Lighthouse report (JSON) here, to read what a score is made of.
      'lhr-dir': { type: 'string' },
    },
  });
  const budgetKb = Number(values['budget-kb']);
  const budgets: Record<string, number> = {
    login: budgetKb,
    requester: budgetKb,
    technician: Number(values['technician-budget-kb']),
  };
  const minScore = Number(values['min-score']);
  const { loads, scores } = await runWebBudget({
    budgetKb,
    minScore,
    lighthouse: !values['no-lighthouse'],
    lhrDir: values['lhr-dir'] ?? null,
  });
  const failures: string[] = [];
  console.log('First load, JavaScript (phone viewport, empty cache, no service worker):');
  for (const l of loads) {
    console.log(
      `  ${l.role.padEnd(11)} ${l.path.padEnd(7)} ${kb(l.jsTransferred).padStart(9)} compressed, ${kb(l.jsDecoded).padStart(9)} decoded, ${l.files} files`,
    );
    if (values.list) for (const f of l.scripts) console.log(`      ${kb(f.transferred).padStart(9)}  ${f.path}`);
    const budget = budgets[l.role] ?? budgetKb;
    if (l.jsTransferred > budget * 1024) failures.push(`${l.role}: ${kb(l.jsTransferred)} > ${budget} KB`);
  }
  if (scores.length > 0) console.log('Lighthouse 12 (mobile):');
  for (const s of scores) {
    console.log(
      `  ${s.path.padEnd(7)} performance ${s.performance}, accessibility ${s.accessibility} (LCP ${s.lcpMs} ms, TBT ${s.tbtMs} ms)`,
    );
    if (s.performance < minScore) failures.push(`${s.path}: performance ${s.performance} < ${minScore}`);
    if (s.accessibility < minScore) failures.push(`${s.path}: accessibility ${s.accessibility} < ${minScore}`);
  }
  if (failures.length > 0) {
    console.log(`BUDGET EXCEEDED:\n  ${failures.join('\n  ')}`);
    process.exitCode = 1;
  } else console.log('All budgets met.');
}
