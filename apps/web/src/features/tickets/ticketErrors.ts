import { isApiError } from '@/lib/http';
import { i18n } from '@/i18n';
import { notifyProblem } from '@/ui/notify';
import { notifications } from '@mantine/notifications';

/**
 * A change refused because the ticket moved on meanwhile (someone else edited, assigned or
 * changed its status, or closed it): say so, and load the current state. Returns true when it was that.
 */
export function handleStaleTicket(error: unknown, reload: () => unknown): boolean {
  if (!isApiError(error)) return false;
  if (!['VERSION_CONFLICT', 'INVALID_TRANSITION', 'TICKET_CLOSED'].includes(error.code)) return false;
  notifications.show({
    color: 'orange',
    title: i18n.t('tickets.stale.title'),
    message: i18n.t('tickets.stale.message'),
    autoClose: 8000,
  });
  void reload();
  return true;
}

/** Any other failure of a ticket action. */
export function notifyTicketProblem(error: unknown, reload: () => unknown): void {
  if (!handleStaleTicket(error, reload)) notifyProblem(error);
}
