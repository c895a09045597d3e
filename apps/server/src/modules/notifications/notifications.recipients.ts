import type { NotificationKind } from '@bantu/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '@/db/types';

type Executor = Kysely<Database>;

export interface OutboxEvent {
  id: number;
  topic: string;
  ticket_id: string | null;
  actor_id: string | null;
  payload: unknown;
}

interface TicketPeople {
  requester: string;
  assignee: string | null;
}

async function activeStaff(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'it_staff')
    .where('status', '=', true)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Who hears about an event (DESIGN.md §3), before removing the actor and inactive users.
 * Internal notes never reach the requester, whatever else is true.
 */
export async function recipientsFor(
  db: Executor,
  event: OutboxEvent,
  ticket: TicketPeople,
): Promise<{ kind: NotificationKind; userIds: string[] } | null> {
  const p = (event.payload ?? {}) as Record<string, unknown>;
  const actorIsRequester = event.actor_id === ticket.requester;
  switch (event.topic) {
    case 'ticket.created':
      return { kind: 'ticket_created', userIds: await activeStaff(db) };
    case 'ticket.assigned': {
      const to = typeof p.to === 'string' ? p.to : null;
      if (!to) return null; // unassigning tells nobody
      return { kind: 'ticket_assigned', userIds: [ticket.requester, ...(to !== event.actor_id ? [to] : [])] };
    }
    case 'ticket.status_changed':
      return {
        kind: 'status_changed',
        userIds: actorIsRequester ? (ticket.assignee ? [ticket.assignee] : await activeStaff(db)) : [ticket.requester],
      };
    case 'ticket.comment_added': {
      if (p.isInternal === true) {
        const mentions = Array.isArray(p.mentions) ? p.mentions.filter((m): m is string => typeof m === 'string') : [];
        return { kind: 'internal_note', userIds: [...(ticket.assignee ? [ticket.assignee] : []), ...mentions] };
      }
      return {
        kind: 'comment_added',
        userIds: actorIsRequester ? (ticket.assignee ? [ticket.assignee] : await activeStaff(db)) : [ticket.requester],
      };
    }
    default:
      return null;
  }
}

/** Applies the rules every event shares: not the actor, only active users, internal stays internal. */
export async function finalRecipients(
  db: Executor,
  kind: NotificationKind,
  userIds: string[],
  actorId: string | null,
  requesterId: string,
) {
  const unique = [...new Set(userIds)].filter((id) => id !== actorId);
  if (kind === 'internal_note') {
    const index = unique.indexOf(requesterId);
    if (index >= 0) unique.splice(index, 1);
  }
  if (unique.length === 0) return [];
  return db
    .selectFrom('users')
    .select(['id', 'email', 'locale', 'name', 'phone', 'whatsapp_opt_in'])
    .where('id', 'in', unique)
    .where('status', '=', true)
    .execute();
}
