import PgBoss from 'pg-boss';
import type { DatabaseHandle } from '@/db/database';

export interface JobLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface ScheduledJob {
  name: string;
  /** Cron expression, in UTC. */
  cron: string;
  run(): Promise<unknown>;
}

/**
 * Background jobs on pg-boss, in the same database as the data: on PostgreSQL through its own
 * pool; on PGlite through the Kysely driver's lock, so a job never runs inside (or sees) an
 * application transaction that has not committed (see shared/research/stack-spike.md §2).
 * A cron slot becomes one job, which exactly one worker process takes.
 */
export class JobQueue {
  private readonly boss: PgBoss;
  private readonly jobs = new Map<string, ScheduledJob>();
  private started = false;

  constructor(
    database: DatabaseHandle,
    private readonly log: JobLogger,
    options: { pollingIntervalSeconds?: number } = {},
  ) {
    const common = {
      schema: 'pgboss',
      // Cron is checked often so a minute slot is never missed by much.
      cronMonitorIntervalSeconds: 30,
      cronWorkerIntervalSeconds: 5,
      pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
      retryLimit: 5,
      retryDelay: 5,
      retryBackoff: true,
    };
    if (database.kind === 'postgres') {
      this.boss = new PgBoss({ ...common, connectionString: database.url, max: 3 });
    } else {
      const pglite = database.pglite!;
      this.boss = new PgBoss({
        ...common,
        db: {
          executeSql: (text: string, values?: unknown[]) =>
            database.db.connection().execute(async () => {
              try {
                if (values?.length) return await pglite.query(text, values);
                const results = await pglite.exec(text);
                return { rows: results.flatMap((r) => r.rows) };
              } catch (error) {
                await pglite.query('ROLLBACK').catch(() => undefined);
                throw error;
              }
            }),
        },
      });
    }
    this.boss.on('error', (error) => this.log.error({ err: error }, 'job queue error'));
  }

  register(job: ScheduledJob): this {
    this.jobs.set(job.name, job);
    return this;
  }

  /** Creates the queue schema if needed, schedules every registered job and starts working. */
  async start(): Promise<void> {
    await this.boss.start();
    this.started = true;
    for (const job of this.jobs.values()) {
      await this.boss.createQueue(job.name);
      await this.boss.schedule(job.name, job.cron, {}, { singletonKey: job.name });
      await this.boss.work(job.name, async () => {
        const started = Date.now();
        const result = await job.run();
        this.log.info({ job: job.name, result, ms: Date.now() - started }, 'job done');
        return result;
      });
    }
  }

  /** Runs a registered job now (admin "run now", tests) through the queue, as the schedule would. */
  async trigger(name: string): Promise<string> {
    const id = await this.boss.send(name, {});
    if (!id) throw new Error(`job ${name} was not queued`);
    return id;
  }

  async schedules(): Promise<string[]> {
    return (await this.boss.getSchedules()).map((s) => s.name);
  }

  /** Waits for a job to end; answers its final state. */
  async waitFor(name: string, id: string, timeoutMs = 30_000): Promise<'completed' | 'failed'> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await this.boss.getJobById(name, id, { includeArchive: true });
      if (job?.state === 'completed' || job?.state === 'failed') return job.state;
      if (Date.now() > deadline) throw new Error(`job ${name} ${id} did not finish within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    // Closes pg-boss's own pool on PostgreSQL; the app's database handle is closed by its owner.
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000, close: true });
  }
}
