import { HOME_AREA } from '@bantu/contracts';
import { useParams } from '@/lib/router';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '@/features/auth/auth.hooks';
import { TicketView } from '@/features/tickets/TicketView';

/** A ticket opened by a manager or an admin (from the all-tickets list or a notification). */
export function AreaTicketPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const { ticketRef = '' } = useParams();
  return (
    <TicketView
      key={ticketRef}
      ticketRef={ticketRef}
      backHref={`/${HOME_AREA[user.role]}/tickets`}
      backLabel={t('tickets.all.back')}
    />
  );
}
