import { can, type TicketAction, type TicketCreateRequest, type TicketStatus } from '@bantu/contracts';
import type { Kysely, Updateable, Transaction } from 'kysely';
import type { DB } from '@/db/database';
import type { TicketRow, TicketsTable, Database } from '@/db/types';
import type { AuthUser } from '@/http/auth.plugin';
import { AppError, fieldError, forbidden, notFound } from '@/lib/errors';
import * as sla from '@/modules/sla/sla.engine';
import type { ReferenceCache, ReferenceData } from '@/modules/sla/sla.reference';
import { ticketPolicy } from './tickets.policy';
import * as repo from './tickets.repository';
import { viewerOf } from './tickets.visibility';

/**
 * Keeps a summary of the tickets in step with their changes inside the writer's transaction:
 * called with the ids about to change (after their row lock), its `apply` after the change
 * (with ids created meanwhile). The reports module's `snapshotStats` is the one in use; tickets
 * receive it instead of importing reports (which sits above them).
 */
export type TicketStatsHook = (
  trx: Transaction<Database>,
  ids: readonly string[],
) => Promise<{ apply(created?: readonly string[], known?: readonly NewTicketStats[]): Promise<void> }>;

/** A ticket about to be inserted, as the stats see it (reports.stats.ts StatsTicket). */
export interface NewTicketStats {
  id: string;
  status: 'OPEN';
  created_at: Date;
  resolved_at: null;
  closed_at: null;
  first_response_at: null;
  category_id: string;
  priority_id: string;
  assigned_to: null;
  requester_division: string | null;
  sla_resolution_met: null;
  sla_first_response_met: null;
  resolution_minutes: null;
  resolution_business: null;
  first_response_minutes: null;
  first_response_business: null;
  rating: null;
}

/** A ticket's report contribution before it is inserted: new, open, unassigned, undecided. */
export function newTicketStats(t: {
  id: string;
  created_at: Date;
  category_id: string;
  priority_id: string;
  requester_division: string | null;
}): NewTicketStats {
  return {
    id: t.id,
    status: 'OPEN',
    created_at: t.created_at,
    resolved_at: null,
    closed_at: null,
    first_response_at: null,
    category_id: t.category_id,
    priority_id: t.priority_id,
    assigned_to: null,
    requester_division: t.requester_division,
    sla_resolution_met: null,
    sla_first_response_met: null,
    resolution_minutes: null,
    resolution_business: null,
    first_response_minutes: null,
    first_response_business: null,
    rating: null,
  };
}

export interface TicketWriteDeps {
  stats: TicketStatsHook;
  /**
   * Called after a transaction that changed the summary commits, before the writer is answered
   * (the dashboard cache's invalidation, infra/cache/figures-cache.ts).
   */
  statsChanged?: () => Promise<void>;
}

/** Transactions in which `takeStats` snapshotted tickets (their commit changes the reports). */
const changingStats = new WeakSet<Transaction<Database>>();

/** The summary hook for tickets about to change in `trx`; marks `trx` for `writeTransaction`. */
export function takeStats(deps: TicketWriteDeps, trx: Transaction<Database>, ids: readonly string[]) {
  changingStats.add(trx);
  return deps.stats(trx, ids);
}

/**
 * A ticket change in one transaction: after it commits, when it took a stats snapshot, tells
 * `deps.statsChanged` (so a report after this answer sees the change).
 */
export async function writeTransaction<T>(
  db: Kysely<Database>,
  deps: TicketWriteDeps,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  let used: Transaction<Database> | undefined;
  const result = await db.transaction().execute((trx) => {
    used = trx;
    return work(trx);
  });
  if (used && changingStats.has(used)) await deps.statsChanged?.();
  return result;
}

/** The writers behind routes also read the process's reference cache (settings, SLA context, catalog). */
export interface TicketServiceDeps extends TicketWriteDeps {
  reference: ReferenceCache;
}

const versionConflict = (current: number) =>
  new AppError(
    'VERSION_CONFLICT',
    `The ticket was changed by someone else (now version ${current}); reload and try again`,
  );

/** Every write starts here: the row locked for the transaction, then the closed gate, then the version. */
export async function lockWritable(trx: Transaction<Database>, user: AuthUser, id: string, version?: number) {
  const ticket = await repo.lockTicket(trx, viewerOf(user), id);
  if (!ticket) throw notFound('Ticket');
  ticketPolicy.assertWritable(ticket);
  if (version !== undefined && ticket.version !== version) throw versionConflict(ticket.version);
  return ticket;
}

export function requireAbility(user: AuthUser, action: TicketAction, ticket: Parameters<typeof ticketPolicy.can>[2]) {
  if (!ticketPolicy.can(user, action, ticket))
    throw forbidden(`You cannot ${action.replace('_', ' ')} this ticket now`);
}

/**
 * Appends the clock events of a change and answers the SLA columns to store with it. The SLA
 * context comes from the process's reference cache (read before the transaction), not from `trx`: a ticket transaction never
 * writes the calendar, levels or settings, so what committed before the call is what it must see.
 */
export async function clockChanges(
  trx: Transaction<Database>,
  reference: ReferenceData,
  ticket: { id: string; priority_id: string },
  intents: sla.ClockIntent[],
  now: Date,
): Promise<Updateable<TicketsTable>> {
  if (intents.length === 0) return {};
  return sla.recordClock(trx, reference.sla, ticket, intents, now);
}

/** The action a status change means for this user: 409 when the edge is not in the graph, 403 when not theirs. */
export function transitionActionFor(user: AuthUser, ticket: TicketRow, to: TicketStatus): TicketAction {
  const action = ticketPolicy.transitionAction(user, ticket, to);
  const allowed = ticketPolicy.allowedTargets(user, ticket);
  if (!action) {
    throw new AppError('INVALID_TRANSITION', `A ${ticket.status} ticket cannot move to ${to}`, { allowed });
  }
  if (!ticketPolicy.can(user, action, ticket)) {
    throw new AppError('FORBIDDEN', `You cannot move this ticket from ${ticket.status} to ${to}`, { allowed });
  }
  return action;
}

/**
 * Who a new ticket is for (staff may create on behalf of an active user) and its active
 * category and priority, from the reference cache; only someone else's row is read.
 */
export async function resolveNewTicket(db: DB, reference: ReferenceData, user: AuthUser, input: TicketCreateRequest) {
  let requesterId = user.id;
  // The session's user is read fresh for every request (ADR 3): their division is current.
  let division = user.division;
  if (input.requesterId && input.requesterId !== user.id) {
    if (!can(user.role, 'ticket:create_on_behalf')) throw forbidden('Only IT staff create tickets for someone else');
    const requester = await repo.findActiveRequester(db, input.requesterId);
    if (!requester) throw fieldError('requesterId', 'No active user with this id');
    ({ id: requesterId, division } = requester);
  }
  const category = reference.categories.get(input.categoryId);
  if (!category?.is_active) throw fieldError('categoryId', 'No active category with this id');
  const priority =
    input.priorityId === undefined ? reference.defaultPriority : reference.priorities.get(input.priorityId);
  if (!priority?.is_active) {
    throw fieldError('priorityId', input.priorityId ? 'No active priority with this id' : 'Choose a priority');
  }
  return { requesterId, division, category, priority };
}
