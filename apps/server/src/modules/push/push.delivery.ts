import type { Locale, NotificationKind } from '@bantu/contracts';
import type { DB } from '@/db/database';
import type { Clock } from '@/infra/infra.plugin';
import type { Attempt, DeliveryOutcome } from '@/modules/notifications/notifications.delivery';
import { updateDelivery, type PendingDelivery } from '@/modules/notifications/notifications.repository';
import type { NotificationData } from '@/modules/notifications/notifications.service';
import { renderMail } from '@/modules/notifications/notifications.templates';
import { pushService, type VapidConfig } from './push.service';

/**
 * The 'push' channel of the notification pipeline: one delivery sends the notification to
 * every device of its recipient (title and text from the e-mail templates, in the user's
 * language). Sent when at least one device took it; a failure of every device is retried by
 * the queue like e-mail; no device left (all expired) ends the delivery as failed, no retry.
 */
export function pushDelivery(deps: { db: DB; clock: Clock; vapid?: VapidConfig; contact?: string }) {
  const { db, clock } = deps;
  const service = pushService(deps);
  return {
    async send(
      d: PendingDelivery,
      attempt: Attempt,
      link: string | null,
      failed: (d: PendingDelivery, attempt: Attempt, error: unknown) => Promise<never>,
    ): Promise<DeliveryOutcome> {
      const data = d.data as NotificationData;
      const locale: Locale = d.locale === 'en' ? 'en' : 'id';
      const mail = renderMail(d.kind as NotificationKind, locale, { ...data, link, organization: '' });
      const path = data.ticketNumber ? `/tickets/${encodeURIComponent(data.ticketNumber)}` : '/';
      let result;
      try {
        result = await service.sendToUser(d.user_id, {
          title: mail.subject,
          body: data.title,
          url: path,
          tag: d.ticket_id ?? undefined,
        });
      } catch (error) {
        return failed(d, attempt, error);
      }
      if (result.sent > 0) {
        await updateDelivery(db, d.id, {
          status: 'sent',
          sent_at: clock.now(),
          last_error: result.errors.length > 0 ? result.errors.join('; ').slice(0, 1000) : null,
        });
        return 'sent';
      }
      if (result.errors.length > 0) return failed(d, attempt, new Error(result.errors.join('; ')));
      await updateDelivery(db, d.id, {
        status: 'failed',
        last_error: result.removed > 0 ? 'every push subscription has expired (removed)' : 'no device subscribed',
      });
      return 'skipped';
    },
  };
}
