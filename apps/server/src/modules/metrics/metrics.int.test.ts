import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs, type TestApp } from '@test/app';
import { makeCategory, makePriority, makeTicket, makeUser } from '@test/factories';
import { sql } from 'kysely';
import { JobSender } from '@/infra/queue/job-queue';
import { prepareQueues } from '@/worker';

const PROMTOOL = '/usr/bin/promtool';

/** Prometheus' own text-format parser and linter (Debian's prometheus package). */
function promtoolCheck(text: string) {
  const run = spawnSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** The value of one sample line `name{labels} value`, by its name and a label subset. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) {
      return Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return undefined;
}

describe('/metrics', () => {
  let t: TestApp;
  let staff: Awaited<ReturnType<typeof loginAs>>;

  beforeAll(async () => {
    t = await buildTestApp();
    await prepareQueues(t.database);
    staff = await loginAs(t.app, 'it_staff');
    const requester = await makeUser(t.app.db, { role: 'user' });
    const category = await makeCategory(t.app.db);
    const priority = await makePriority(t.app.db);
    // One ticket past its deadline: the SLA gauge must count it as breached.
    await makeTicket(t.app.db, {
      userId: requester.id,
      categoryId: category.id,
      priorityId: priority.id,
      slaDeadline: new Date(Date.now() - 3_600_000),
    });
  });
  afterAll(() => t.close());

  it('serves the Prometheus text format that promtool parses, with latency by route template', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await t.app.inject({ method: 'GET', url: '/api/tickets', headers: staff.headers });
      expect(res.statusCode).toBe(200);
    }
    await t.app.inject({ method: 'GET', url: '/api/no-such-thing' });
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body;

    expect(fs.existsSync(PROMTOOL), 'promtool (apt-get install prometheus)').toBe(true);
    const check = promtoolCheck(text);
    expect(check.status, check.output).toBe(0);

    expect(
      sample(text, 'bantu_http_request_duration_seconds_count', {
        route: '/api/tickets',
        method: 'GET',
        status: '200',
      }),
    ).toBe(3);
    // Unknown paths share one label value: a scanner can't blow up the series count.
    expect(sample(text, 'bantu_http_request_duration_seconds_count', { route: 'unmatched', status: '404' })).toBe(1);
    expect(text).not.toContain('no-such-thing');
    expect(sample(text, 'bantu_event_loop_delay_seconds', { stat: 'p99' })).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'bantu_process_memory_bytes', { kind: 'rss' })).toBeGreaterThan(10_000_000);
    expect(sample(text, 'bantu_sla_active_tickets', { state: 'breached' })).toBe(1);
    expect(sample(text, 'bantu_metrics_scrape_errors_total')).toBeUndefined();
    expect(text).toContain('# TYPE bantu_job_queue_jobs gauge');
  });

  it('counts waiting jobs per queue and the age of the oldest', async () => {
    const queue = await sql<{ name: string }>`select name from pgboss.queue order by name limit 1`.execute(t.app.db);
    const name = queue.rows[0]!.name;
    for (let i = 0; i < 2; i++) expect(await new JobSender().send(t.app.db, name, { n: i })).toBeTruthy();
    const text = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    // No worker runs here: both jobs wait.
    expect(sample(text, 'bantu_job_queue_jobs', { queue: name, state: 'created' })).toBe(2);
    expect(sample(text, 'bantu_job_queue_oldest_waiting_seconds', { queue: name })).toBeGreaterThanOrEqual(0);
  });

  it('refuses remote peers without a token, and wants the token when one is set', async () => {
    const remote = await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.1.2.3' });
    expect(remote.statusCode).toBe(403);
    expect(remote.headers['content-type']).toContain('application/problem+json');
    // X-Forwarded-For cannot make a remote peer local.
    const forwarded = await t.app.inject({
      method: 'GET',
      url: '/metrics',
      remoteAddress: '10.1.2.3',
      headers: { 'x-forwarded-for': '127.0.0.1' },
    });
    expect(forwarded.statusCode).toBe(403);

    const withToken = await buildTestApp({ env: { METRICS_TOKEN: 'scrape-token-0123456789' } });
    try {
      expect((await withToken.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(403);
      const wrong = await withToken.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: 'Bearer scrape-token-0123456788' },
      });
      expect(wrong.statusCode).toBe(403);
      const ok = await withToken.app.inject({
        method: 'GET',
        url: '/metrics',
        remoteAddress: '10.1.2.3',
        headers: { authorization: 'Bearer scrape-token-0123456789' },
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toContain('bantu_http_request_duration_seconds');
    } finally {
      await withToken.close();
    }
  }, 120_000);
});
