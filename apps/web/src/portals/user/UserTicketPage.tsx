import { useParams } from '@/lib/router';
import { useTranslation } from 'react-i18next';
import { TicketView } from '@/features/tickets/TicketView';

export function UserTicketPage() {
  const { t } = useTranslation();
  const { ticketRef = '' } = useParams();
  return <TicketView key={ticketRef} ticketRef={ticketRef} backHref="/user" backLabel={t('tickets.my.back')} />;
}
