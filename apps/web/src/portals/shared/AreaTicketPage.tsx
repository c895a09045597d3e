import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { homePath, useCurrentUser } from '@/features/auth/auth.hooks';
import { TicketView } from '@/features/tickets/TicketView';

/** A ticket opened from a notification or an e-mail by a manager or an admin. */
export function AreaTicketPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const { ticketRef = '' } = useParams();
  return (
    <TicketView
      key={ticketRef}
      ticketRef={ticketRef}
      backHref={homePath(user.role)}
      backLabel={t('tickets.backHome')}
    />
  );
}
