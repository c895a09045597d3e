import type { Locale, MarkReadRequest, NotificationKind, NotificationResponse } from '@bantu/contracts';
import { sql } from 'kysely';
import type { DB } from '@/db/database';
import type { Clock } from '@/infra/infra.plugin';
import type { Mailer } from '@/infra/mail/mailer';
import type { PubSub, RealtimeMessage } from '@/infra/pubsub/pubsub';
import { WhatsAppError, type WhatsAppClient } from '@/infra/whatsapp/whatsapp';
import { decodeCursor, olderThan, pageOf } from '@/lib/cursor';
import { notFound } from '@/lib/errors';
import { settingsService } from '@/modules/settings/settings.service';
import { finalRecipients, recipientsFor, type OutboxEvent } from './notifications.recipients';
import { renderMail } from './notifications.templates';

/** Retries: 30 s, 1, 2, 4, 8 min... then the delivery is marked failed for an admin to retry. */
export const MAX_ATTEMPTS = 6;
const backoffMs = (attempt: number) => 30_000 * 2 ** (attempt - 1);
/** A claimed delivery not finished within this time (the worker died) is tried again. */
const LEASE_MS = 5 * 60_000;

interface NotificationData {
  ticketNumber: string | null;
  title: string;
  actorName: string | null;
  from: string | null;
  to: string | null;
  excerpt: string | null;
}

export interface NotificationDeps {
  db: DB;
  clock: Clock;
  mailer: Mailer;
  publicUrl?: string;
  fromAddress?: string;
  /** Present when the WhatsApp Cloud API is configured. */
  whatsapp?: WhatsAppClient;
  /** Live updates for open browsers, published after each batch commits. */
  pubsub?: PubSub;
}

export function notificationsService({
  db,
  clock,
  mailer,
  publicUrl,
  fromAddress,
  whatsapp,
  pubsub,
}: NotificationDeps) {
  const settings = settingsService(db);

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
      };
      return { ticket: { id: null, ticket_number: null, title, user_id: '', assigned_to: null }, data };
    }
    const ticket = await trx
      .selectFrom('tickets')
      .select(['id', 'ticket_number', 'title', 'user_id', 'assigned_to'])
      .where('id', '=', event.ticket_id)
      .executeTakeFirst();
    if (!ticket) return null;
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
    if (event.topic === 'ticket.comment_added' && typeof p.commentId === 'string') {
      const c = await trx
        .selectFrom('ticket_comments')
        .select('comment')
        .where('id', '=', p.commentId)
        .executeTakeFirst();
      excerpt = c ? c.comment.slice(0, 500) : null;
    }
    const data: NotificationData = {
      ticketNumber: ticket.ticket_number,
      title: ticket.title,
      actorName: actor?.name ?? null,
      from,
      to,
      excerpt,
    };
    return { ticket, data };
  }

  /**
   * WhatsApp template message `bantu_<kind>` with ticket number, title, status and link. A
   * permanent refusal (number not on WhatsApp, 24-hour window closed) falls back to e-mail.
   */
  async function sendWhatsApp(
    d: { id: string; attempts: number; notification_id: string; user_id: string; kind: string; phone: string | null },
    data: NotificationData,
    locale: Locale,
    link: string | null,
    finish: (changes: {
      status: 'sent' | 'failed' | 'pending';
      last_error?: string | null;
      sent_at?: Date;
      next_attempt_at?: Date;
      provider_id?: string;
    }) => Promise<unknown>,
  ) {
    try {
      if (!whatsapp || !d.phone) throw new WhatsAppError('WhatsApp is not configured or the user has no number', true);
      const { id } = await whatsapp.sendTemplate(d.phone, `bantu_${d.kind}`, locale, [
        data.ticketNumber ?? '-',
        data.title,
        data.to ?? data.actorName ?? '-',
        link ?? '-',
      ]);
      await finish({ status: 'sent', sent_at: clock.now(), provider_id: id, last_error: null });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const permanent = error instanceof WhatsAppError && error.permanent;
      if (permanent || d.attempts >= MAX_ATTEMPTS) {
        await finish({ status: 'failed', last_error: `${message.slice(0, 900)} (fell back to e-mail)` });
        await db
          .insertInto('notification_deliveries')
          .values({
            notification_id: d.notification_id,
            user_id: d.user_id,
            channel: 'email',
            next_attempt_at: clock.now(),
          })
          .onConflict((oc) => oc.columns(['notification_id', 'channel']).doNothing())
          .execute();
      } else {
        await finish({
          status: 'pending',
          last_error: message.slice(0, 1000),
          next_attempt_at: new Date(clock.now().getTime() + backoffMs(d.attempts)),
        });
      }
    }
  }

  return {
    /**
     * Turns pending outbox events into notifications and deliveries, in one transaction per
     * batch: rows locked with SKIP LOCKED, so with several workers each event is handled once.
     */
    async dispatch(batchSize = 100): Promise<number> {
      const live: RealtimeMessage[] = [];
      const count = await db.transaction().execute(async (trx) => {
        const events = await trx
          .selectFrom('outbox_events')
          .select(['id', 'topic', 'ticket_id', 'actor_id', 'payload'])
          .where('processed_at', 'is', null)
          .orderBy('id')
          .limit(batchSize)
          .forUpdate()
          .skipLocked()
          .execute();
        for (const event of events) {
          const snap = await snapshot(trx, event);
          const target = snap
            ? await recipientsFor(trx, event, { requester: snap.ticket.user_id, assignee: snap.ticket.assigned_to })
            : null;
          if (snap && target) {
            const people = await finalRecipients(trx, target.kind, target.userIds, event.actor_id, snap.ticket.user_id);
            for (const person of people) {
              const inserted = await trx
                .insertInto('notifications')
                .values({
                  user_id: person.id,
                  ticket_id: snap.ticket.id,
                  outbox_id: event.id,
                  kind: target.kind,
                  data: JSON.stringify(snap.data),
                  created_at: clock.now(),
                })
                .onConflict((oc) => oc.columns(['outbox_id', 'user_id']).doNothing())
                .returning('id')
                .executeTakeFirst();
              if (inserted) {
                // WhatsApp for those who gave a number and opted in; e-mail for everyone else.
                const channel = whatsapp && person.phone && person.whatsapp_opt_in ? 'whatsapp' : 'email';
                await trx
                  .insertInto('notification_deliveries')
                  .values({ notification_id: inserted.id, user_id: person.id, channel, next_attempt_at: clock.now() })
                  .execute();
              }
            }
            if (people.length > 0) live.push({ kind: 'notification', userIds: people.map((p) => p.id) });
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
      return count;
    },

    /**
     * Sends due e-mail deliveries. Each is first claimed with a lease (a short transaction with
     * SKIP LOCKED), then sent outside any transaction: a slow SMTP server holds no locks, and a
     * worker that dies mid-send leaves a lease that expires, so the mail is still delivered.
     */
    async sendDue(batchSize = 20): Promise<number> {
      const config = await settings.get();
      const now = clock.now();
      const claimed = await db.transaction().execute(async (trx) => {
        const due = await trx
          .selectFrom('notification_deliveries')
          .select('id')
          .where('status', '=', 'pending')
          .where('next_attempt_at', '<=', now)
          .orderBy('next_attempt_at')
          .limit(batchSize)
          .forUpdate()
          .skipLocked()
          .execute();
        if (due.length === 0) return [];
        await trx
          .updateTable('notification_deliveries')
          .set({ next_attempt_at: new Date(now.getTime() + LEASE_MS), attempts: sql<number>`attempts + 1` })
          .where(
            'id',
            'in',
            due.map((d) => d.id),
          )
          .execute();
        return trx
          .selectFrom('notification_deliveries as d')
          .innerJoin('notifications as n', 'n.id', 'd.notification_id')
          .innerJoin('users as u', 'u.id', 'd.user_id')
          .select([
            'd.id',
            'd.attempts',
            'd.channel',
            'd.notification_id',
            'd.user_id',
            'n.kind',
            'n.data',
            'n.ticket_id',
            'u.email',
            'u.phone',
            'u.locale',
            'u.status',
          ])
          .where(
            'd.id',
            'in',
            due.map((d) => d.id),
          )
          .execute();
      });
      for (const d of claimed) {
        const finish = (changes: {
          status: 'sent' | 'failed' | 'pending';
          last_error?: string | null;
          sent_at?: Date;
          next_attempt_at?: Date;
        }) => db.updateTable('notification_deliveries').set(changes).where('id', '=', d.id).execute();
        if (!d.status) {
          await finish({ status: 'failed', last_error: 'recipient deactivated' });
          continue;
        }
        const data = d.data as NotificationData;
        const locale: Locale = d.locale === 'en' ? 'en' : 'id';
        const link =
          publicUrl && data.ticketNumber ? `${publicUrl.replace(/\/$/, '')}/tickets/${data.ticketNumber}` : null;
        if (d.channel === 'whatsapp') {
          await sendWhatsApp(d, data, locale, link, finish);
          continue;
        }
        const mail = renderMail(d.kind as NotificationKind, locale, {
          ...data,
          link,
          organization: config.organizationName,
        });
        try {
          await mailer.send({
            to: d.email,
            from: fromAddress ?? `${config.organizationName} <helpdesk@bantu.local>`,
            ...mail,
            // A stable id per delivery: a resend after a crash is recognisably the same mail.
            messageId: `<${d.id}@bantu>`,
            references: d.ticket_id ? `<ticket-${d.ticket_id}@bantu>` : undefined,
            deliveryId: d.id,
          });
          await finish({ status: 'sent', sent_at: clock.now(), last_error: null });
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          await finish(
            d.attempts >= MAX_ATTEMPTS
              ? { status: 'failed', last_error: message.slice(0, 1000) }
              : {
                  status: 'pending',
                  last_error: message.slice(0, 1000),
                  next_attempt_at: new Date(clock.now().getTime() + backoffMs(d.attempts)),
                },
          );
        }
      }
      return claimed.length;
    },

    async recordWhatsAppStatus(providerId: string, status: string, error?: string) {
      // Delivery receipts after "sent"; a late failure is recorded for admins to see.
      await db
        .updateTable('notification_deliveries')
        .set({
          provider_status: status,
          ...(status === 'failed' ? { status: 'failed', last_error: error ?? 'failed' } : {}),
        })
        .where('provider_id', '=', providerId)
        .execute();
    },

    async list(userId: string, query: { limit: number; cursor?: string; unread?: boolean }) {
      const after = query.cursor ? decodeCursor<[string, string]>(query.cursor, 2) : undefined;
      const rows = await db
        .selectFrom('notifications')
        .select(['id', 'kind', 'ticket_id', 'data', 'read_at', 'created_at'])
        .where('user_id', '=', userId)
        .$if(query.unread === true, (qb) => qb.where('read_at', 'is', null))
        .$if(after !== undefined, (qb) => qb.where(olderThan('created_at', 'id', after!)))
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(query.limit + 1)
        .execute();
      const page = pageOf(rows, query.limit, (r) => [r.created_at.toISOString(), r.id]);
      return {
        items: page.items.map((r): NotificationResponse => {
          const d = r.data as NotificationData;
          return {
            id: r.id,
            kind: r.kind as NotificationKind,
            ticketId: r.ticket_id,
            ticketNumber: d.ticketNumber,
            title: d.title,
            actorName: d.actorName,
            from: d.from,
            to: d.to,
            excerpt: d.excerpt,
            readAt: r.read_at?.toISOString() ?? null,
            createdAt: r.created_at.toISOString(),
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

    async listDeliveries(query: { limit: number; cursor?: string; status?: 'pending' | 'sent' | 'failed' }) {
      const after = query.cursor ? decodeCursor<[string, string]>(query.cursor, 2) : undefined;
      const rows = await db
        .selectFrom('notification_deliveries as d')
        .innerJoin('notifications as n', 'n.id', 'd.notification_id')
        .innerJoin('users as u', 'u.id', 'd.user_id')
        .select([
          'd.id',
          'd.channel',
          'd.status',
          'd.attempts',
          'd.last_error',
          'd.created_at',
          'd.sent_at',
          'n.kind',
          'n.data',
          'u.id as user_id',
          'u.name',
          'u.email',
        ])
        .$if(query.status !== undefined, (qb) => qb.where('d.status', '=', query.status!))
        .$if(after !== undefined, (qb) => qb.where(olderThan('d.created_at', 'd.id', after!)))
        .orderBy('d.created_at', 'desc')
        .orderBy('d.id', 'desc')
        .limit(query.limit + 1)
        .execute();
      const page = pageOf(rows, query.limit, (r) => [r.created_at.toISOString(), r.id]);
      return {
        items: page.items.map((r) => ({
          id: r.id,
          channel: r.channel,
          status: r.status,
          attempts: r.attempts,
          lastError: r.last_error,
          recipient: { id: r.user_id, name: r.name, email: r.email },
          kind: r.kind as NotificationKind,
          ticketNumber: (r.data as Partial<NotificationData>).ticketNumber ?? null,
          createdAt: r.created_at.toISOString(),
          sentAt: r.sent_at?.toISOString() ?? null,
        })),
        nextCursor: page.nextCursor,
      };
    },

    async listCapturedMails(query: { limit: number; cursor?: string }) {
      const after = query.cursor ? decodeCursor<[string, string]>(query.cursor, 2) : undefined;
      const rows = await db
        .selectFrom('captured_mails')
        .selectAll()
        .$if(after !== undefined, (qb) => qb.where(olderThan('created_at', 'id', after!)))
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(query.limit + 1)
        .execute();
      const page = pageOf(rows, query.limit, (r) => [r.created_at.toISOString(), r.id]);
      return {
        items: page.items.map((r) => ({
          id: r.id,
          to: r.to_address,
          subject: r.subject,
          text: r.text_body,
          html: r.html_body,
          createdAt: r.created_at.toISOString(),
        })),
        nextCursor: page.nextCursor,
      };
    },

    async retryDelivery(id: string) {
      const result = await db
        .updateTable('notification_deliveries')
        .set({ status: 'pending', attempts: 0, next_attempt_at: clock.now() })
        .where('id', '=', id)
        .where('status', '=', 'failed')
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw notFound('Failed delivery');
    },
  };
}
export type NotificationsService = ReturnType<typeof notificationsService>;
