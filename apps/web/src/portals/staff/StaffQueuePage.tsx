import { StaffQueuePanel } from '@/features/tickets/StaffQueuePanel';

export function StaffQueuePage() {
  return (
    <StaffQueuePanel
      ticketHref={(ticket) => `/staff/tickets/${ticket.ticketNumber}`}
      newTicketHref="/staff/tickets/new"
    />
  );
}
