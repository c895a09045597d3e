import { Navigate, useParams } from '@/lib/router';
import { useCurrentUser } from '@/features/auth/auth.hooks';
import { ticketPath } from '@/features/tickets/ticketPaths';

/**
 * /tickets/<number>, the link in notification e-mails: the ticket's page in the signed-in
 * role's area (RequireAuth has sent a signed-out reader through the login page first).
 */
export function TicketLinkRedirect() {
  const user = useCurrentUser();
  const { ticketRef = '' } = useParams();
  return <Navigate to={ticketPath(user.role, ticketRef)} replace />;
}
