import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { redisClient, redisGuard, type RedisLog } from '@/infra/cache/redis';

/** What travels between processes to reach open WebSockets. Ids only: clients refetch. */
export type RealtimeMessage =
  | { kind: 'ticket'; ticketId: string; requesterId: string; topic: string; internal: boolean }
  | { kind: 'notification'; userIds: string[] }
  | { kind: 'presence'; ticketId: string; userId: string; name: string; viewing: boolean }
  /** An account changed under its open sockets: every API process closes that user's sockets. */
  | { kind: 'user'; userId: string; reason: UserChangeReason };

/** Why a user's live-update sockets are closed (realtime.routes.ts maps each to a close code). */
export type UserChangeReason = 'deactivated' | 'deleted' | 'role_changed' | 'sessions_revoked';

/**
 * Fan-out to every API process: in process for the embedded shape, Redis pub/sub when API
 * processes and workers are separate.
 */
export interface PubSub {
  publish(message: RealtimeMessage): Promise<void>;
  subscribe(listener: (message: RealtimeMessage) => void): () => void;
  close(): Promise<void>;
  /** Present on the Redis fan-out: whether Redis answers now (readiness). */
  redisReachable?(): Promise<boolean>;
}

export function memoryPubSub(): PubSub {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish(message) {
      emitter.emit('message', message);
      return Promise.resolve();
    },
    subscribe(listener) {
      emitter.on('message', listener);
      return () => emitter.off('message', listener);
    },
    close() {
      emitter.removeAllListeners();
      return Promise.resolve();
    },
  };
}

/**
 * The live-update channel of the installation at this Redis URL. Redis pub/sub ignores the
 * database number (`redis://host:6379/9`), which does separate the rate-limit keys: the channel
 * carries it, so installations sharing one Redis on different databases hear only their own hints.
 */
export function realtimeChannel(url: string): string {
  const db = Number.parseInt(new URL(url).pathname.slice(1), 10);
  return Number.isInteger(db) && db > 0 ? `bantu:realtime:${db}` : 'bantu:realtime';
}

/** How long a publish may wait for a connected Redis before the message reaches this process only. */
export const PUBLISH_TIMEOUT_MS = 5000;

/**
 * Fan-out through a Redis channel. Every message reaches this process's listeners at once and
 * other processes through Redis (each ignores its own echo). Redis down degrades: messages
 * still reach this process's listeners, the others miss them (they are hints: sockets refetch
 * and re-check accounts on their own), and the subscription comes back when Redis does.
 */
export function redisPubSub(url: string, channel = realtimeChannel(url), log?: RedisLog): PubSub {
  const origin = randomUUID();
  // Publishes come after a commit (the outbox dispatcher, the SLA monitor, a user change), never
  // on a request's wait: a slow Redis gets PUBLISH_TIMEOUT_MS, not the request path's 500 ms
  // (under load a 500 ms timeout, and the 2 s without Redis after it, dropped live updates).
  const publisher = redisClient(url, 'pubsub', log, { commandTimeout: PUBLISH_TIMEOUT_MS });
  const guard = redisGuard(publisher);
  // The subscriber waits for its connection (it is never on a request's path) and subscribes
  // again after each reconnect (ioredis' autoResubscribe).
  const subscriber = redisClient(url, 'pubsub-subscriber', log, {
    enableOfflineQueue: true,
    maxRetriesPerRequest: null,
    commandTimeout: undefined,
  });
  const local = memoryPubSub();
  subscriber.subscribe(channel).catch((error: unknown) => {
    log?.warn({ err: error, channel }, 'Redis subscription failed');
  });
  subscriber.on('message', (_channel: string, raw: string) => {
    let envelope: { origin?: string; message?: RealtimeMessage } & Partial<RealtimeMessage>;
    try {
      envelope = JSON.parse(raw) as typeof envelope;
    } catch {
      return;
    }
    if (envelope.origin === origin) return;
    // Bare messages come from processes of an older version during a rolling upgrade.
    const message = envelope.message ?? (envelope.kind ? (envelope as RealtimeMessage) : null);
    if (message) void local.publish(message);
  });
  const closeClient = async (client: typeof publisher) => {
    if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
    else client.disconnect();
  };
  return {
    async publish(message) {
      await local.publish(message);
      await guard.run(
        async () => {
          await publisher.publish(channel, JSON.stringify({ origin, message }));
        },
        () => Promise.resolve(),
      );
    },
    subscribe: (listener) => local.subscribe(listener),
    redisReachable: async () => subscriber.status === 'ready' && (await guard.ping()),
    async close() {
      await local.close();
      await Promise.all([closeClient(publisher), closeClient(subscriber)]);
    },
  };
}
