import {
  ACTIVE_STATUSES,
  TICKET_ACTIONS,
  can,
  type Role,
  type TicketAction,
  type TicketStatus,
} from '@bantu/contracts';
import { AppError } from '@/lib/errors';

export interface PolicyUser {
  id: string;
  role: Role;
}
export interface PolicyTicket {
  user_id: string;
  assigned_to: string | null;
  status: TicketStatus;
}

const isActive = (status: TicketStatus) => (ACTIVE_STATUSES as readonly TicketStatus[]).includes(status);

/** CLOSED is final: nothing on the ticket changes any more (status, text, people, comments, files). */
const isWritable = (ticket: Pick<PolicyTicket, 'status'>) => ticket.status !== 'CLOSED';

/**
 * Who may do what with a ticket (DESIGN.md §3). Visibility itself is enforced in the queries;
 * this decides actions on a ticket the user can already see. The result travels with the
 * ticket as `abilities`, so the portals show exactly the controls the server will accept.
 */
export const ticketPolicy = {
  can(user: PolicyUser, action: TicketAction, ticket: PolicyTicket): boolean {
    if (!isWritable(ticket)) return false;
    const isRequester = ticket.user_id === user.id;
    const works = can(user.role, 'ticket:change_status');
    switch (action) {
      case 'edit_text':
        return isRequester && ticket.status === 'OPEN';
      case 'edit_classification':
        return works;
      case 'assign':
        return can(user.role, 'ticket:assign') && isActive(ticket.status);
      case 'take':
        return can(user.role, 'ticket:assign') && isActive(ticket.status) && ticket.assigned_to !== user.id;
      case 'comment':
        // Managers read every ticket but write on none (no ticket:comment).
        return isRequester || can(user.role, 'ticket:comment');
      case 'comment_internal':
        return can(user.role, 'ticket:comment_internal');
      case 'attach':
        return (isRequester && can(user.role, 'attachment:upload')) || can(user.role, 'attachment:upload_solution');
      case 'hold':
        return can(user.role, 'ticket:assign') && ticket.status === 'IN_PROGRESS';
      case 'resume':
        return can(user.role, 'ticket:assign') && ticket.status === 'ON_HOLD';
      case 'resolve':
        return can(user.role, 'ticket:assign') && ticket.status === 'IN_PROGRESS';
      case 'accept':
      case 'reject':
        return isRequester && ticket.status === 'RESOLVED';
      case 'withdraw':
        return isRequester && can(user.role, 'ticket:close_own') && isActive(ticket.status);
      case 'close':
        return works && !isRequester && isActive(ticket.status);
    }
  },

  /**
   * The one gate every write on a ticket passes, called inside the writing transaction after
   * the ticket row is locked (`FOR UPDATE`), so a close that commits first is always seen:
   * a CLOSED ticket answers 409 TICKET_CLOSED to any change, whoever asks.
   */
  assertWritable(ticket: Pick<PolicyTicket, 'status'>): void {
    if (!isWritable(ticket)) {
      throw new AppError('TICKET_CLOSED', 'The ticket is closed; it can no longer be changed');
    }
  },

  /** May this user delete this file (uploaded by `uploaderId`) now? Staff any; requesters their own. */
  canDeleteAttachment(user: PolicyUser, ticket: Pick<PolicyTicket, 'user_id' | 'status'>, uploaderId: string): boolean {
    if (!isWritable(ticket)) return false;
    if (can(user.role, 'attachment:upload_solution')) return true;
    return uploaderId === user.id && ticket.user_id === user.id && can(user.role, 'attachment:upload');
  },

  abilities(user: PolicyUser, ticket: PolicyTicket): TicketAction[] {
    return TICKET_ACTIONS.filter((a) => ticketPolicy.can(user, a, ticket));
  },

  /** The action a status change means for this user, or null when the edge is not in the graph. */
  transitionAction(user: PolicyUser, ticket: PolicyTicket, to: TicketStatus): TicketAction | null {
    const from = ticket.status;
    if (from === 'OPEN' && to === 'IN_PROGRESS') return 'take';
    if (from === 'IN_PROGRESS' && to === 'ON_HOLD') return 'hold';
    if (from === 'ON_HOLD' && to === 'IN_PROGRESS') return 'resume';
    if (from === 'IN_PROGRESS' && to === 'RESOLVED') return 'resolve';
    if (from === 'RESOLVED' && to === 'CLOSED') return 'accept';
    if (from === 'RESOLVED' && to === 'IN_PROGRESS') return 'reject';
    if (isActive(from) && to === 'CLOSED') return ticket.user_id === user.id ? 'withdraw' : 'close';
    return null;
  },

  /** Statuses this user may move the ticket to now (for the 409 answer and the UI). */
  allowedTargets(user: PolicyUser, ticket: PolicyTicket): TicketStatus[] {
    const targets: TicketStatus[] = ['OPEN', 'IN_PROGRESS', 'ON_HOLD', 'RESOLVED', 'CLOSED'];
    return targets.filter((to) => {
      const action = ticketPolicy.transitionAction(user, ticket, to);
      return action !== null && ticketPolicy.can(user, action, ticket);
    });
  },
};
