import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { DatabaseHandle } from '@/db/database';

/** The channel the `notify_row_change` trigger sends on (migration 20261204050000). */
export const CHANGES_CHANNEL = 'bantu_changes';

/**
 * A committed change of a cached table: `<table>:<key>` from the trigger, or `reset` when
 * anything may have changed unseen (the feed was down, or a restore sent `*`).
 */
const BARRIER = 'barrier';
const BARRIER_SQL = `SELECT pg_notify('${CHANGES_CHANNEL}', '${BARRIER}')`;

export type Change = { table: string; key: string } | { reset: true };

/**
 * Row changes of the database as they commit, in this process. A cache built on it must only
 * store what it read while `live` and no change arrived meanwhile (`generation` unchanged), so a
 * read that began before a commit is never kept after its notification.
 */
export interface ChangeFeed {
  /** True while notifications are being received; nothing may be served from a cache otherwise. */
  readonly live: boolean;
  /** Grows with every change delivered (and every reset). */
  readonly generation: number;
  subscribe(listener: (change: Change) => void): () => void;
  /**
   * Resolves once every notification of a transaction that committed before the call has been
   * delivered here; rejects when the feed cannot tell (not live). On PostgreSQL: a NOTIFY of its
   * own through the listening connection, which PostgreSQL delivers after every earlier queue
   * entry and before the statement's answer; concurrent callers share the next one to start.
   */
  barrier(): Promise<void>;
  close(): Promise<void>;
}

export function parseChange(payload: string): Change {
  const at = payload.indexOf(':');
  if (payload === '*' || at < 0) return { reset: true };
  return { table: payload.slice(0, at), key: payload.slice(at + 1) };
}

class Feed {
  live = false;
  generation = 0;
  private listeners = new Set<(change: Change) => void>();

  subscribe(listener: (change: Change) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(change: Change): void {
    this.generation++;
    for (const listener of this.listeners) listener(change);
  }

  setLive(live: boolean): void {
    this.live = live;
    // Whatever was cached before going down, or read while down, may be stale.
    this.emit({ reset: true });
  }
}

/** PGlite: the engine is in this process and delivers a notification when the commit returns. */
async function pgliteFeed(pglite: PGlite): Promise<ChangeFeed> {
  const feed = new Feed();
  const unlisten = await pglite.listen(CHANGES_CHANNEL, (payload) => feed.emit(parseChange(payload)));
  feed.setLive(true);
  return {
    get live() {
      return feed.live;
    },
    get generation() {
      return feed.generation;
    },
    subscribe: (listener) => feed.subscribe(listener),
    // The engine runs in this process: a commit's notifications are delivered before it returns.
    barrier: () => Promise.resolve(),
    async close() {
      feed.setLive(false);
      // Closing the engine first ends its listeners too (the app closes the database last, a
      // test may close it first): UNLISTEN on a closed engine would only throw.
      if (!pglite.closed) await unlisten().catch(() => undefined);
    },
  };
}

/**
 * PostgreSQL: one dedicated connection LISTENs. When it drops, the feed is not live (caches read
 * through) until a new connection listens again, retried every `retryMs`.
 */
function postgresFeed(url: string, retryMs = 1000, barrierTimeoutMs = 2000): ChangeFeed {
  const feed = new Feed();
  let client: pg.Client | null = null;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;
  let inFlight: Promise<void> | null = null;
  let queued: Promise<void> | null = null;

  const startBarrier = (): Promise<void> => {
    const listening = client;
    const run = async () => {
      if (!listening || !feed.live) throw new Error('the change feed is not live');
      // A connection that stops answering is treated as lost: requests must not hang on it.
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => {
          lost(listening);
          reject(new Error('the change feed did not answer'));
        }, barrierTimeoutMs);
      });
      try {
        await Promise.race([listening.query(BARRIER_SQL), timeout]);
      } finally {
        clearTimeout(timer);
      }
      if (client !== listening || !feed.live) throw new Error('the change feed went down');
    };
    const barrier = run().finally(() => {
      if (inFlight === barrier) inFlight = null;
    });
    inFlight = barrier;
    return barrier;
  };

  const retry = () => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = null;
      void connect();
    }, retryMs);
    timer.unref();
  };
  const lost = (lostClient: pg.Client) => {
    if (client !== lostClient) return;
    client = null;
    if (feed.live) feed.setLive(false);
    void lostClient.end().catch(() => undefined);
    retry();
  };
  const connect = async () => {
    const next = new pg.Client({ connectionString: url, application_name: 'bantu-change-feed' });
    client = next;
    next.on('error', () => lost(next));
    next.on('end', () => lost(next));
    next.on('notification', (message) => {
      if (message.channel !== CHANGES_CHANNEL || message.payload === BARRIER) return;
      feed.emit(parseChange(message.payload ?? '*'));
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${CHANGES_CHANNEL}`);
      if (closed || client !== next) return void (await next.end().catch(() => undefined));
      feed.setLive(true);
    } catch {
      lost(next);
    }
  };
  void connect();

  return {
    get live() {
      return feed.live;
    },
    get generation() {
      return feed.generation;
    },
    subscribe: (listener) => feed.subscribe(listener),
    barrier() {
      // A caller must wait for a barrier that starts after it called: while one is in flight,
      // later callers share the one queued behind it.
      if (!inFlight) return startBarrier();
      queued ??= inFlight
        .catch(() => undefined)
        .then(() => {
          queued = null;
          return startBarrier();
        });
      return queued;
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const current = client;
      client = null;
      if (feed.live) feed.setLive(false);
      await current?.end().catch(() => undefined);
    },
  };
}

/** Not live: every cache built on it reads through (a database handle with neither engine). */
export function deadFeed(): ChangeFeed {
  return {
    live: false,
    generation: 0,
    subscribe: () => () => undefined,
    barrier: () => Promise.reject(new Error('the change feed is not live')),
    close: () => Promise.resolve(),
  };
}

export async function changeFeedFor(database: DatabaseHandle): Promise<ChangeFeed> {
  if (database.kind === 'pglite' && database.pglite) return pgliteFeed(database.pglite);
  if (database.kind === 'postgres' && database.url) return postgresFeed(database.url);
  return deadFeed();
}
