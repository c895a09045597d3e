import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import type pg from 'pg';
import type { HttpRequest } from './scenarios';

/** One measured run. Latencies are client-side, in ms, from request sent to response read. */
export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p975: number;
  p99: number;
  max: number;
  /** Non-2xx answers, socket errors and timeouts together: anything but 0 fails the run. */
  errors: number;
  detail: string;
}

function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

function summarize(latencies: number[], seconds: number, errors: number, detail: string): LoadResult {
  const sorted = Float64Array.from(latencies).sort();
  return {
    requests: latencies.length,
    seconds,
    rps: latencies.length / seconds,
    p50: percentile(sorted, 0.5),
    p975: percentile(sorted, 0.975),
    p99: percentile(sorted, 0.99),
    max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
    errors,
    detail,
  };
}

export interface HttpLoad {
  url: string;
  connections: number;
  seconds: number;
  headers: Record<string, string>;
  /** The i-th request; i counts across all connections, so ids and words rotate. */
  request(i: number): HttpRequest;
}

/**
 * autocannon with its programmatic API. Percentiles come from our own list of every 2xx
 * response time (autocannon's histogram has 1 ms buckets, too coarse for sub-millisecond routes).
 */
export async function httpLoad(load: HttpLoad): Promise<LoadResult> {
  let next = 0;
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: load.url,
        connections: load.connections,
        duration: load.seconds,
        timeout: 30,
        headers: { 'content-type': 'application/json', ...load.headers },
        requests: [
          {
            setupRequest: (request) => {
              const r = load.request(next++);
              return { ...request, method: r.method, path: r.path, body: r.body };
            },
          },
        ],
      },
      (error: unknown, res) =>
        error ? reject(error instanceof Error ? error : new Error('autocannon failed')) : resolve(res),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
  const seconds = Math.max(result.duration, (performance.now() - started) / 1000);
  const errors = result.non2xx + result.errors + result.timeouts;
  const codes = [...statuses].map(([code, n]) => `${code}: ${n}`).join(', ');
  const detail = `status ${codes || 'none'}; socket errors ${result.errors}; timeouts ${result.timeouts}`;
  return summarize(latencies, seconds, errors, detail);
}

/**
 * `connections` workers, each starting the next operation as soon as its previous one finished,
 * or, with `rate`, at the operation's scheduled moment (i / rate seconds after the start). Paced
 * latencies count from the scheduled moment, so waiting for a free worker is included.
 */
async function drive(
  connections: number,
  seconds: number,
  rate: number | undefined,
  op: (i: number) => Promise<void>,
): Promise<LoadResult> {
  let next = 0;
  let errors = 0;
  let firstError = '';
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      // Claim the slot before waiting for it, so no two workers run the same one.
      const i = next++;
      let t0 = performance.now();
      if (rate) {
        const due = started + (i * 1000) / rate;
        if (due >= deadline) break;
        if (due > t0) await sleep(due - t0);
        t0 = due;
      }
      try {
        await op(i);
        latencies.push(performance.now() - t0);
      } catch (error) {
        errors++;
        firstError ||= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const elapsed = (performance.now() - started) / 1000;
  return summarize(latencies, elapsed, errors, errors ? `first error: ${firstError}` : 'ok');
}

/** The database floor: the scenario's SQL through one pg.Pool of the server's size. */
export function pgLoad(
  pool: pg.Pool,
  connections: number,
  seconds: number,
  op: (pool: pg.Pool, i: number) => Promise<unknown>,
  rate?: number,
): Promise<LoadResult> {
  return drive(connections, seconds, rate, async (i) => {
    await op(pool, i);
  });
}

/**
 * HTTP at a steady rate over `connections` keep-alive sockets. autocannon's own rate option sends
 * each second's quota in a burst at the start of the second, which measures bursts, not a rate.
 */
export async function pacedHttpLoad(load: HttpLoad & { rate: number }): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: load.connections });
  const base = new URL(load.url);
  const send = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const r = load.request(i);
      const request = http.request(
        {
          agent,
          host: base.hostname,
          port: base.port,
          method: r.method,
          path: r.path,
          headers: { ...(r.body ? { 'content-type': 'application/json' } : {}), ...load.headers },
        },
        (response) => {
          response.resume();
          response.once('end', () => {
            const status = response.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve();
            else reject(new Error(`${r.method} ${r.path}: status ${status}`));
          });
          response.once('error', reject);
        },
      );
      request.once('error', reject);
      request.end(r.body);
    });
  try {
    return await drive(load.connections, load.seconds, load.rate, send);
  } finally {
    agent.destroy();
  }
}
