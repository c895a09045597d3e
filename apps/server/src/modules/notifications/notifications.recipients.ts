import type { NotificationKind } from '@bantu/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '@/db/types';

type Executor = Kysely<Database>;

export interface OutboxEvent {
  id: number;
  topic: string;
  ticket_id: string | null;
  actor_id: string | null;
  /** Parsed with the topic's schema (outbox.definitions.ts). */
  payload: Record<string, unknown>;
  base_url: string | null;
}

interface TicketPeople {
  /** Empty for events about no ticket (the compliance alert). */
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

async function activeManagers(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'manager')
    .where('status', '=', true)
    .execute();
  return rows.map((r) => r.id);
}

const SLA_KINDS = {
  'sla.at_risk': 'sla_at_risk',
  'sla.breached': 'sla_breached',
  'sla.escalated': 'sla_escalated',
} as const;

/**
 * Who an SLA escalation level names (payload.recipients): the assignee, all active IT staff,
 * all active managers. An unassigned ticket's "assignee" is the IT staff, so nobody misses it.
 */
async function slaRecipients(db: Executor, p: Record<string, unknown>, ticket: TicketPeople): Promise<string[]> {
  const named = Array.isArray(p.recipients) ? p.recipients : ['assignee'];
  const ids: string[] = [];
  if (named.includes('assignee')) {
    if (ticket.assignee) ids.push(ticket.assignee);
    else if (!named.includes('it_staff')) ids.push(...(await activeStaff(db)));
  }
  if (named.includes('it_staff')) ids.push(...(await activeStaff(db)));
  if (named.includes('managers')) ids.push(...(await activeManagers(db)));
  return ids;
}

/**
 * Who hears about an event (DESIGN.md §3), before removing the actor and inactive users.
 * Internal notes never reach the requester, whatever else is true.
 */
export async function recipientsFor(db: Executor, event: OutboxEvent, ticket: TicketPeople): Promise<Target[]> {
  const target = await mainRecipients(db, event, ticket);
  // The requester hears "we received your ticket" too, also when they created it themselves
  // (or IT staff did on their behalf).
  if (event.topic === 'ticket.created')
    return [target, { kind: 'ticket_received', userIds: [ticket.requester] }].filter((t): t is Target => t !== null);
  return target ? [target] : [];
}

export interface Target {
  kind: NotificationKind;
  userIds: string[];
}

async function mainRecipients(db: Executor, event: OutboxEvent, ticket: TicketPeople): Promise<Target | null> {
  const p = event.payload;
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
    case 'sla.at_risk':
    case 'sla.breached':
    case 'sla.escalated':
      return { kind: SLA_KINDS[event.topic], userIds: await slaRecipients(db, p, ticket) };
    case 'sla.compliance_alert':
      return { kind: 'compliance_alert', userIds: await activeManagers(db) };
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
  // The one mail a person gets about their own action: the receipt of the ticket they reported.
  const unique = [...new Set(userIds)].filter((id) => kind === 'ticket_received' || id !== actorId);
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
