import type { ChangeFeed } from './change-feed';

export interface CachedValue<T> {
  /** The kept value, or `load()`'s answer (kept only if no change arrived while it was read). */
  get(): Promise<T>;
  /** Whether a value is kept now (tests). */
  readonly held: boolean;
}

/**
 * One value built from a few tables, kept in this process until the database announces a
 * committed change of any of them (a trigger's `NOTIFY`, infra/changes/change-feed.ts), with the
 * same rules as the session users (http/session-users.ts):
 * - a value read while the feed is down, or while any change arrived, is answered but not kept
 *   (the generation check), so a read that began before a commit cannot outlive it;
 * - before a kept value is served the feed catches up with every commit before the call
 *   (ChangeFeed.barrier), so a change committed through any process applies to the next call in
 *   every process;
 * - `ttlMs` bounds a write that bypasses the triggers unannounced.
 * `load` must read through the pool, never inside a transaction: an uncommitted read kept here
 * would be served to everyone. The value is shared by every caller: never mutate it.
 */
export function cachedValue<T>(
  feed: ChangeFeed,
  tables: readonly string[],
  load: () => Promise<T>,
  options: { ttlMs?: number; now?: () => number } = {},
): CachedValue<T> {
  const ttlMs = options.ttlMs ?? 300_000;
  const now = options.now ?? Date.now;
  const watched = new Set(tables);
  let kept: { value: T; storedAt: number } | null = null;
  feed.subscribe((change) => {
    if ('reset' in change || watched.has(change.table)) kept = null;
  });
  const fresh = () => (kept && feed.live && now() - kept.storedAt < ttlMs ? kept : null);

  return {
    get held() {
      return kept !== null;
    },
    async get() {
      if (fresh()) {
        const caughtUp = await feed.barrier().then(
          () => true,
          () => false, // the feed went down: read through
        );
        const entry = caughtUp ? fresh() : null;
        if (entry) return entry.value;
      }
      const generation = feed.generation;
      const value = await load();
      if (feed.live && feed.generation === generation) kept = { value, storedAt: now() };
      return value;
    },
  };
}
