import { TICKET_ACTIONS, TICKET_STATUSES, type TicketAction, type TicketStatus } from '@bantu/contracts';
import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { ticketPolicy } from './tickets.policy';
import { planTransition, TRANSITIONS, wallMinutes, withWallClockTimes, type PlanTicket } from './tickets.transitions';

const now = new Date('2026-12-01T10:00:00Z');
const HOUR = 3_600_000;
const requester = { id: 'req', name: 'Rina' };
const staff = { id: 'staff', name: 'Sari' };

const ticketIn = (status: TicketStatus, extra: Partial<PlanTicket> = {}): PlanTicket => ({
  id: 'tkt',
  status,
  user_id: requester.id,
  on_hold_since: status === 'ON_HOLD' ? new Date(now.getTime() - HOUR) : null,
  sla_paused_seconds: 600,
  first_response_at: null,
  created_at: new Date(now.getTime() - 10 * HOUR),
  ...extra,
});

/** Who asks for each action in the table (the policy decides who may; here only what it does). */
const ACTORS: Partial<Record<TicketAction, typeof staff>> = {
  accept: requester,
  reject: requester,
  withdraw: requester,
};
const INPUT: Partial<Record<TicketAction, { comment?: string; rating?: number; feedback?: string }>> = {
  hold: { comment: 'Waiting for the part' },
  resolve: { comment: 'Replaced the toner' },
  reject: { comment: 'Still jams' },
  close: { comment: 'Duplicate' },
  accept: { rating: 5, feedback: 'Quick' },
};

/** The whole table: every status x action -> the status it leads to, or null when refused. */
const ACTIVE = ['OPEN', 'IN_PROGRESS', 'ON_HOLD'] as const;
const EXPECTED: Record<TicketAction, Partial<Record<TicketStatus, TicketStatus>>> = {
  edit_text: {},
  edit_classification: {},
  assign: {},
  comment: {},
  comment_internal: {},
  attach: {},
  take: { OPEN: 'IN_PROGRESS' },
  hold: { IN_PROGRESS: 'ON_HOLD' },
  resume: { ON_HOLD: 'IN_PROGRESS' },
  resolve: { IN_PROGRESS: 'RESOLVED' },
  accept: { RESOLVED: 'CLOSED' },
  reject: { RESOLVED: 'IN_PROGRESS' },
  withdraw: Object.fromEntries(ACTIVE.map((s) => [s, 'CLOSED'])),
  close: Object.fromEntries(ACTIVE.map((s) => [s, 'CLOSED'])),
};

/** The columns each allowed change sets (before the SLA clock's own), by action and status. */
function expectedChanges(action: TicketAction, from: TicketStatus) {
  switch (action) {
    case 'take':
      return { status: 'IN_PROGRESS', assigned_to: staff.id };
    case 'hold':
      return { status: 'ON_HOLD', on_hold_since: now, hold_reason: 'Waiting for the part', first_response_at: now };
    case 'resume':
      // An hour on hold is added to the 10 minutes paused before.
      return { status: 'IN_PROGRESS', on_hold_since: null, hold_reason: null, sla_paused_seconds: 600 + 3600 };
    case 'resolve':
      return { status: 'RESOLVED', resolved_at: now, resolution_note: 'Replaced the toner', first_response_at: now };
    case 'accept':
      return { status: 'CLOSED', closed_at: now, rating: 5, feedback: 'Quick' };
    case 'reject':
      return { status: 'IN_PROGRESS', resolved_at: null, resolution_minutes: null, resolution_business: null };
    case 'withdraw':
      return { status: 'CLOSED', closed_at: now };
    case 'close':
      return { status: 'CLOSED', closed_at: now, first_response_at: now };
    default:
      throw new Error(`${action} at ${from} is not a transition`);
  }
}

function expectedIntents(action: TicketAction) {
  switch (action) {
    case 'hold':
      return [{ kind: 'first_response' }, { kind: 'pause', reason: 'on_hold' }];
    case 'resume':
      return [{ kind: 'resume', reason: 'resumed' }];
    case 'resolve':
      return [{ kind: 'first_response' }, { kind: 'resolve' }];
    case 'reject':
      return [{ kind: 'resume', reason: 'reopened' }];
    case 'withdraw':
      return [{ kind: 'pause', reason: 'closed' }];
    case 'close':
      return [{ kind: 'first_response' }, { kind: 'pause', reason: 'closed' }];
    default:
      return [];
  }
}

function refusal(fn: () => unknown): { code: string; status: number; field?: string } | null {
  try {
    fn();
    return null;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { code: error.code, status: error.status, field: error.details.errors?.[0]?.field };
  }
}

describe('planTransition over the whole transition table', () => {
  for (const action of TICKET_ACTIONS) {
    for (const status of TICKET_STATUSES) {
      const to = EXPECTED[action][status];
      it(`${action} on ${status}: ${to ? `-> ${to}` : 'refused'}`, () => {
        const ticket = ticketIn(status);
        const input = { actor: ACTORS[action] ?? staff, ...INPUT[action] };
        if (!to) {
          expect(refusal(() => planTransition(ticket, action, input, now))).toEqual({
            code: 'INVALID_TRANSITION',
            status: 409,
            field: undefined,
          });
          return;
        }
        const plan = planTransition(ticket, action, input, now);
        expect(plan).toMatchObject({ action, from: status, to });
        expect(plan.changes).toEqual(expectedChanges(action, status));
        expect(plan.intents).toEqual(expectedIntents(action));
        expect(plan.comment).toBe(INPUT[action]?.comment ?? null);
        expect(plan.notification).toEqual({ topic: 'ticket.status_changed', payload: { from: status, to, action } });
        const history: Record<string, unknown>[] = [
          { ticketId: 'tkt', actorId: input.actor.id, type: 'status_changed', field: 'status', from: status, to },
        ];
        if (action === 'take') {
          history.push({
            ticketId: 'tkt',
            actorId: staff.id,
            type: 'assigned',
            field: 'assignee',
            from: null,
            to: 'Sari',
          });
        }
        if (action === 'accept') {
          history.push({
            ticketId: 'tkt',
            actorId: requester.id,
            type: 'rated',
            field: 'rating',
            to: '5',
          });
        }
        expect(plan.events).toMatchObject(history.map((e) => ({ ...e, at: now })));
        expect(plan.events[0]!.data).toEqual({ action });
      });
    }
  }

  it('agrees with the policy graph: every edge it names is a row of the table, and none is missing', () => {
    for (const from of TICKET_STATUSES) {
      for (const to of TICKET_STATUSES) {
        for (const user of [requester, staff]) {
          const action = ticketPolicy.transitionAction(
            { ...user, role: 'it_staff' },
            { ...ticketIn(from), assigned_to: null },
            to,
          );
          const edges = Object.entries(TRANSITIONS).filter(
            ([, t]) => (t.from as readonly TicketStatus[]).includes(from) && t.to === to,
          );
          if (action === null) expect(edges).toEqual([]);
          else expect(edges.map(([a]) => a)).toContain(action);
        }
      }
    }
  });

  it('refuses a missing required comment with a field error, whatever the status allows', () => {
    for (const action of ['hold', 'resolve', 'reject', 'close'] as const) {
      const from = TRANSITIONS[action].from[0];
      const actor = ACTORS[action] ?? staff;
      expect(refusal(() => planTransition(ticketIn(from), action, { actor }, now))).toEqual({
        code: 'VALIDATION_FAILED',
        status: 400,
        field: 'body.comment',
      });
      expect(refusal(() => planTransition(ticketIn(from), action, { actor, comment: '' }, now))?.field).toBe(
        'body.comment',
      );
    }
  });

  it('accepts a rating only when accepting', () => {
    expect(
      refusal(() => planTransition(ticketIn('OPEN'), 'withdraw', { actor: requester, rating: 4 }, now))?.field,
    ).toBe('body.rating');
    expect(
      refusal(() =>
        planTransition(ticketIn('RESOLVED'), 'reject', { actor: requester, comment: 'x', feedback: 'y' }, now),
      )?.field,
    ).toBe('body.rating');
    const plan = planTransition(ticketIn('RESOLVED'), 'accept', { actor: requester }, now);
    expect(plan.changes).toEqual({ status: 'CLOSED', closed_at: now, rating: null, feedback: null });
    expect(plan.events.map((e) => e.type)).toEqual(['status_changed']);
  });

  it('counts a first response only for staff who has not responded yet', () => {
    const responded = ticketIn('IN_PROGRESS', { first_response_at: new Date(now.getTime() - HOUR) });
    const plan = planTransition(responded, 'resolve', { actor: staff, comment: 'done' }, now);
    expect(plan.changes.first_response_at).toBeUndefined();
    expect(plan.intents).toEqual([{ kind: 'resolve' }]);
    // The requester closing their own ticket (as staff would) is no response.
    const own = planTransition(ticketIn('OPEN'), 'close', { actor: requester, comment: 'never mind' }, now);
    expect(own.changes.first_response_at).toBeUndefined();
    expect(own.intents).toEqual([{ kind: 'pause', reason: 'closed' }]);
  });

  it('pauses no clock when closing a ticket already resolved', () => {
    // accept is the requester's close of a RESOLVED ticket: the clock stopped at resolution.
    expect(planTransition(ticketIn('RESOLVED'), 'accept', { actor: requester }, now).intents).toEqual([]);
  });
});

describe('wall-clock times without an SLA clock', () => {
  it('counts minutes since creation, pauses and the current hold excluded', () => {
    // 10 h since creation - 10 min paused before - 1 h on hold now = 530 min.
    expect(wallMinutes(ticketIn('ON_HOLD'), now)).toBe(530);
    expect(wallMinutes(ticketIn('OPEN', { created_at: new Date(now.getTime() + HOUR) }), now)).toBe(0);
  });

  it('fills resolution and first response where the clock left them out, never over the clock', () => {
    const ticket = ticketIn('IN_PROGRESS');
    expect(withWallClockTimes(ticket, { resolved_at: now, first_response_at: now }, now)).toEqual({
      resolved_at: now,
      first_response_at: now,
      resolution_minutes: 590,
      resolution_business: false,
      first_response_minutes: 590,
      first_response_business: false,
    });
    const clocked = { resolved_at: now, resolution_minutes: 42, resolution_business: true };
    expect(withWallClockTimes(ticket, clocked, now)).toEqual(clocked);
    expect(withWallClockTimes(ticket, { status: 'CLOSED' }, now)).toEqual({ status: 'CLOSED' });
  });
});
