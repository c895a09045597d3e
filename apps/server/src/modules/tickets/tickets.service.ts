import { randomUUID } from 'node:crypto';
import {
  type TicketCreateRequest,
  type TicketResponse,
  type TicketTransitionRequest,
  type TicketUpdateRequest,
} from '@bantu/contracts';
import type { Updateable } from 'kysely';
import type { DB } from '@/db/database';
import type { TicketsTable } from '@/db/types';
import type { AuthUser } from '@/http/auth.plugin';
import type { Clock } from '@/infra/infra.plugin';
import { fieldError, notFound } from '@/lib/errors';
import * as comments from '@/modules/comments/comments.repository';
import { enqueueEvent, outboxRow, signalOutbox } from '@/modules/outbox/outbox.repository';
import { applyClockIntents } from '@/modules/sla/sla.engine';
import { filtersOf, type ListQuery } from './tickets.filters';
import { historyOf } from './tickets.history';
import { parseTicketRef, ticketPeriod } from './tickets.numbering';
import { ticketPolicy } from './tickets.policy';
import { toTicketEvent, toTicketResponse, toTicketSummary } from './tickets.presenter';
import * as repo from './tickets.repository';
import { planTransition, withWallClockTimes } from './tickets.transitions';
import { viewerOf } from './tickets.visibility';
import * as write from './tickets.write';
import { newTicketStats } from './tickets.write';
import { commentsService } from './comments.service';

export function ticketsService(db: DB, clock: Clock, deps: write.TicketServiceDeps) {
  async function detail(user: AuthUser, ref: { id?: string; number?: string }): Promise<TicketResponse> {
    const row = await repo.findTicketDetail(db, viewerOf(user), ref, clock.now());
    if (!row) throw notFound('Ticket');
    return toTicketResponse(row, ticketPolicy.abilities(user, row));
  }

  return {
    // The conversation's own service, exposed here too (routes and mail intake use one object).
    ...commentsService(db, clock, deps),

    async list(user: AuthUser, query: ListQuery) {
      const page = await repo.listTickets(db, viewerOf(user), filtersOf(user, query), clock.now());
      return { items: page.items.map(toTicketSummary), nextCursor: page.nextCursor };
    },

    /** How many tickets a list with these filters and search holds in all. */
    async count(user: AuthUser, query: Omit<ListQuery, 'limit' | 'cursor'>) {
      const filters = { ...filtersOf(user, { ...query, limit: 1 }), cursor: undefined, limit: 1 };
      return { count: await repo.countListedTickets(db, viewerOf(user), filters, clock.now()) };
    },

    counts(user: AuthUser) {
      return repo.countTickets(db, viewerOf(user), clock.now());
    },

    get(user: AuthUser, idOrNumber: string) {
      return detail(user, parseTicketRef(idOrNumber));
    },

    /**
     * Everything a new ticket needs is known before its transaction (reference data from the
     * process cache, the id, its SLA clock, its report contribution), so the transaction is
     * three statements and a commit: the stats time zone, the report rows, and one statement
     * that takes the number and inserts the ticket with its clock, history and outbox event.
     * The two hot rows every create changes (the period's counter, the hour's report rows) are
     * thereby locked for the last round trips only.
     */
    async create(user: AuthUser, input: TicketCreateRequest) {
      const reference = await deps.reference.get();
      const now = clock.now();
      const { requesterId, division, category, priority } = await write.resolveNewTicket(db, reference, user, input);
      const id = randomUUID();
      const rule = reference.rules.get(priority.id);
      const start = { kind: 'start' as const, rule, priority: rule?.priority_name ?? '' };
      const clocked = applyClockIntents(reference.sla, { id, priority_id: priority.id }, [], new Set(), [start], now);
      const values = {
        id,
        user_id: requesterId,
        category_id: category.id,
        priority_id: priority.id,
        priority_level: priority.level,
        title: input.title,
        description: input.description,
        requester_division: division,
        created_at: now,
        updated_at: now,
        ...clocked.columns,
      };
      const onBehalfOf = requesterId !== user.id ? requesterId : undefined;
      await write.writeTransaction(db, deps, async (trx) => {
        const stats = await write.takeStats(deps, trx, []);
        await stats.apply([], [newTicketStats(values)]);
        await repo.insertNewTicket(
          trx,
          values,
          { prefix: reference.settings.ticketNumberPrefix, period: ticketPeriod(now, reference.settings.timezone) },
          {
            clockEvents: clocked.fresh,
            event: historyOf(id, user.id, now).created(onBehalfOf),
            outbox: outboxRow({ topic: 'ticket.created', ticketId: id, actorId: user.id, payload: { requesterId } }),
          },
        );
      });
      signalOutbox();
      return detail(user, { id });
    },

    async update(user: AuthUser, id: string, input: TicketUpdateRequest) {
      const now = clock.now();
      // Before the transaction: on PGlite the pool is the transaction's one connection.
      const reference = await deps.reference.get();
      await write.writeTransaction(db, deps, async (trx) => {
        const ticket = await write.lockWritable(trx, user, id, input.version);
        const stats = await write.takeStats(deps, trx, [id]);
        const history = historyOf(id, user.id, now);
        const changes: Updateable<TicketsTable> = {};
        const events = [];
        if (input.title !== undefined || input.description !== undefined)
          write.requireAbility(user, 'edit_text', ticket);
        if (input.categoryId !== undefined || input.priorityId !== undefined)
          write.requireAbility(user, 'edit_classification', ticket);
        if (input.title !== undefined && input.title !== ticket.title) {
          changes.title = input.title;
          events.push(history.updated('title', ticket.title, input.title));
        }
        if (input.description !== undefined && input.description !== ticket.description) {
          changes.description = input.description;
          events.push(history.updated('description'));
        }
        if (input.categoryId !== undefined && input.categoryId !== ticket.category_id) {
          const names = await repo.findCategories(trx, [ticket.category_id, input.categoryId]);
          const next = names.find((c) => c.id === input.categoryId);
          if (!next?.is_active) throw fieldError('categoryId', 'No active category with this id');
          changes.category_id = next.id;
          const previous = names.find((c) => c.id === ticket.category_id)?.name ?? null;
          events.push(history.updated('category', previous, next.name));
        }
        if (input.priorityId !== undefined && input.priorityId !== ticket.priority_id) {
          const names = await repo.findPriorities(trx, [ticket.priority_id, input.priorityId]);
          const next = names.find((p) => p.id === input.priorityId);
          if (!next?.is_active) throw fieldError('priorityId', 'No active priority with this id');
          changes.priority_id = next.id;
          changes.priority_level = next.level;
          // A new priority means a new target, counted from creation (pauses still excluded).
          if (ticket.status !== 'RESOLVED' && ticket.status !== 'CLOSED') {
            const rule = reference.rules.get(next.id);
            const target = { kind: 'target' as const, rule, priority: next.name, createdAt: ticket.created_at };
            Object.assign(
              changes,
              await write.clockChanges(trx, reference, { id, priority_id: next.id }, [target], now),
            );
          }
          const previous = names.find((p) => p.id === ticket.priority_id)?.name ?? null;
          events.push(history.updated('priority', previous, next.name));
        }
        if (events.length === 0) return;
        await repo.updateTicket(trx, id, changes, now);
        await repo.insertTicketEvents(trx, events);
        await stats.apply();
        const fields = events.map((e) => e.field);
        await enqueueEvent(trx, { topic: 'ticket.updated', ticketId: id, actorId: user.id, payload: { fields } });
      });
      return detail(user, { id });
    },

    /** Assign, take, reassign or unassign. Assigning an OPEN ticket starts work on it. */
    async assign(user: AuthUser, id: string, assigneeId: string | null, version?: number) {
      const now = clock.now();
      await write.writeTransaction(db, deps, async (trx) => {
        const ticket = await write.lockWritable(trx, user, id, version);
        write.requireAbility(user, assigneeId === user.id ? 'take' : 'assign', ticket);
        if (assigneeId === ticket.assigned_to) return;
        const stats = await write.takeStats(deps, trx, [id]);
        const assignee = assigneeId ? await repo.findActiveStaff(trx, assigneeId) : null;
        if (assigneeId && !assignee) throw fieldError('assigneeId', 'Tickets can only be assigned to active IT staff');
        const previous = ticket.assigned_to ? await repo.findActiveStaff(trx, ticket.assigned_to) : null;
        let status = ticket.status;
        if (assignee && ticket.status === 'OPEN') status = 'IN_PROGRESS';
        if (!assignee && ticket.status === 'IN_PROGRESS') status = 'OPEN';
        const to = assignee?.id ?? null;
        await repo.updateTicket(trx, id, { assigned_to: to, status }, now);
        const history = historyOf(id, user.id, now);
        const events = [
          history.assigned(previous?.name ?? null, assignee?.name ?? null, { from: ticket.assigned_to, to }),
        ];
        if (status !== ticket.status) events.push(history.statusChanged(ticket.status, status));
        await repo.insertTicketEvents(trx, events);
        await stats.apply();
        await enqueueEvent(trx, {
          topic: 'ticket.assigned',
          ticketId: id,
          actorId: user.id,
          payload: { from: ticket.assigned_to, to, statusFrom: ticket.status, statusTo: status },
        });
      });
      return detail(user, { id });
    },

    async transition(user: AuthUser, id: string, input: TicketTransitionRequest) {
      const now = clock.now();
      // Before the transaction: on PGlite the pool is the transaction's one connection.
      const reference = await deps.reference.get();
      await write.writeTransaction(db, deps, async (trx) => {
        const ticket = await write.lockWritable(trx, user, id, input.version);
        const action = write.transitionActionFor(user, ticket, input.to);
        const plan = planTransition(ticket, action, { ...input, actor: user }, now);
        const stats = await write.takeStats(deps, trx, [id]);
        const clocked = await write.clockChanges(trx, reference, ticket, plan.intents, now);
        await repo.updateTicket(trx, id, withWallClockTimes(ticket, { ...plan.changes, ...clocked }, now), now);
        let commentId: string | undefined;
        if (plan.comment) {
          ({ id: commentId } = await comments.insertComment(trx, {
            ticketId: id,
            userId: user.id,
            comment: plan.comment,
            isInternal: false,
            at: now,
          }));
        }
        await repo.insertTicketEvents(trx, plan.events);
        await stats.apply();
        const { topic, payload } = plan.notification;
        await enqueueEvent(trx, {
          topic,
          ticketId: id,
          actorId: user.id,
          payload: { ...payload, ...(commentId ? { commentId } : {}) },
        });
      });
      return detail(user, { id });
    },

    async events(user: AuthUser, id: string) {
      const viewer = viewerOf(user);
      const ticket = await repo.findTicketSummary(db, viewer, id, clock.now());
      if (!ticket) throw notFound('Ticket');
      return (await repo.listTicketEvents(db, id, viewer.seesAll)).map(toTicketEvent);
    },

    staff() {
      return repo.listActiveStaff(db);
    },
  };
}
export type TicketsService = ReturnType<typeof ticketsService>;
