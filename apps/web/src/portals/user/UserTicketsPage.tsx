import { MyTicketsPanel } from '@/features/tickets/MyTicketsPanel';

export function UserTicketsPage() {
  return (
    <MyTicketsPanel ticketHref={(ticket) => `/user/tickets/${ticket.ticketNumber}`} newTicketHref="/user/tickets/new" />
  );
}
