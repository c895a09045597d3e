import type { MarkReadRequest, NotificationCentreKind, NotificationResponse } from '@bantu/contracts';
import type { DB } from '@/db/database';
import type { Clock } from '@/infra/infra.plugin';
import type { PubSub, RealtimeMessage } from '@/infra/pubsub/pubsub';
import type { WhatsAppClient } from '@/infra/whatsapp/whatsapp';
import { decodeCursor, olderThan, pageOf } from '@/lib/cursor';
import { notFound } from '@/lib/errors';
import { enqueueDelivery } from './notifications.jobs';
import { finalRecipients, recipientsFor, type OutboxEvent } from './notifications.recipients';
import { deliveryPlanner } from './notifications.preferences';
import { heldDeliveries } from './notifications.preferences.repository';
import {
  listCapturedMails,
  listDeliveries,
  recordProviderStatus,
  resetFailedDelivery,
} from './notifications.repository';

/** The facts a notification shows (its `data` column). */
export interface NotificationData {
  ticketNumber: string | null;
  title: string;
  actorName: string | null;
  from: string | null;
  to: string | null;
  excerpt: string | null;
  /** The ticket's status after the event (absent in rows from before it was kept). */
  status?: string | null;
  /** What the mail quotes: the description, the comment, the reason or resolution note. */
  text?: string | null;
  /** Where links point when PUBLIC_URL is not set: the address the causing request came in on. */
  baseUrl?: string | null;
  /** report_ready: the export it announces (modules/reports). */
  export?: { id: string; fileName: string; downloadUrl: string; expiresAt: string };
}

const TEXT_MAX = 4000;

export interface NotificationDeps {
  db: DB;
  clock: Clock;
  /** Present when the WhatsApp Cloud API is configured (deliveries then may use it). */
  whatsapp?: WhatsAppClient;
  /** Live updates for open browsers, published after each batch commits. */
  pubsub?: PubSub;
  /** Tells this process's delivery workers that jobs were queued (they fetch at once). */
  wake?: () => void;
}

/**
 * Notifications: the dispatcher (outbox events -> notifications + deliveries, each delivery's
 * job queued in the same transaction; notifications.jobs.ts sends them), the notification
 * centre and the admin views of deliveries.
 */
export function notificationsService({ db, clock, whatsapp, pubsub, wake }: NotificationDeps) {
  /** The facts a notification shows, frozen at the time of the event. */
  async function snapshot(trx: DB, event: OutboxEvent) {
    if (!event.ticket_id) {
      // An event about no ticket (the SLA compliance alert): its payload's title stands in.
      const p = (event.payload ?? {}) as Record<string, unknown>;
      const title = typeof p.title === 'string' ? p.title : event.topic;
      const data: NotificationData = {
        ticketNumber: null,
        title,
        actorName: null,
        from: null,
        to: null,
        excerpt: null,
        baseUrl: event.base_url,
      };
      return { ticket: { id: null, ticket_number: null, title, user_id: '', assigned_to: null }, data };
    }
    const ticket = await trx
      .selectFrom('tickets')
      .select(['id', 'ticket_number', 'title', 'user_id', 'assigned_to', 'status', 'description'])
      .where('id', '=', event.ticket_id)
      .executeTakeFirst();
    if (!ticket) return null;
    // Events written by jobs (SLA monitor, auto-close) had no request: the ticket's last known address.
    const baseUrl =
      event.base_url ??
      (
        await trx
          .selectFrom('outbox_events')
          .select('base_url')
          .where('ticket_id', '=', ticket.id)
          .where('base_url', 'is not', null)
          .orderBy('id', 'desc')
          .limit(1)
          .executeTakeFirst()
      )?.base_url ??
      null;
    const actor = event.actor_id
      ? await trx.selectFrom('users').select('name').where('id', '=', event.actor_id).executeTakeFirst()
      : undefined;
    const p = (event.payload ?? {}) as Record<string, unknown>;
    let from: string | null = typeof p.from === 'string' ? p.from : null;
    let to: string | null = typeof p.to === 'string' ? p.to : null;
    let excerpt: string | null = null;
    if (event.topic === 'ticket.assigned') {
      const ids = [from, to].filter((x): x is string => !!x);
      const names = ids.length
        ? await trx.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute()
        : [];
      from = names.find((n) => n.id === from)?.name ?? null;
      to = names.find((n) => n.id === to)?.name ?? null;
    }
    let text: string | null = null;
    if (
      (event.topic === 'ticket.comment_added' || event.topic === 'ticket.status_changed') &&
      typeof p.commentId === 'string'
    ) {
      const c = await trx
        .selectFrom('ticket_comments')
        .select('comment')
        .where('id', '=', p.commentId)
        .executeTakeFirst();
      text = c?.comment ?? null;
      if (event.topic === 'ticket.comment_added') excerpt = c ? c.comment.slice(0, 500) : null;
    }
    if (event.topic === 'ticket.created' || event.topic === 'ticket.assigned') text = ticket.description;
    let status: string = ticket.status;
    if (event.topic === 'ticket.created') status = 'OPEN';
    if (event.topic === 'ticket.status_changed' && typeof p.to === 'string') status = p.to;
    if (event.topic === 'ticket.assigned' && typeof p.statusTo === 'string') status = p.statusTo;
    const data: NotificationData = {
      ticketNumber: ticket.ticket_number,
      title: ticket.title,
      actorName: actor?.name ?? null,
      from,
      to,
      excerpt,
      status,
      text: text === null ? null : text.slice(0, TEXT_MAX),
      baseUrl,
    };
    return { ticket, data };
  }

  return {
    /**
     * Turns pending outbox events into notifications and deliveries, in one transaction per
     * batch: rows locked with SKIP LOCKED, so with several workers each event is handled once.
     */
    async dispatch(batchSize = 100): Promise<number> {
      const live: RealtimeMessage[] = [];
      let queued = 0;
      const count = await db.transaction().execute(async (trx) => {
        const events = await trx
          .selectFrom('outbox_events')
          .select(['id', 'topic', 'ticket_id', 'actor_id', 'payload', 'base_url'])
          .where('processed_at', 'is', null)
          .orderBy('id')
          .limit(batchSize)
          .forUpdate()
          .skipLocked()
          .execute();
        // Who gets which channel when: preferences, quiet hours, digest (notifications.preferences.ts).
        const plan = events.length > 0 ? await deliveryPlanner(trx, { whatsappConfigured: !!whatsapp }) : null;
        for (const event of events) {
          const snap = await snapshot(trx, event);
          const targets = snap
            ? await recipientsFor(trx, event, { requester: snap.ticket.user_id, assignee: snap.ticket.assigned_to })
            : [];
          for (const target of targets) {
            if (!snap || !plan) break;
            const people = await finalRecipients(trx, target.kind, target.userIds, event.actor_id, snap.ticket.user_id);
            const plans = await plan(target.kind, people, event.payload, clock.now());
            const inApp: string[] = [];
            for (const person of people) {
              const p = plans.get(person.id);
              // Nothing on any channel: the person turned them all off for this event.
              if (!p || (!p.inApp && p.deliveries.length === 0 && !p.digestAt)) continue;
              const inserted = await trx
                .insertInto('notifications')
                .values({
                  user_id: person.id,
                  ticket_id: snap.ticket.id,
                  outbox_id: event.id,
                  kind: target.kind,
                  data: JSON.stringify(snap.data),
                  created_at: clock.now(),
                  in_app: p.inApp,
                  digest_at: p.digestAt,
                })
                .onConflict((oc) => oc.columns(['outbox_id', 'user_id']).doNothing())
                .returning('id')
                .executeTakeFirst();
              if (inserted) {
                if (p.inApp) inApp.push(person.id);
                for (const d of p.deliveries) {
                  const delivery = await trx
                    .insertInto('notification_deliveries')
                    .values({
                      notification_id: inserted.id,
                      user_id: person.id,
                      channel: d.channel,
                      next_attempt_at: d.at,
                      held_until: d.heldUntil,
                    })
                    .returning(['id', 'next_attempt_at'])
                    .executeTakeFirstOrThrow();
                  await enqueueDelivery(trx, delivery, clock);
                  queued += 1;
                }
              }
            }
            if (inApp.length > 0) live.push({ kind: 'notification', userIds: inApp });
          }
          if (snap?.ticket.id) {
            const payload = (event.payload ?? {}) as { isInternal?: unknown };
            live.push({
              kind: 'ticket',
              ticketId: snap.ticket.id,
              requesterId: snap.ticket.user_id,
              topic: event.topic,
              internal: payload.isInternal === true,
            });
          }
          await trx
            .updateTable('outbox_events')
            .set({ processed_at: clock.now() })
            .where('id', '=', event.id)
            .execute();
        }
        return events.length;
      });
      // Only after the commit: a browser that refetches must find the change.
      for (const message of live) await pubsub?.publish(message);
      if (queued > 0) wake?.();
      return count;
    },

    async recordWhatsAppStatus(providerId: string, status: string, error?: string) {
      await recordProviderStatus(db, providerId, status, error);
    },

    async list(userId: string, query: { limit: number; cursor?: string; unread?: boolean }) {
      const after = query.cursor ? decodeCursor(query.cursor, ['timestamp', 'uuid']) : undefined;
      const rows = await db
        .selectFrom('notifications as n')
        .leftJoin('notification_digests as g', 'g.id', 'n.digest_id')
        .select(['n.id', 'n.kind', 'n.ticket_id', 'n.data', 'n.read_at', 'n.created_at', 'n.digest_at', 'g.sent_at'])
        .where('n.user_id', '=', userId)
        .where('n.in_app', '=', true)
        .$if(query.unread === true, (qb) => qb.where('n.read_at', 'is', null))
        .$if(after !== undefined, (qb) => qb.where(olderThan('n.created_at', 'n.id', after!)))
        .orderBy('n.created_at', 'desc')
        .orderBy('n.id', 'desc')
        .limit(query.limit + 1)
        .execute();
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

    async unreadCount(userId: string) {
      const row = await db
        .selectFrom('notifications')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', userId)
        .where('read_at', 'is', null)
        .where('in_app', '=', true)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async markRead(userId: string, request: MarkReadRequest) {
      const result = await db
        .updateTable('notifications')
        .set({ read_at: clock.now() })
        .where('user_id', '=', userId)
        .where('read_at', 'is', null)
        .$if(!!request.ids, (qb) => qb.where('id', 'in', request.ids!))
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    listDeliveries(query: { limit: number; cursor?: string; status?: 'pending' | 'sent' | 'failed' }) {
      return listDeliveries(db, query);
    },

    listCapturedMails(query: { limit: number; cursor?: string }) {
      return listCapturedMails(db, query);
    },

    /** Admin retry of a failed delivery: back to pending and a new job, in one transaction. */
    async retryDelivery(id: string) {
      await db.transaction().execute(async (trx) => {
        const delivery = await resetFailedDelivery(trx, id, clock.now());
        if (!delivery) throw notFound('Failed delivery');
        await enqueueDelivery(trx, delivery, clock, { again: true });
      });
      wake?.();
    },
  };
}
export type NotificationsService = ReturnType<typeof notificationsService>;
