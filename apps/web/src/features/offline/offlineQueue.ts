import type { TicketStatus } from '@bantu/contracts';
import { api, isApiError, endpoints } from '@/lib/http';
import type { ApiErrorCode } from '@/lib/http';

/**
 * Changes made without a connection, kept on this device (IndexedDB) until they are sent:
 * comments and status changes. Sent in the order written, once each, when the connection
 * returns (the `online` event, app start, and a retry every 30 s while something waits). One
 * tab sends at a time (Web Locks). A change the server refuses (the ticket changed meanwhile,
 * the status change is no longer allowed) stays here as a conflict, its text kept, until the
 * user discards it: nothing is dropped silently.
 */
export type QueuedChange =
  | { kind: 'comment'; body: { comment: string; isInternal?: boolean } }
  | {
      kind: 'transition';
      /** The version the user saw: a change since then is a conflict (409). */
      body: { to: TicketStatus; comment?: string; rating?: number; feedback?: string; version: number };
    };

export type QueuedItem = QueuedChange & {
  id: string;
  ticketId: string;
  createdAt: string;
  state: 'waiting' | 'sending' | 'conflict';
  /**
   * Why the server refused it, for a conflict: the problem's stable code (VERSION_CONFLICT,
   * INVALID_TRANSITION...), shown translated. Changes queued by an older version kept only the
   * server's (English) detail in `problem`; they show the generic translated reason.
   */
  code?: ApiErrorCode;
  problem?: string;
};

const DB_NAME = 'bantu-offline';
const STORE = 'changes';

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'id' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB unavailable'));
  });
}

async function tx<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const request = work(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
    });
  } finally {
    db.close();
  }
}

const readAll = () => tx<QueuedItem[]>('readonly', (s) => s.getAll() as IDBRequest<QueuedItem[]>);
const put = (item: QueuedItem) => tx('readwrite', (s) => s.put(item));
const remove = (id: string) => tx('readwrite', (s) => s.delete(id));

let snapshot: QueuedItem[] = [];
const listeners = new Set<() => void>();
/** Called after a queued change went through (to refresh the ticket on screen). */
const sentListeners = new Set<(item: QueuedItem) => void>();

async function refresh() {
  const items = await readAll();
  snapshot = items.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  for (const listener of listeners) listener();
}

export const offlineQueue = {
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  },
  onSent(listener: (item: QueuedItem) => void) {
    sentListeners.add(listener);
    return () => void sentListeners.delete(listener);
  },
  items: () => snapshot,

  async add(ticketId: string, change: QueuedChange): Promise<void> {
    const item = {
      ...change,
      id: crypto.randomUUID(),
      ticketId,
      createdAt: new Date().toISOString(),
      state: 'waiting',
    } as QueuedItem;
    await put(item);
    await refresh();
    void flush();
  },

  async discard(id: string): Promise<void> {
    await remove(id);
    await refresh();
  },
};

/** No answer came (offline, server unreachable): the change waits for the next try. */
const isNetworkFailure = (error: unknown) => (isApiError(error) ? error.code === 'NETWORK' : true);

async function sendOne(item: QueuedItem): Promise<'sent' | 'conflict' | 'later'> {
  const params = { id: item.ticketId };
  await put({ ...item, state: 'sending' });
  try {
    if (item.kind === 'comment') await api(endpoints.createComment, { params, body: item.body });
    else await api(endpoints.transitionTicket, { params, body: item.body });
  } catch (error) {
    if (isNetworkFailure(error) || (isApiError(error) && (error.status >= 500 || error.status === 401))) {
      await put({ ...item, state: 'waiting' });
      return 'later';
    }
    const code: ApiErrorCode = isApiError(error) ? error.code : 'INTERNAL';
    await put({ ...item, state: 'conflict', code });
    return 'conflict';
  }
  await remove(item.id);
  for (const listener of sentListeners) listener(item);
  return 'sent';
}

let running: Promise<void> | null = null;

/** Sends what waits, oldest first; stops at the first change that cannot go out yet. */
export function flush(): Promise<void> {
  if (!navigator.onLine) return Promise.resolve();
  running ??= (async () => {
    const work = async () => {
      for (const item of await readAll().then((all) => all.sort((a, b) => a.createdAt.localeCompare(b.createdAt)))) {
        if (item.state === 'conflict') continue;
        if ((await sendOne(item)) === 'later') break;
        await refresh();
      }
    };
    try {
      if (navigator.locks) await navigator.locks.request('bantu-offline-queue', work);
      else await work();
    } finally {
      running = null;
      await refresh();
    }
  })();
  return running;
}

let started = false;

/** Once per page: loads the queue, and sends when the connection returns. */
export function startOfflineQueue(): void {
  if (started || typeof indexedDB === 'undefined') return;
  started = true;
  void (async () => {
    // A change left 'sending' by a closed tab goes out again (the server never answered it).
    for (const item of await readAll()) if (item.state === 'sending') await put({ ...item, state: 'waiting' });
    await refresh();
    void flush();
  })();
  window.addEventListener('online', () => void flush());
  window.setInterval(() => {
    if (snapshot.some((i) => i.state === 'waiting')) void flush();
  }, 30_000);
}
