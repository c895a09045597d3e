import { afterAll, describe, expect, it } from 'vitest';
import { realtimeChannel, redisPubSub, type PubSub, type RealtimeMessage } from './pubsub';

const REDIS = 'redis://127.0.0.1:6379';

describe('Redis pub/sub', () => {
  const opened: PubSub[] = [];
  const open = (url: string) => {
    const pubsub = redisPubSub(url);
    opened.push(pubsub);
    const got: RealtimeMessage[] = [];
    pubsub.subscribe((m) => got.push(m));
    return { pubsub, got };
  };
  afterAll(async () => {
    await Promise.all(opened.map((p) => p.close()));
  });

  const until = async (condition: () => boolean) => {
    for (let i = 0; !condition(); i++) {
      if (i > 200) throw new Error('message not received within 10 s');
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('keeps installations on different databases of one Redis apart (pub/sub ignores the database)', async () => {
    expect(realtimeChannel(`${REDIS}`)).toBe('bantu:realtime');
    expect(realtimeChannel(`${REDIS}/0`)).toBe('bantu:realtime');
    expect(realtimeChannel(`${REDIS}/11`)).toBe('bantu:realtime:11');
    const a = open(`${REDIS}/11`);
    const a2 = open(`${REDIS}/11`);
    const b = open(`${REDIS}/12`);
    // Subscriptions are asynchronous: wait until each side hears its own messages.
    const ping = (side: { pubsub: PubSub; got: RealtimeMessage[] }, userId: string) =>
      until(() => {
        if (!side.got.some((m) => m.kind === 'notification' && m.userIds.includes(userId))) {
          void side.pubsub.publish({ kind: 'notification', userIds: [userId] });
          return false;
        }
        return true;
      });
    await ping(a2, 'ready-a');
    await ping(b, 'ready-b');

    await a.pubsub.publish({ kind: 'notification', userIds: ['for-11'] });
    await until(() => a2.got.some((m) => m.kind === 'notification' && m.userIds.includes('for-11')));
    // Published after the first message reached its peer: b hears this marker after anything
    // Redis would have delivered to it before.
    await b.pubsub.publish({ kind: 'notification', userIds: ['marker-12'] });
    await until(() => b.got.some((m) => m.kind === 'notification' && m.userIds.includes('marker-12')));
    expect(b.got.some((m) => m.kind === 'notification' && m.userIds.includes('for-11'))).toBe(false);
  });
});
