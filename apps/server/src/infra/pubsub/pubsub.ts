import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';

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

export function redisPubSub(url: string, channel = realtimeChannel(url)): PubSub {
  const publisher = new Redis(url, { maxRetriesPerRequest: 2 });
  const subscriber = new Redis(url);
  const local = memoryPubSub();
  void subscriber.subscribe(channel);
  subscriber.on('message', (_channel: string, raw: string) => {
    void local.publish(JSON.parse(raw) as RealtimeMessage);
  });
  return {
    async publish(message) {
      await publisher.publish(channel, JSON.stringify(message));
    },
    subscribe: (listener) => local.subscribe(listener),
    async close() {
      await local.close();
      await Promise.all([publisher.quit(), subscriber.quit()]);
    },
  };
}
