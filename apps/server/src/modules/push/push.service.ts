import type { PushSubscriptionCreate, PushSubscriptionItem } from '@bantu/contracts';
import type { DB } from '@/db/database';
import type { Clock } from '@/infra/infra.plugin';
import * as repo from './push.repository';

/** web-push comes with the first push or key pair, not with every start. */
const loadWebPush = () => import('web-push').then((module) => module.default);

export interface VapidConfig {
  publicKey: string;
  privateKey: string;
  /** A mailto: or https: contact for push services (RFC 8292). */
  subject?: string;
}

export interface PushPayload {
  title: string;
  body: string;
  /** Opened when the notification is tapped (a path of this app). */
  url: string;
  /** One notification per ticket on the device: a newer one replaces the older. */
  tag?: string;
}

export interface PushResult {
  sent: number;
  /** Subscriptions the push service said are gone (404/410): removed. */
  removed: number;
  /** Other failures (5xx, network), worth a retry. */
  errors: string[];
}

const SEND_TIMEOUT_MS = 10_000;

/**
 * VAPID keys: the configured pair (VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY), else a pair generated
 * on first start and kept in the database, shared by every process of the installation.
 */
export function vapidKeys(db: DB, configured?: VapidConfig) {
  let cached: Promise<VapidConfig> | null = null;
  async function load(): Promise<VapidConfig> {
    if (configured) return configured;
    const stored = await repo.readVapidKeys(db);
    if (stored) return { publicKey: stored.public_key, privateKey: stored.private_key };
    await repo.storeVapidKeys(db, (await loadWebPush()).generateVAPIDKeys());
    const row = await repo.readVapidKeys(db);
    if (!row) throw new Error('VAPID keys could not be stored');
    return { publicKey: row.public_key, privateKey: row.private_key };
  }
  return () => {
    cached ??= load().catch((error: unknown) => {
      cached = null;
      throw error;
    });
    return cached;
  };
}

const serviceOf = (endpoint: string) => {
  try {
    return new URL(endpoint).host;
  } catch {
    return '';
  }
};

export function pushService(deps: { db: DB; clock: Clock; vapid?: VapidConfig; contact?: string }) {
  const { db, clock } = deps;
  const keys = vapidKeys(db, deps.vapid);
  const subject = deps.vapid?.subject ?? deps.contact ?? 'mailto:helpdesk@bantu.local';

  const item = (row: {
    id: string;
    label: string;
    endpoint: string;
    created_at: Date;
    last_used_at: Date | null;
  }): PushSubscriptionItem => ({
    id: row.id,
    label: row.label,
    service: serviceOf(row.endpoint),
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
  });

  return {
    publicKey: async () => (await keys()).publicKey,

    async list(userId: string): Promise<PushSubscriptionItem[]> {
      return (await repo.listSubscriptions(db, userId)).map(item);
    },

    async subscribe(userId: string, body: PushSubscriptionCreate): Promise<PushSubscriptionItem> {
      const row = await repo.upsertSubscription(
        db,
        userId,
        { endpoint: body.endpoint, p256dh: body.keys.p256dh, auth: body.keys.auth, label: body.label ?? '' },
        clock.now(),
      );
      return item(row);
    },

    revoke: (userId: string, id: string) => repo.deleteSubscription(db, userId, id),

    /**
     * Sends one payload to every device of a user: encrypted per RFC 8291 (aes128gcm) and
     * signed with VAPID by `web-push`, posted with fetch. A 404/410 removes the subscription.
     */
    async sendToUser(userId: string, payload: PushPayload): Promise<PushResult> {
      const vapid = await keys();
      const webpush = await loadWebPush();
      const result: PushResult = { sent: 0, removed: 0, errors: [] };
      const body = JSON.stringify(payload);
      for (const s of await repo.listSubscriptions(db, userId)) {
        const request = webpush.generateRequestDetails(
          { endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } },
          body,
          {
            vapidDetails: { subject, publicKey: vapid.publicKey, privateKey: vapid.privateKey },
            TTL: 24 * 3600,
            urgency: 'normal',
            contentEncoding: 'aes128gcm',
          },
        );
        try {
          const response = await fetch(request.endpoint, {
            method: request.method,
            headers: request.headers as Record<string, string>,
            body: request.body,
            redirect: 'manual',
            signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
          });
          await response.body?.cancel();
          if (response.status === 404 || response.status === 410) {
            await repo.deleteByEndpoint(db, s.endpoint);
            result.removed += 1;
          } else if (response.ok) {
            await repo.touchSubscription(db, s.id, clock.now());
            result.sent += 1;
          } else {
            result.errors.push(`push service ${serviceOf(s.endpoint)} answered ${response.status}`);
          }
        } catch (error) {
          result.errors.push(
            `push service ${serviceOf(s.endpoint)}: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
      return result;
    },
  };
}
export type PushService = ReturnType<typeof pushService>;
