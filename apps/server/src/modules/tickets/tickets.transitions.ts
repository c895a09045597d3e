import type { TicketAction, TicketStatus } from '@bantu/contracts';
import type { Updateable } from 'kysely';
import type { TicketRow, TicketsTable } from '@/db/types';
import { AppError, fieldError } from '@/lib/errors';
import type { ClockIntent } from '@/modules/sla/sla.engine';
import { historyOf, type TicketEventInput } from './tickets.history';

/** The status changes of the workflow (DESIGN.md §3): each action, where it applies and where it leads. */
export const TRANSITIONS = {
  take: { from: ['OPEN'], to: 'IN_PROGRESS' },
  hold: { from: ['IN_PROGRESS'], to: 'ON_HOLD' },
  resume: { from: ['ON_HOLD'], to: 'IN_PROGRESS' },
  resolve: { from: ['IN_PROGRESS'], to: 'RESOLVED' },
  accept: { from: ['RESOLVED'], to: 'CLOSED' },
  reject: { from: ['RESOLVED'], to: 'IN_PROGRESS' },
  withdraw: { from: ['OPEN', 'IN_PROGRESS', 'ON_HOLD'], to: 'CLOSED' },
  close: { from: ['OPEN', 'IN_PROGRESS', 'ON_HOLD'], to: 'CLOSED' },
} as const satisfies Partial<Record<TicketAction, { from: readonly TicketStatus[]; to: TicketStatus }>>;

export type TransitionAction = keyof typeof TRANSITIONS;

const isTransitionAction = (action: TicketAction): action is TransitionAction => action in TRANSITIONS;

const ACTION_REQUIRES_COMMENT: Partial<Record<TransitionAction, string>> = {
  hold: 'A reason is required to put a ticket on hold',
  resolve: 'A resolution note is required',
  reject: 'Say what is still wrong',
  close: 'A reason is required to close a ticket',
};

export type PlanTicket = Pick<
  TicketRow,
  'id' | 'status' | 'user_id' | 'on_hold_since' | 'sla_paused_seconds' | 'first_response_at' | 'created_at'
>;

export interface TransitionInput {
  /** Who moves the ticket (the requester or staff; the policy has already let them). */
  actor: { id: string; name: string };
  comment?: string;
  rating?: number;
  feedback?: string;
}

export interface TransitionPlan {
  action: TransitionAction;
  from: TicketStatus;
  to: TicketStatus;
  /** Columns to set, before the SLA clock's own (see `withWallClockTimes`). */
  changes: Updateable<TicketsTable>;
  /** What the SLA clock is told. */
  intents: ClockIntent[];
  /** The public comment written with the change, if any. */
  comment: string | null;
  /** History entries, in order. */
  events: TicketEventInput[];
  /** The outbox event (its notifications); the comment's id is added once written. */
  notification: {
    topic: 'ticket.status_changed';
    payload: { from: TicketStatus; to: TicketStatus; action: TransitionAction };
  };
}

/**
 * What a status change does, decided without I/O: the columns it sets, the SLA clock intents,
 * the comment, the history and the outbox event. Refuses (throws the 4xx AppError) an action
 * that does not apply to the ticket's status, a missing required comment and a rating anywhere
 * but on accepting. Who may do it is the policy's question, asked before.
 */
export function planTransition(
  ticket: PlanTicket,
  action: TicketAction,
  input: TransitionInput,
  now: Date,
): TransitionPlan {
  if (!isTransitionAction(action) || !(TRANSITIONS[action].from as readonly TicketStatus[]).includes(ticket.status)) {
    throw new AppError('INVALID_TRANSITION', `A ${ticket.status} ticket cannot be changed by ${action}`);
  }
  const needsComment = ACTION_REQUIRES_COMMENT[action];
  if (needsComment && !input.comment) throw fieldError('comment', needsComment);
  if ((input.rating !== undefined || input.feedback !== undefined) && action !== 'accept') {
    throw fieldError('rating', 'Only the requester rates a ticket, when accepting its resolution');
  }
  const to: TicketStatus = TRANSITIONS[action].to;
  const changes: Updateable<TicketsTable> = { status: to };
  const staffResponse =
    input.actor.id !== ticket.user_id && (action === 'hold' || action === 'resolve' || action === 'close');
  const firstResponse = staffResponse && !ticket.first_response_at;
  const intents: ClockIntent[] = firstResponse ? [{ kind: 'first_response' }] : [];
  switch (action) {
    case 'take':
      changes.assigned_to = input.actor.id;
      break;
    case 'hold':
      changes.on_hold_since = now;
      changes.hold_reason = input.comment ?? null;
      intents.push({ kind: 'pause', reason: 'on_hold' });
      break;
    case 'resume': {
      // The clock stood still while on hold (setting slaPauseOnHold): the log says so.
      const paused = Math.max(0, Math.round((now.getTime() - (ticket.on_hold_since ?? now).getTime()) / 1000));
      changes.on_hold_since = null;
      changes.hold_reason = null;
      changes.sla_paused_seconds = ticket.sla_paused_seconds + paused;
      intents.push({ kind: 'resume', reason: 'resumed' });
      break;
    }
    case 'resolve':
      changes.resolved_at = now;
      changes.resolution_note = input.comment ?? null;
      intents.push({ kind: 'resolve' });
      break;
    case 'accept':
      changes.closed_at = now;
      changes.rating = input.rating ?? null;
      changes.feedback = input.feedback ?? null;
      break;
    case 'reject':
      changes.resolved_at = null;
      changes.resolution_minutes = null;
      changes.resolution_business = null;
      intents.push({ kind: 'resume', reason: 'reopened' });
      break;
    case 'withdraw':
    case 'close':
      changes.closed_at = now;
      if (ticket.status !== 'RESOLVED') intents.push({ kind: 'pause', reason: 'closed' });
      break;
  }
  if (firstResponse) changes.first_response_at = now;

  const history = historyOf(ticket.id, input.actor.id, now);
  const events = [history.statusChanged(ticket.status, to, { action })];
  if (action === 'take') events.push(history.assigned(null, input.actor.name, { to: input.actor.id }));
  if (input.rating !== undefined) events.push(history.rated(input.rating));
  return {
    action,
    from: ticket.status,
    to,
    changes,
    intents,
    comment: input.comment || null,
    events,
    notification: { topic: 'ticket.status_changed', payload: { from: ticket.status, to, action } },
  };
}

/** Wall-clock minutes since the ticket's creation, time on hold excluded. */
export function wallMinutes(
  ticket: Pick<PlanTicket, 'on_hold_since' | 'created_at' | 'sla_paused_seconds'>,
  now: Date,
) {
  const held = ticket.on_hold_since ? now.getTime() - ticket.on_hold_since.getTime() : 0;
  return Math.max(0, (now.getTime() - ticket.created_at.getTime() - ticket.sla_paused_seconds * 1000 - held) / 60_000);
}

/**
 * Without an SLA clock, response and resolution times are wall-clock minutes since creation (on
 * hold excluded): fills them in where the clock (merged into `changes`) did not.
 */
export function withWallClockTimes(
  ticket: Pick<PlanTicket, 'on_hold_since' | 'created_at' | 'sla_paused_seconds'>,
  changes: Updateable<TicketsTable>,
  now: Date,
): Updateable<TicketsTable> {
  const out = { ...changes };
  if (out.resolved_at && out.resolution_minutes === undefined) {
    Object.assign(out, { resolution_minutes: wallMinutes(ticket, now), resolution_business: false });
  }
  if (out.first_response_at && out.first_response_minutes === undefined) {
    Object.assign(out, { first_response_minutes: wallMinutes(ticket, now), first_response_business: false });
  }
  return out;
}
