import { CompiledQuery, sql, type QueryResult } from 'kysely';
import PgBoss from 'pg-boss';
import type { DatabaseHandle } from '@/db/database';
import { workSignal } from './work-signal';

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

/** Retries, lease and dead letter of a work queue (stored on pg-boss's queue row). */
export interface WorkQueueOptions {
  /** Retries after the first attempt. */
  retryLimit: number;
  /** Seconds before the first retry; doubled (with jitter) for each further one when retryBackoff. */
  retryDelay: number;
  retryBackoff: boolean;
  /** The lease: a job still active after this long (its worker died) is failed and retried. */
  expireInSeconds: number;
  /** Queue that receives a copy of a job after its last attempt failed. */
  deadLetter?: string;
}

/** A queue whose jobs are sent by the application (inside its transactions) and worked here. */
export interface WorkQueue<T extends object = object> {
  name: string;
  options?: WorkQueueOptions;
  /** Handlers running at once in this process (each fetches one job at a time). */
  concurrency?: number;
  /** How often an idle handler looks for a job; the JobQueue's workPollingIntervalSeconds by default. */
  pollingIntervalSeconds?: number;
  handle(job: PgBoss.JobWithMetadata<T>): Promise<unknown>;
}

export type JobMetadata<T extends object = object> = PgBoss.JobWithMetadata<T>;

/**
 * pg-boss's `db` option bound to a Kysely executor: a transaction (the job exists exactly when
 * the transaction commits) or the database itself. On PGlite, Kysely runs both on its one
 * connection behind the driver's lock, so pg-boss never sees (or runs inside) an open
 * transaction of someone else (shared/research/stack-spike.md §2).
 */
export interface SqlExecutor {
  executeQuery<R>(query: CompiledQuery<R>): Promise<QueryResult<R>>;
}

export function kyselyExecutor(db: SqlExecutor): PgBoss.Db {
  return {
    async executeSql(text: string, values?: unknown[]) {
      const result = await db.executeQuery(CompiledQuery.raw(text, values ?? []));
      return { rows: [...result.rows] };
    },
  };
}

export interface SendOptions {
  /** Job id (a uuid): a second send with the same id adds nothing. */
  id?: string;
  singletonKey?: string;
  /** Seconds from now (database time) before the job may run. */
  startAfterSeconds?: number;
}

/**
 * Sends jobs through the caller's Kysely executor only; it never opens a connection, so the
 * HTTP side can enqueue inside its transactions without running a queue. The queue (and
 * pg-boss's schema) must exist: `prepareJobQueue` creates them at startup.
 */
export class JobSender {
  private readonly boss = new PgBoss({
    schema: 'pgboss',
    db: {
      executeSql: () => Promise.reject(new Error('JobSender sends only through a given executor')),
    },
  });

  /** Answers the job id, or null when an equal job (same id) already exists. */
  async send(db: SqlExecutor, name: string, data: object, options: SendOptions = {}): Promise<string | null> {
    const id = await this.boss.send(name, data, {
      ...(options.id ? { id: options.id } : {}),
      ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
      ...(options.startAfterSeconds && options.startAfterSeconds > 0
        ? { startAfter: Math.ceil(options.startAfterSeconds) }
        : {}),
      db: kyselyExecutor(db),
    });
    // This process's workers of the queue fetch now rather than at their next poll.
    if (id && !options.startAfterSeconds) workSignal.notify(name);
    return id;
  }
}

function createBoss(database: DatabaseHandle, options: Record<string, unknown>): PgBoss {
  if (database.kind === 'postgres') {
    return new PgBoss({ ...options, connectionString: database.url, max: 4 });
  }
  const pglite = database.pglite!;
  return new PgBoss({
    ...options,
    db: {
      // Behind the Kysely driver's lock, like every application query. Parameterless SQL is
      // pg-boss's multi-statement schema script: exec(), as query() takes one statement.
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

/** Queues without a dead letter first: a dead letter queue must exist before the queue naming it. */
function byDeadLetter<Q extends Pick<WorkQueue, 'options'>>(queues: Q[]): Q[] {
  return [...queues].sort((a, b) => Number(!!a.options?.deadLetter) - Number(!!b.options?.deadLetter));
}

async function ensureQueues(boss: PgBoss, queues: Pick<WorkQueue, 'name' | 'options'>[]) {
  for (const queue of byDeadLetter(queues)) {
    await boss.createQueue(queue.name, { name: queue.name, ...queue.options });
    // An existing queue takes this process's options (they are copied onto each job at send).
    if (queue.options) await boss.updateQueue(queue.name, { name: queue.name, ...queue.options });
  }
}

/**
 * Creates pg-boss's schema and the given queues without working them: after migrations, so
 * every process (an API-only one too) can send jobs in its transactions from the start.
 */
export async function prepareJobQueue(
  database: DatabaseHandle,
  queues: Pick<WorkQueue, 'name' | 'options'>[],
): Promise<void> {
  const boss = createBoss(database, { schema: 'pgboss', supervise: false, schedule: false });
  await oneProcessAtATime(database, async () => {
    await boss.start();
    try {
      await ensureQueues(boss, queues);
    } finally {
      await boss.stop({ graceful: false, close: true });
    }
  });
}

/**
 * Runs the queue set-up of one process at a time on PostgreSQL: pg-boss's schema and queue
 * creation can deadlock when several processes start at the same instant. A session advisory
 * lock on a connection of our own pool; pg-boss works through its own pool meanwhile. PGlite
 * has one process, and holding its only connection would block pg-boss, so no lock there.
 */
async function oneProcessAtATime<T>(database: DatabaseHandle, setUp: () => Promise<T>): Promise<T> {
  if (database.kind !== 'postgres') return setUp();
  return database.db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(hashtext('bantu.job-queue.setup'))`.execute(conn);
    try {
      return await setUp();
    } finally {
      await sql`select pg_advisory_unlock(hashtext('bantu.job-queue.setup'))`.execute(conn);
    }
  });
}

/**
 * Background jobs on pg-boss, in the same database as the data: on PostgreSQL through its own
 * pool; on PGlite through the Kysely driver's lock, so a job never runs inside (or sees) an
 * application transaction that has not committed (see shared/research/stack-spike.md §2).
 * A cron slot becomes one job, which exactly one worker process takes; a sent job is taken by
 * exactly one handler (SKIP LOCKED), retried with backoff, and retried after its lease when
 * the worker holding it died.
 */
export class JobQueue {
  private readonly boss: PgBoss;
  private readonly jobs = new Map<string, ScheduledJob>();
  private readonly queues = new Map<string, WorkQueue>();
  private readonly workerIds = new Map<string, string[]>();
  private readonly pollingIntervalSeconds: number;
  private readonly workPollingIntervalSeconds: number;
  private unsubscribe: (() => void)[] = [];
  private started = false;

  constructor(
    private readonly database: DatabaseHandle,
    private readonly log: JobLogger,
    options: {
      /** How often an idle worker of a scheduled job looks for its job (2 s). */
      pollingIntervalSeconds?: number;
      /** How often an idle handler of a work queue looks for a job (0.5 s, pg-boss's smallest). */
      workPollingIntervalSeconds?: number;
      maintenanceIntervalSeconds?: number;
    } = {},
  ) {
    this.pollingIntervalSeconds = options.pollingIntervalSeconds ?? 2;
    this.workPollingIntervalSeconds = options.workPollingIntervalSeconds ?? 0.5;
    this.boss = createBoss(database, {
      schema: 'pgboss',
      // Cron is checked often so a minute slot is never missed by much.
      cronMonitorIntervalSeconds: 30,
      cronWorkerIntervalSeconds: 5,
      // Maintenance expires the jobs of dead workers (their lease) and archives old ones.
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 30,
      pollingIntervalSeconds: this.pollingIntervalSeconds,
      retryLimit: 5,
      retryDelay: 5,
      retryBackoff: true,
    });
    this.boss.on('error', (error) => this.log.error({ err: error }, 'job queue error'));
  }

  register(job: ScheduledJob): this {
    this.jobs.set(job.name, job);
    return this;
  }

  /** A queue of sent jobs (see JobSender) this process works on. */
  work(queue: WorkQueue): this {
    this.queues.set(queue.name, queue);
    return this;
  }

  /** Creates the queue schema if needed, schedules every registered job and starts working. */
  async start(): Promise<void> {
    await oneProcessAtATime(this.database, async () => {
      await this.boss.start();
      this.started = true;
      await ensureQueues(this.boss, [...this.queues.values()]);
      for (const job of this.jobs.values()) {
        await this.boss.createQueue(job.name);
        await this.boss.schedule(job.name, job.cron, {}, { singletonKey: job.name });
      }
    });
    for (const job of this.jobs.values()) {
      await this.boss.work(job.name, { pollingIntervalSeconds: this.pollingIntervalSeconds }, async () => {
        const started = Date.now();
        const result = await job.run();
        this.log.info({ job: job.name, result, ms: Date.now() - started }, 'job done');
        return result;
      });
    }
    for (const queue of this.queues.values()) {
      const ids: string[] = [];
      for (let i = 0; i < (queue.concurrency ?? 1); i++) {
        // Set once work() answers, before any job reaches the handler.
        let id = '';
        id = await this.boss.work<object>(
          queue.name,
          // A send in this process also wakes them at once (see wake() and work-signal.ts).
          {
            includeMetadata: true,
            batchSize: 1,
            pollingIntervalSeconds: queue.pollingIntervalSeconds ?? this.workPollingIntervalSeconds,
          },
          async ([job]) => {
            if (!job) return undefined;
            try {
              return await queue.handle(job);
            } finally {
              // A handler that found a job looks for the next at once; only an empty fetch
              // waits for the polling interval (pg-boss would wait after every job).
              this.boss.notifyWorker(id);
            }
          },
        );
        ids.push(id);
      }
      this.workerIds.set(queue.name, ids);
      this.unsubscribe.push(workSignal.on(queue.name, () => this.wake(queue.name)));
    }
  }

  /** The names of the scheduled jobs and work queues registered so far. */
  names(): string[] {
    return [...this.jobs.keys(), ...this.queues.keys()];
  }

  /** Lets this process's workers of a queue fetch now instead of at their next poll. */
  wake(name: string): void {
    for (const id of this.workerIds.get(name) ?? []) this.boss.notifyWorker(id);
  }

  /** Stops fetching new jobs of a queue (handlers already running carry on). */
  async pause(name: string): Promise<void> {
    await this.boss.offWork(name);
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
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    // Handlers get 5 s to finish (the process allows 10 s to shut down); a job still running
    // then is failed and retried later (a mail resent then keeps its Message-ID). Closes
    // pg-boss's own pool on PostgreSQL; the app's database handle is closed by its owner.
    await this.boss.stop({ graceful: true, wait: true, timeout: 5_000, close: true });
  }
}
