import type { MarkReadRequest, NotificationCentreKind, NotificationResponse } from '@bantu/contracts';
import type { DB } from '@/db/database';
import type { Clock } from '@/infra/infra.plugin';
import { decodeCursor, pageOf } from '@/lib/cursor';
import { notFound } from '@/lib/errors';
import { heldDeliveries } from './notifications.preferences.repository';
import { enqueueDelivery, enqueueDigest } from './notifications.queue';
import {
  countUnread,
  listCapturedMails,
  listDeliveries,
  listNotifications,
  markNotificationsRead,
  recordProviderStatus,
  resetFailedDelivery,
  resetFailedDigest,
} from './notifications.repository';
import type { NotificationData } from './notifications.types';

// Moved to notifications.types.ts; kept here for callers that import it from the service.
export type { NotificationData } from './notifications.types';

export interface NotificationDeps {
  db: DB;
  clock: Clock;
  /** Tells this process's delivery workers that jobs were queued (they fetch at once). */
  wake?: () => void;
}

/**
 * The notification centre (my list, unread count, read marks) and the admin views of
 * deliveries (list, retry, captured mails, WhatsApp receipts). The outbox dispatcher is in
 * notifications.dispatcher.ts, the job handlers in notifications.jobs.ts.
 */
export function notificationsService({ db, clock, wake }: NotificationDeps) {
  return {
    async recordWhatsAppStatus(providerId: string, status: string, error?: string) {
      await recordProviderStatus(db, providerId, status, error);
    },

    async list(userId: string, query: { limit: number; cursor?: string; unread?: boolean }) {
      const after = query.cursor ? decodeCursor(query.cursor, ['timestamp', 'uuid']) : undefined;
      const rows = await listNotifications(db, userId, { limit: query.limit, unread: query.unread, after });
      const page = pageOf(rows, query.limit, (r) => [r.created_at.toISOString(), r.id]);
      const held = await heldDeliveries(
        db,
        page.items.map((r) => r.id),
      );
      return {
        items: page.items.map((r): NotificationResponse => {
          const d = r.data as NotificationData;
          const mine = held.filter((h) => h.notification_id === r.id);
          return {
            id: r.id,
            kind: r.kind as NotificationCentreKind,
            ticketId: r.ticket_id,
            ticketNumber: d.ticketNumber,
            title: d.title,
            actorName: d.actorName,
            from: d.from,
            to: d.to,
            excerpt: d.excerpt,
            readAt: r.read_at?.toISOString() ?? null,
            createdAt: r.created_at.toISOString(),
            held:
              mine.length > 0
                ? {
                    channels: mine.map((h) => h.channel),
                    until: new Date(Math.max(...mine.map((h) => h.held_until!.getTime()))).toISOString(),
                  }
                : null,
            digest: r.digest_at
              ? { at: r.digest_at.toISOString(), sentAt: r.sent_at ? r.sent_at.toISOString() : null }
              : null,
            export: d.export ?? null,
          };
        }),
        nextCursor: page.nextCursor,
      };
    },

    unreadCount(userId: string) {
      return countUnread(db, userId);
    },

    markRead(userId: string, request: MarkReadRequest) {
      return markNotificationsRead(db, userId, request.ids, clock.now());
    },

    listDeliveries(query: { limit: number; cursor?: string; status?: 'pending' | 'sent' | 'failed' }) {
      return listDeliveries(db, query);
    },

    listCapturedMails(query: { limit: number; cursor?: string }) {
      return listCapturedMails(db, query);
    },

    /**
     * Admin retry of a failed delivery or daily digest: back to pending and a new job, in one
     * transaction.
     */
    async retryDelivery(id: string) {
      await db.transaction().execute(async (trx) => {
        const delivery = await resetFailedDelivery(trx, id, clock.now());
        if (delivery) return enqueueDelivery(trx, delivery, clock, { again: true });
        const digest = await resetFailedDigest(trx, id, clock.now());
        if (digest) return enqueueDigest(trx, digest, clock, { again: true });
        throw notFound('Failed delivery');
      });
      wake?.();
    },
  };
}
export type NotificationsService = ReturnType<typeof notificationsService>;
