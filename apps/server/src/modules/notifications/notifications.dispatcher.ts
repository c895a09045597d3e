import type { Transaction } from 'kysely';
import type { DB } from '@/db/database';
import type { Database } from '@/db/types';
import type { Clock } from '@/infra/infra.plugin';
import type { PubSub, RealtimeMessage } from '@/infra/pubsub/pubsub';
import { parseOutboxEvent } from '@/modules/outbox/outbox.definitions';
import { deliveryPlanner } from './notifications.preferences';
import { enqueueDelivery } from './notifications.queue';
import { finalRecipients, recipientsFor, type OutboxEvent } from './notifications.recipients';
import {
  commentText,
  findEventTicket,
  insertDelivery,
  insertNotification,
  lastBaseUrl,
  lockPendingEvents,
  markEventProcessed,
  userNames,
} from './notifications.repository';
import type { NotificationData } from './notifications.types';

const TEXT_MAX = 4000;

export interface DispatcherDeps {
  db: DB;
  clock: Clock;
  /** WhatsApp deliveries are planned only when the Cloud API is configured. */
  whatsappConfigured: boolean;
  /** Live updates for open browsers, published after each batch commits. */
  pubsub?: PubSub;
  /** Tells this process's delivery workers that jobs were queued (they fetch at once). */
  wake?: () => void;
  /** Where an event refused by its topic's schema is reported. */
  log?: { error(obj: object, msg: string): void };
}

/** The facts a notification shows, frozen at the time of the event. */
async function snapshot(trx: Transaction<Database>, event: OutboxEvent) {
  const p = event.payload;
  if (!event.ticket_id) {
    // An event about no ticket (the SLA compliance alert): its payload's title stands in.
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
  const ticket = await findEventTicket(trx, event.ticket_id);
  if (!ticket) return null;
  // Events written by jobs (SLA monitor, auto-close) had no request: the ticket's last known address.
  const baseUrl = event.base_url ?? (await lastBaseUrl(trx, ticket.id));
  const actor = event.actor_id ? (await userNames(trx, [event.actor_id]))[0] : undefined;
  let from: string | null = typeof p.from === 'string' ? p.from : null;
  let to: string | null = typeof p.to === 'string' ? p.to : null;
  let excerpt: string | null = null;
  if (event.topic === 'ticket.assigned') {
    const names = await userNames(
      trx,
      [from, to].filter((x): x is string => !!x),
    );
    from = names.find((n) => n.id === from)?.name ?? null;
    to = names.find((n) => n.id === to)?.name ?? null;
  }
  let text: string | null = null;
  if (
    (event.topic === 'ticket.comment_added' || event.topic === 'ticket.status_changed') &&
    typeof p.commentId === 'string'
  ) {
    const comment = await commentText(trx, p.commentId);
    text = comment;
    if (event.topic === 'ticket.comment_added') excerpt = comment !== null ? comment.slice(0, 500) : null;
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

/**
 * The outbox dispatcher (run by the worker's poller): outbox events -> notifications and
 * deliveries, each delivery's job queued in the same transaction (notifications.jobs.ts sends
 * them).
 */
export function outboxDispatcher({ db, clock, whatsappConfigured, pubsub, wake, log }: DispatcherDeps) {
  return {
    /**
     * Turns pending outbox events into notifications and deliveries, in one transaction per
     * batch: rows locked with SKIP LOCKED, so with several workers each event is handled once.
     */
    async dispatch(batchSize = 100): Promise<number> {
      const live: RealtimeMessage[] = [];
      let queued = 0;
      const count = await db.transaction().execute(async (trx) => {
        const events = await lockPendingEvents(trx, batchSize);
        // Who gets which channel when: preferences, quiet hours, digest (notifications.preferences.ts).
        const plan = events.length > 0 ? await deliveryPlanner(trx, { whatsappConfigured }) : null;
        for (const row of events) {
          // A payload that does not fit its topic is not acted on: reported, and marked done.
          const parsed = parseOutboxEvent(row);
          if (!parsed.ok) {
            log?.error({ outboxId: row.id, topic: row.topic, error: parsed.error }, 'outbox event refused');
            await markEventProcessed(trx, row.id, clock.now());
            continue;
          }
          const { event } = parsed;
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
              const inserted = await insertNotification(trx, {
                user_id: person.id,
                ticket_id: snap.ticket.id,
                outbox_id: event.id,
                kind: target.kind,
                data: JSON.stringify(snap.data),
                created_at: clock.now(),
                in_app: p.inApp,
                digest_at: p.digestAt,
              });
              if (!inserted) continue;
              if (p.inApp) inApp.push(person.id);
              for (const d of p.deliveries) {
                const delivery = await insertDelivery(trx, {
                  notification_id: inserted.id,
                  user_id: person.id,
                  channel: d.channel,
                  next_attempt_at: d.at,
                  held_until: d.heldUntil,
                });
                await enqueueDelivery(trx, delivery, clock);
                queued += 1;
              }
            }
            if (inApp.length > 0) live.push({ kind: 'notification', userIds: inApp });
          }
          if (snap?.ticket.id) {
            const payload: Record<string, unknown> = event.payload;
            live.push({
              kind: 'ticket',
              ticketId: snap.ticket.id,
              requesterId: snap.ticket.user_id,
              topic: event.topic,
              internal: payload.isInternal === true,
            });
          }
          await markEventProcessed(trx, event.id, clock.now());
        }
        return events.length;
      });
      // Only after the commit: a browser that refetches must find the change.
      for (const message of live) await pubsub?.publish(message);
      if (queued > 0) wake?.();
      return count;
    },
  };
}
export type OutboxDispatcher = ReturnType<typeof outboxDispatcher>;
