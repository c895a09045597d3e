import type { Pool } from 'pg';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DB } from '@/db/database';
import type { Clock } from '@/infra/infra.plugin';
import { deliveryFigures, escalationFigures, jobQueueFigures, sentLastHour, slaFigures } from './metrics.repository';

export interface MetricsSources {
  db: DB;
  clock: Clock;
  /** PostgreSQL connection pools by name (primary, replica); none on PGlite. */
  pools: Record<string, Pool>;
}

/**
 * One registry per app (not prom-client's global one), so two apps in one process (tests)
 * don't share series. Process figures are this process's; queue, delivery and SLA figures
 * are read from the database when scraped (see metrics.repository.ts).
 */
export function createMetrics(sources: MetricsSources) {
  const registry = new Registry();
  registry.setDefaultLabels({ service: 'bantu' });
  // Our own process figures rather than prom-client's defaults, whose names promtool's linter
  // refuses (gauges ending in _total): event-loop delay since the last scrape, and memory.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  new Gauge({
    name: 'bantu_event_loop_delay_seconds',
    help: 'Event-loop delay since the previous scrape (p50, p99, max)',
    labelNames: ['stat'] as const,
    registers: [registry],
    collect() {
      const seconds = (ns: number) => (Number.isFinite(ns) ? ns / 1e9 : 0);
      this.set({ stat: 'p50' }, seconds(loopDelay.percentile(50)));
      this.set({ stat: 'p99' }, seconds(loopDelay.percentile(99)));
      this.set({ stat: 'max' }, seconds(loopDelay.max));
      loopDelay.reset();
    },
  });
  new Gauge({
    name: 'bantu_process_memory_bytes',
    help: 'Process memory by kind (rss, heap_used, heap_total, external)',
    labelNames: ['kind'] as const,
    registers: [registry],
    collect() {
      const m = process.memoryUsage();
      this.set({ kind: 'rss' }, m.rss);
      this.set({ kind: 'heap_used' }, m.heapUsed);
      this.set({ kind: 'heap_total' }, m.heapTotal);
      this.set({ kind: 'external' }, m.external);
    },
  });
  new Gauge({
    name: 'bantu_process_uptime_seconds',
    help: 'Seconds since the process started',
    registers: [registry],
    collect() {
      this.set(process.uptime());
    },
  });

  const httpDuration = new Histogram({
    name: 'bantu_http_request_duration_seconds',
    help: 'HTTP request duration by route template, method and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  const figuresCache = new Counter({
    name: 'bantu_report_cache_requests_total',
    help: 'Manager Dashboard figures by how they were served: hit (from the cache), miss (computed), bypass (asked fresh)',
    labelNames: ['report', 'result'] as const,
    registers: [registry],
  });

  const scrapeErrors = new Counter({
    name: 'bantu_metrics_scrape_errors_total',
    help: 'Database figures that could not be read during a scrape',
    labelNames: ['figure'] as const,
    registers: [registry],
  });
  /** A figure whose query fails is left out of this scrape, counted, and never fails /metrics. */
  const guarded = async (figure: string, read: () => Promise<void>) => {
    try {
      await read();
    } catch {
      scrapeErrors.inc({ figure });
    }
  };

  new Gauge({
    name: 'bantu_db_pool_connections',
    help: 'PostgreSQL pool connections by pool and state (total, idle, waiting clients)',
    labelNames: ['pool', 'state'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [name, pool] of Object.entries(sources.pools)) {
        this.set({ pool: name, state: 'total' }, pool.totalCount);
        this.set({ pool: name, state: 'idle' }, pool.idleCount);
        this.set({ pool: name, state: 'waiting' }, pool.waitingCount);
      }
    },
  });

  const queueJobs = new Gauge({
    name: 'bantu_job_queue_jobs',
    help: 'Jobs per queue and state (created and retry are waiting; failed exhausted their retries)',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
  });
  const queueAge = new Gauge({
    name: 'bantu_job_queue_oldest_waiting_seconds',
    help: 'Age of the oldest waiting job per queue',
    labelNames: ['queue'] as const,
    registers: [registry],
  });
  const deliveries = new Gauge({
    name: 'bantu_notification_deliveries',
    help: 'Deliveries waiting (pending) and failed for good, per channel',
    labelNames: ['channel', 'status'] as const,
    registers: [registry],
  });
  const sent = new Gauge({
    name: 'bantu_notification_deliveries_sent_last_hour',
    help: 'Deliveries sent in the last hour, per channel',
    labelNames: ['channel'] as const,
    registers: [registry],
  });
  const slaTickets = new Gauge({
    name: 'bantu_sla_active_tickets',
    help: 'Active tickets at risk of or past their resolution deadline',
    labelNames: ['state'] as const,
    registers: [registry],
  });
  const escalations = new Gauge({
    name: 'bantu_sla_escalations_fired',
    help: 'Escalation levels fired so far, by action (warning, breach, escalation)',
    labelNames: ['action'] as const,
    registers: [registry],
  });

  /** Reads the database figures; called once per scrape, before the registry is serialised. */
  async function refreshDatabaseFigures() {
    const now = sources.clock.now();
    await Promise.all([
      guarded('job_queue', async () => {
        const rows = await jobQueueFigures(sources.db);
        queueJobs.reset();
        queueAge.reset();
        for (const r of rows) {
          queueJobs.set({ queue: r.name, state: r.state }, r.jobs);
          if (r.oldest) queueAge.set({ queue: r.name }, Math.max(0, (now.getTime() - r.oldest.getTime()) / 1000));
        }
      }),
      guarded('deliveries', async () => {
        const [open, recent] = await Promise.all([deliveryFigures(sources.db), sentLastHour(sources.db, now)]);
        deliveries.reset();
        sent.reset();
        for (const r of open) deliveries.set({ channel: r.channel, status: r.status }, r.deliveries);
        for (const r of recent) sent.set({ channel: r.channel }, r.deliveries);
      }),
      guarded('sla', async () => {
        const figures = await slaFigures(sources.db, now);
        slaTickets.set({ state: 'at_risk' }, figures.atRisk);
        slaTickets.set({ state: 'breached' }, figures.breached);
        const fired = await escalationFigures(sources.db);
        escalations.reset();
        for (const r of fired) escalations.set({ action: r.action }, r.fired);
      }),
    ]);
  }

  return { registry, httpDuration, figuresCache, refreshDatabaseFigures, close: () => loopDelay.disable() };
}

export type Metrics = ReturnType<typeof createMetrics>;
