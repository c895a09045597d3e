import { can, type TicketAction, type TicketCreateRequest, type TicketStatus } from '@bantu/contracts';
import type { Kysely, Updateable, Transaction } from 'kysely';
import type { TicketRow, TicketsTable, Database } from '@/db/types';
import type { AuthUser } from '@/http/auth.plugin';
import { AppError, fieldError, forbidden, notFound } from '@/lib/errors';
import * as sla from '@/modules/sla/sla.engine';
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
) => Promise<{ apply(created?: readonly string[]): Promise<void> }>;

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

/** Appends the clock events of a change and answers the SLA columns to store with it. */
export async function clockChanges(
  trx: Transaction<Database>,
  ticket: { id: string; priority_id: string },
  intents: sla.ClockIntent[],
  now: Date,
  options: { isNew?: boolean } = {},
): Promise<Updateable<TicketsTable>> {
  if (intents.length === 0) return {};
  return sla.recordClock(trx, await sla.loadSlaContext(trx), ticket, intents, now, options);
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

/** Who a new ticket is for (staff may create on behalf of an active user) and its active category and priority. */
export async function resolveNewTicket(trx: Transaction<Database>, user: AuthUser, input: TicketCreateRequest) {
  let requesterId = user.id;
  let { division } = await repo.findUserDivision(trx, user.id);
  if (input.requesterId && input.requesterId !== user.id) {
    if (!can(user.role, 'ticket:create_on_behalf')) throw forbidden('Only IT staff create tickets for someone else');
    const requester = await repo.findActiveRequester(trx, input.requesterId);
    if (!requester) throw fieldError('requesterId', 'No active user with this id');
    ({ id: requesterId, division } = requester);
  }
  const category = await repo.findActiveCategory(trx, input.categoryId);
  if (!category) throw fieldError('categoryId', 'No active category with this id');
  const priority = await repo.findActivePriority(trx, input.priorityId);
  if (!priority) {
    throw fieldError('priorityId', input.priorityId ? 'No active priority with this id' : 'Choose a priority');
  }
  return { requesterId, division, category, priority };
}
