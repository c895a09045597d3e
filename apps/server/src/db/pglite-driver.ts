import { AsyncLocalStorage } from 'node:async_hooks';
import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

const background = new AsyncLocalStorage<true>();

/**
 * Runs `work` (and everything it starts: timers, loops) as background work: on PGlite's one
 * connection it waits while any request wants the connection. Without PGlite it changes nothing.
 */
export function inBackground<T>(work: () => T): T {
  return background.run(true, work);
}

/** A background waiter older than this goes before requests, so jobs cannot starve. */
export const BACKGROUND_MAX_WAIT_MS = 5000;

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly client: PGlite) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.client.query<R>(query.sql, [...query.parameters]);
    return result.affectedRows
      ? { numAffectedRows: BigInt(result.affectedRows), rows: result.rows }
      : { rows: result.rows };
  }

  /** PGlite has no cursor: the whole result, handed out in chunks (as kysely-pglite-dialect does). */
  async *streamQuery<R>(query: CompiledQuery, chunkSize = 100): AsyncIterableIterator<QueryResult<R>> {
    const { rows } = await this.client.query<R>(query.sql, [...query.parameters]);
    for (let i = 0; i < rows.length; i += chunkSize) yield { rows: rows.slice(i, i + chunkSize) };
  }
}

interface Waiter {
  resolve: (connection: PGliteConnection) => void;
  since: number;
}

/**
 * PGlite has one connection, so every query and transaction waits its turn (as in
 * kysely-pglite-dialect). The turn goes to requests first: a background waiter (inBackground:
 * the worker's polling and jobs in ROLE=all) gets the connection when no request waits, or once
 * it has waited BACKGROUND_MAX_WAIT_MS.
 */
class PrioritisedPGliteDriver implements Driver {
  private readonly connection: PGliteConnection;
  private busy = false;
  private readonly requests: Waiter[] = [];
  private readonly jobs: Waiter[] = [];

  constructor(private readonly client: PGlite) {
    this.connection = new PGliteConnection(client);
  }

  async init(): Promise<void> {}

  acquireConnection(): Promise<DatabaseConnection> {
    const queue = background.getStore() ? this.jobs : this.requests;
    return new Promise((resolve) => {
      queue.push({ resolve, since: performance.now() });
      if (!this.busy) {
        this.busy = true;
        this.handOver();
      }
    });
  }

  releaseConnection(): Promise<void> {
    this.handOver();
    return Promise.resolve();
  }

  /**
   * Gives the connection to the next waiter. A request gets it at once. Background work gets it
   * only after the event loop has turned (setImmediate): PGlite runs on this thread, and a job
   * going from query to query on promises alone would keep incoming requests from even being
   * read. A request that arrives meanwhile goes first.
   */
  private handOver(): void {
    if (this.requests.length > 0 && !this.jobStarving()) return this.requests.shift()!.resolve(this.connection);
    if (this.jobs.length === 0) {
      this.busy = false;
      return;
    }
    setImmediate(() => {
      const next = this.jobStarving() ? this.jobs.shift() : (this.requests.shift() ?? this.jobs.shift());
      if (next) next.resolve(this.connection);
      else this.busy = false;
    });
  }

  private jobStarving(): boolean {
    const oldest = this.jobs[0];
    return oldest !== undefined && performance.now() - oldest.since > BACKGROUND_MAX_WAIT_MS;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const begin = settings.isolationLevel ? `start transaction isolation level ${settings.isolationLevel}` : 'begin';
    await connection.executeQuery(CompiledQuery.raw(begin));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async destroy(): Promise<void> {
    await this.client.close();
  }
}

export class PrioritisedPGliteDialect implements Dialect {
  constructor(private readonly client: PGlite) {}
  createAdapter = () => new PostgresAdapter();
  createDriver = () => new PrioritisedPGliteDriver(this.client);
  createQueryCompiler = () => new PostgresQueryCompiler();
  createIntrospector = (db: Kysely<unknown>) => new PostgresIntrospector(db);
}
