import type { NotificationResponse, TicketStatus } from '@bantu/contracts';
import { TICKET_STATUSES } from '@bantu/contracts';
import type { TFunction } from 'i18next';

function statusLabel(t: TFunction, value: string | null): string {
  if (value && (TICKET_STATUSES as readonly string[]).includes(value))
    return t(`tickets.status.${value as TicketStatus}`);
  return value ?? '-';
}

/** One readable sentence per kind, from the fields the server stored with the notification. */
export function notificationText(t: TFunction, n: NotificationResponse): string {
  const vars = {
    actor: n.actorName ?? t('notifications.someone'),
    number: n.ticketNumber ?? '',
    title: n.title,
  };
  switch (n.kind) {
    case 'ticket_created':
      return t('notifications.kinds.ticket_created', vars);
    case 'ticket_received':
      return t('notifications.kinds.ticket_received', vars);
    case 'ticket_assigned':
      return t('notifications.kinds.ticket_assigned', { ...vars, to: n.to ?? '-' });
    case 'status_changed':
      return t('notifications.kinds.status_changed', {
        ...vars,
        from: statusLabel(t, n.from),
        to: statusLabel(t, n.to),
      });
    case 'comment_added':
      return t('notifications.kinds.comment_added', vars);
    case 'internal_note':
      return t('notifications.kinds.internal_note', vars);
    case 'sla_at_risk':
      return t('notifications.kinds.sla_at_risk', vars);
    case 'sla_breached':
      return t('notifications.kinds.sla_breached', vars);
    case 'sla_escalated':
      return t('notifications.kinds.sla_escalated', vars);
    case 'compliance_alert':
      return t('notifications.kinds.compliance_alert', vars);
    case 'report_ready':
      return t('notifications.kinds.report_ready', { ...vars, title: n.export?.fileName ?? n.title });
  }
}
