import { useCurrentUser } from '@/features/auth/auth.hooks';
import { SlaMonitorPanel } from '@/features/sla/SlaMonitorPanel';
import { ticketPath } from '@/features/tickets/ticketPaths';

/** "Status SLA" in the IT Staff Portal, "Monitor SLA" for managers and admins. */
export function SlaMonitorPage() {
  const user = useCurrentUser();
  return (
    <SlaMonitorPanel
      variant={user.role === 'it_staff' ? 'status' : 'monitor'}
      ticketHref={(ticket) => ticketPath(user.role, ticket.ticketNumber)}
    />
  );
}
