import type { Database } from '@/db/types';
import type { Transaction } from 'kysely';
import type { Locale, NotificationKind } from '@bantu/contracts';
import type { DB } from '@/db/database';
import type { Clock } from '@/infra/infra.plugin';
import type { Mailer } from '@/infra/mail/mailer';
import { WhatsAppError, type WhatsAppClient } from '@/infra/whatsapp/whatsapp';
import { ticketLink } from '@/lib/request-origin';
import { pushDelivery } from '@/modules/push/push.delivery';
import type { VapidConfig } from '@/modules/push/push.service';
import type { SettingsService } from '@/modules/settings/settings.service';
import {
  countAttempt,
  failPendingDelivery,
  findPendingDelivery,
  insertFallbackEmail,
  updateDelivery,
  type PendingDelivery,
} from './notifications.repository';
import type { NotificationData } from './notifications.types';
import { renderMail } from './notifications.templates';

export interface DeliveryDeps {
  db: DB;
  clock: Clock;
  mailer: Mailer;
  settings: SettingsService;
  publicUrl?: string;
  fromAddress?: string;
  /** Present when the WhatsApp Cloud API is configured. */
  whatsapp?: WhatsAppClient;
  /** Configured VAPID keys for Web Push (else the pair stored in the database). */
  vapid?: VapidConfig;
  /** Queues the job of a new delivery in the given transaction. */
  enqueue(trx: Transaction<Database>, delivery: { id: string; next_attempt_at: Date }): Promise<void>;
}

export interface Attempt {
  /** 1 for the first try. */
  number: number;
  /** No retry follows when this one fails. */
  last: boolean;
  /** Roughly when the next try comes (the queue adds jitter), for admins to see. */
  retryInSeconds: number;
}

export type DeliveryOutcome = 'sent' | 'skipped' | 'fell back to e-mail' | 'recipient deactivated';

/** A failed try: the queue retries the job, or (on the last attempt) the delivery is now failed. */
export class DeliveryError extends Error {}

const clip = (message: string, max = 1000) => message.slice(0, max);

/**
 * Sends one delivery (the body of its queue job). The job is the idempotency unit: it runs in
 * one worker at a time; a delivery already sent or failed is skipped, so a job that runs again
 * (a retry after a crash, a second job after an admin's retry) never sends twice what went out.
 * A crash between the SMTP answer and the "sent" update resends the mail with the same
 * Message-ID, which mail servers and clients recognise as the same message.
 */
export function deliverySender(deps: DeliveryDeps) {
  const { db, clock, mailer, publicUrl, fromAddress, whatsapp, settings } = deps;
  const push = pushDelivery({ db, clock, vapid: deps.vapid, contact: publicUrl });

  // PUBLIC_URL when this process has it, else the address the causing request came in on.
  const linkTo = (data: NotificationData) => ticketLink(publicUrl ?? data.baseUrl, data.ticketNumber);

  async function failed(d: PendingDelivery, attempt: Attempt, error: unknown): Promise<never> {
    const message = error instanceof Error ? error.message : String(error);
    await updateDelivery(
      db,
      d.id,
      attempt.last
        ? { status: 'failed', last_error: clip(message) }
        : {
            last_error: clip(message),
            next_attempt_at: new Date(clock.now().getTime() + attempt.retryInSeconds * 1000),
          },
    );
    throw new DeliveryError(message);
  }

  /**
   * WhatsApp template message `bantu_<kind>` with ticket number, title, status and link. A
   * permanent refusal (number not on WhatsApp, 24-hour window closed) or the last failed try
   * falls back to e-mail: a new delivery, queued in the same transaction.
   */
  async function sendWhatsApp(d: PendingDelivery, attempt: Attempt): Promise<DeliveryOutcome> {
    const data = d.data as NotificationData;
    const locale: Locale = d.locale === 'en' ? 'en' : 'id';
    const link = linkTo(data);
    try {
      if (!whatsapp || !d.phone) throw new WhatsAppError('WhatsApp is not configured or the user has no number', true);
      const { id } = await whatsapp.sendTemplate(d.phone, `bantu_${d.kind}`, locale, [
        data.ticketNumber ?? '-',
        data.title,
        data.to ?? data.actorName ?? '-',
        link ?? '-',
      ]);
      await updateDelivery(db, d.id, { status: 'sent', sent_at: clock.now(), provider_id: id, last_error: null });
      return 'sent';
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const permanent = error instanceof WhatsAppError && error.permanent;
      if (!permanent && !attempt.last) return failed(d, attempt, error);
      await db.transaction().execute(async (trx) => {
        await updateDelivery(trx, d.id, {
          status: 'failed',
          last_error: `${clip(message, 900)} (fell back to e-mail)`,
        });
        const email = await insertFallbackEmail(trx, d, clock.now());
        if (email) await deps.enqueue(trx, email);
      });
      return 'fell back to e-mail';
    }
  }

  async function sendMail(d: PendingDelivery, attempt: Attempt): Promise<DeliveryOutcome> {
    const config = await settings.get();
    const data = d.data as NotificationData;
    const locale: Locale = d.locale === 'en' ? 'en' : 'id';
    const mail = renderMail(d.kind as NotificationKind, locale, {
      ...data,
      link: linkTo(data),
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
    } catch (error) {
      return failed(d, attempt, error);
    }
    await updateDelivery(db, d.id, { status: 'sent', sent_at: clock.now(), last_error: null });
    return 'sent';
  }

  return {
    /** One try of one delivery; throws DeliveryError when it failed (the queue retries it). */
    async send(deliveryId: string, attempt: Attempt): Promise<DeliveryOutcome> {
      const d = await findPendingDelivery(db, deliveryId);
      if (!d) return 'skipped';
      if (!d.status) {
        await updateDelivery(db, d.id, { status: 'failed', last_error: 'recipient deactivated' });
        return 'recipient deactivated';
      }
      await countAttempt(db, d.id);
      if (d.channel === 'push') return push.send(d, attempt, linkTo(d.data as NotificationData), failed);
      return d.channel === 'whatsapp' ? sendWhatsApp(d, attempt) : sendMail(d, attempt);
    },

    /**
     * The queue gave up on a delivery's job (its last try failed, or the worker holding it died
     * on the last try): a delivery still pending becomes failed, for an admin to retry.
     */
    async gaveUp(deliveryId: string, queue: string, error: string): Promise<boolean> {
      return failPendingDelivery(db, deliveryId, queue, clip(error));
    },
  };
}
export type DeliverySender = ReturnType<typeof deliverySender>;
