import type { NotificationResponse } from '@bantu/contracts';
import type { TFunction } from 'i18next';

const sameDay = (a: Date, b: Date) => a.toDateString() === b.toDateString();

/** "07:00", "besok 07:00" / "tomorrow 07:00", or a date and time further out, in the viewer's clock. */
export function whenLabel(t: TFunction, iso: string, language: string, now: number): string {
  const at = new Date(iso);
  const time = new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit' }).format(at);
  const today = new Date(now);
  const tomorrow = new Date(now + 24 * 60 * 60_000);
  if (sameDay(at, today)) return time;
  if (sameDay(at, tomorrow)) return t('notificationPreferences.tomorrowAt', { time });
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(at);
}

/** What happened to the e-mail/WhatsApp of a notification, when it is not simply "sent at once". */
export function deliveryState(
  t: TFunction,
  n: Pick<NotificationResponse, 'held' | 'digest'>,
  language: string,
  now: number,
): string | null {
  if (n.held) {
    const channels = n.held.channels.map((c) => t(`notificationPreferences.channels.${c}`)).join(', ');
    return t('notificationPreferences.heldUntil', { channels, when: whenLabel(t, n.held.until, language, now) });
  }
  if (n.digest) {
    return n.digest.sentAt
      ? t('notificationPreferences.inDigestSent')
      : t('notificationPreferences.inDigest', { when: whenLabel(t, n.digest.at, language, now) });
  }
  return null;
}
