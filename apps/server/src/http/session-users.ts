import type { ChangeFeed } from '@/infra/changes/change-feed';

interface Entry<T> {
  value: T;
  storedAt: number;
}

export interface SessionUserCache<T> {
  /** The cached user of this session, or `load()`'s answer (stored only if nothing changed meanwhile). */
  get(userId: string, sessionId: string, load: () => Promise<T | undefined>): Promise<T | undefined>;
  /** Entries held (tests, metrics). */
  readonly size: number;
}

/**
 * The per-request user of a session (ADR 3), kept in this process until the database says the
 * user or the session changed. Correct across processes because every process hears the same
 * commit-time `NOTIFY` from the `users` and `refresh_tokens` triggers:
 * - a change of a user (any column) or the revocation or deletion of any of their refresh tokens
 *   drops all of that user's sessions here;
 * - a value read while the feed is down, or while any change arrived, is answered but not kept
 *   (the generation check), so a read that started before a commit cannot outlive it;
 * - before a kept row is served, the feed catches up with every commit before the request
 *   (ChangeFeed.barrier, shared by the requests waiting at the same moment): a change committed
 *   through any process applies on the next request to every process;
 * - a missing or ended session is never cached; entries also expire after `ttlMs` as a bound on
 *   any write that bypasses triggers unannounced.
 * Values are frozen: one object serves many requests.
 */
export function sessionUserCache<T extends object>(
  feed: ChangeFeed,
  options: { maxEntries?: number; ttlMs?: number; now?: () => number } = {},
): SessionUserCache<T> {
  const maxEntries = options.maxEntries ?? 10_000;
  const ttlMs = options.ttlMs ?? 60_000;
  const now = options.now ?? Date.now;
  const byUser = new Map<string, Map<string, Entry<T>>>();
  let size = 0;

  const dropUser = (userId: string) => {
    const sessions = byUser.get(userId);
    if (!sessions) return;
    size -= sessions.size;
    byUser.delete(userId);
  };
  const clear = () => {
    byUser.clear();
    size = 0;
  };
  feed.subscribe((change) => {
    if ('reset' in change) clear();
    else if (change.table === 'users' || change.table === 'refresh_tokens') dropUser(change.key);
  });

  return {
    get size() {
      return size;
    },
    async get(userId, sessionId, load) {
      if (feed.live && byUser.get(userId)?.has(sessionId)) {
        const caughtUp = await feed.barrier().then(
          () => true,
          () => false, // the feed went down: read through
        );
        const entry = caughtUp ? byUser.get(userId)?.get(sessionId) : undefined;
        if (entry && feed.live && now() - entry.storedAt < ttlMs) return entry.value;
      }
      const generation = feed.generation;
      const loaded = await load();
      if (!loaded) return loaded;
      const value = Object.freeze(loaded);
      if (!feed.live || feed.generation !== generation) return value;
      if (size >= maxEntries) clear();
      let sessions = byUser.get(userId);
      if (!sessions) byUser.set(userId, (sessions = new Map<string, Entry<T>>()));
      if (!sessions.has(sessionId)) size++;
      sessions.set(sessionId, { value, storedAt: now() });
      return value;
    },
  };
}
