import { HOME_AREA } from '@bantu/contracts';
import type { Role } from '@bantu/contracts';

/** A ticket's page in the signed-in role's own area: /user/tickets/…, /staff/tickets/…, … */
export function ticketPath(role: Role, ticketRef: string): string {
  return `/${HOME_AREA[role]}/tickets/${encodeURIComponent(ticketRef)}`;
}
