import {
  type CommentCreateRequest,
  type TicketAction,
  type TicketCreateRequest,
  type TicketListQuery,
  type TicketResponse,
  type TicketStatus,
  type TicketSummary,
  type TicketTransitionRequest,
  type TicketUpdateRequest,
  can,
} from '@bantu/contracts';
import type { Updateable } from 'kysely';
import type { DB } from '@/db/database';
import type { TicketRow, TicketsTable } from '@/db/types';
import type { AuthUser } from '@/http/auth.plugin';
import type { Clock } from '@/infra/infra.plugin';
import { AppError, fieldError, forbidden, notFound } from '@/lib/errors';
import { enqueueEvent } from '@/modules/outbox/outbox.repository';
import { settingsService } from '@/modules/settings/settings.service';
import * as comments from '@/modules/comments/comments.repository';
import { ticketPolicy } from './tickets.policy';
import * as repo from './tickets.repository';
import { formatTicketNumber, parseTicketRef, ticketPeriod } from './tickets.numbering';
import * as sla from '@/modules/sla/sla.engine';
import { activeRule } from '@/modules/sla/sla.repository';
import { snapshotStats } from '@/modules/reports/reports.stats';

type Trx = DB;
/** The parsed list query (TicketListQuery after zod): what list and stream take. */
export type ListQuery = Omit<TicketListQuery, 'limit' | 'sort' | 'status' | 'slaState' | 'rating'> & {
  limit: number;
  sort: 'newest' | 'updated' | 'priority' | 'sla';
  status?: TicketStatus[];
  slaState?: repo.TicketFilters['slaState'];
  rating?: string[];
};

/** The list filters of a query (the same for a page and for an export's stream). */
export function filtersOf(user: Pick<AuthUser, 'id'>, query: ListQuery): repo.TicketFilters {
  const at = (v: string | undefined) => (v ? new Date(v) : undefined);
  return {
    ...query,
    assignee:
      query.assigneeId === undefined
        ? undefined
        : query.assigneeId === 'none'
          ? { kind: 'none' }
          : { kind: 'user', id: query.assigneeId === 'me' ? user.id : query.assigneeId },
    createdFrom: at(query.createdFrom),
    createdTo: at(query.createdTo),
    resolvedFrom: at(query.resolvedFrom),
    resolvedTo: at(query.resolvedTo),
    closedFrom: at(query.closedFrom),
    closedTo: at(query.closedTo),
    firstResponseFrom: at(query.firstResponseFrom),
    firstResponseTo: at(query.firstResponseTo),
    rejectedFrom: at(query.rejectedFrom),
    rejectedTo: at(query.rejectedTo),
    openAt: at(query.openAt),
    rating: query.rating?.map(Number),
    division: query.division === undefined ? undefined : query.division === '-' ? null : query.division,
  };
}

/** Staff-side roles read internal notes and their history (managers read-only). */
const seesInternal = (user: AuthUser) => can(user.role, 'ticket:view_all');

export const viewerOf = (user: AuthUser): repo.Viewer => ({ id: user.id, seesAll: can(user.role, 'ticket:view_all') });

const versionConflict = (current: number) =>
  new AppError(
    'VERSION_CONFLICT',
    409,
    `The ticket was changed by someone else (now version ${current}); reload and try again`,
  );

const ACTION_REQUIRES_COMMENT: Partial<Record<TicketAction, string>> = {
  hold: 'A reason is required to put a ticket on hold',
  resolve: 'A resolution note is required',
  reject: 'Say what is still wrong',
  close: 'A reason is required to close a ticket',
};

/** Wall-clock minutes since the ticket's creation, time on hold excluded. */
function wallMinutes(ticket: TicketRow, now: Date): number {
  const held = ticket.on_hold_since ? now.getTime() - ticket.on_hold_since.getTime() : 0;
  return Math.max(0, (now.getTime() - ticket.created_at.getTime() - ticket.sla_paused_seconds * 1000 - held) / 60_000);
}

export function ticketsService(db: DB, clock: Clock) {
  const settings = settingsService(db);

  /** Appends the clock events of a change and answers the SLA columns to store with it. */
  async function clockChanges(
    trx: Trx,
    ticket: { id: string; priority_id: string },
    intents: sla.ClockIntent[],
    now: Date,
    options: { isNew?: boolean } = {},
  ): Promise<Updateable<TicketsTable>> {
    if (intents.length === 0) return {};
    return sla.recordClock(trx, await sla.loadSlaContext(trx), ticket, intents, now, options);
  }

  /** Every write starts here: the row locked for the transaction, then the closed gate, then the version. */
  async function lockWritable(trx: Trx, user: AuthUser, id: string, version?: number) {
    const ticket = await repo.lockTicket(trx, viewerOf(user), id);
    if (!ticket) throw notFound('Ticket');
    ticketPolicy.assertWritable(ticket);
    if (version !== undefined && ticket.version !== version) throw versionConflict(ticket.version);
    return ticket;
  }

  function requireAbility(user: AuthUser, action: TicketAction, ticket: TicketRow) {
    if (!ticketPolicy.can(user, action, ticket))
      throw forbidden(`You cannot ${action.replace('_', ' ')} this ticket now`);
  }

  async function detail(user: AuthUser, ref: { id?: string; number?: string }): Promise<TicketResponse> {
    const row = await repo.findTicketDetail(db, viewerOf(user), ref, clock.now());
    if (!row) throw notFound('Ticket');
    return {
      ...repo.toTicketSummary(row),
      description: row.description,
      firstResponseAt: row.first_response_at?.toISOString() ?? null,
      firstResponseDueAt: row.first_response_due_at?.toISOString() ?? null,
      holdReason: row.hold_reason,
      resolutionNote: row.resolution_note,
      rating: row.rating,
      feedback: row.feedback,
      abilities: ticketPolicy.abilities(user, {
        user_id: row.user_id,
        assigned_to: row.assigned_to,
        status: row.status,
      }),
    };
  }

  return {
    async list(user: AuthUser, query: ListQuery) {
      const page = await repo.listTickets(db, viewerOf(user), filtersOf(user, query), clock.now());
      return { items: page.items.map(repo.toTicketSummary), nextCursor: page.nextCursor };
    },

    /**
     * Every ticket of a filtered list, page after page (keyset, the list's own order, visibility
     * and filters; `cursor` and `limit` of the query are ignored): for exports. Reads `readDb`
     * when given (a replica), else the primary. Pages of `pageSize` rows; stop iterating to stop.
     */
    async *stream(
      user: AuthUser,
      query: Omit<ListQuery, 'limit' | 'cursor'> & { limit?: number; cursor?: string },
      options: { pageSize?: number; readDb?: DB } = {},
    ): AsyncGenerator<TicketSummary[], void, undefined> {
      const pageSize = Math.min(Math.max(options.pageSize ?? 1000, 1), 5000);
      const filters = { ...filtersOf(user, { ...query, limit: pageSize }), limit: pageSize };
      const now = clock.now();
      let cursor: string | undefined;
      for (;;) {
        const page = await repo.listTickets(options.readDb ?? db, viewerOf(user), { ...filters, cursor }, now);
        if (page.items.length) yield page.items.map(repo.toTicketSummary);
        if (!page.nextCursor) return;
        cursor = page.nextCursor;
      }
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

    async create(user: AuthUser, input: TicketCreateRequest) {
      const config = await settings.get();
      const now = clock.now();
      const id = await db.transaction().execute(async (trx) => {
        let requesterId = user.id;
        let division = (
          await trx.selectFrom('users').select('division').where('id', '=', user.id).executeTakeFirstOrThrow()
        ).division;
        if (input.requesterId && input.requesterId !== user.id) {
          if (!can(user.role, 'ticket:create_on_behalf'))
            throw forbidden('Only IT staff create tickets for someone else');
          const requester = await trx
            .selectFrom('users')
            .select(['id', 'division'])
            .where('id', '=', input.requesterId)
            .where('status', '=', true)
            .executeTakeFirst();
          if (!requester) throw fieldError('requesterId', 'No active user with this id');
          requesterId = requester.id;
          division = requester.division;
        }
        const category = await trx
          .selectFrom('categories')
          .select('id')
          .where('id', '=', input.categoryId)
          .where('is_active', '=', true)
          .executeTakeFirst();
        if (!category) throw fieldError('categoryId', 'No active category with this id');
        const priority = await trx
          .selectFrom('priorities')
          .select(['id', 'level'])
          .where('is_active', '=', true)
          .$if(input.priorityId !== undefined, (qb) => qb.where('id', '=', input.priorityId!))
          .$if(input.priorityId === undefined, (qb) => qb.where('is_default', '=', true))
          .executeTakeFirst();
        if (!priority) {
          throw fieldError('priorityId', input.priorityId ? 'No active priority with this id' : 'Choose a priority');
        }
        const period = ticketPeriod(now, config.timezone);
        const sequence = await repo.nextTicketSequence(trx, period);
        const { id } = await repo.insertTicket(trx, {
          ticket_number: formatTicketNumber(config.ticketNumberPrefix, period, sequence),
          user_id: requesterId,
          category_id: category.id,
          priority_id: priority.id,
          priority_level: priority.level,
          title: input.title,
          description: input.description,
          requester_division: division,
          created_at: now,
          updated_at: now,
        });
        const rule = await activeRule(trx, priority.id);
        const clock = await clockChanges(
          trx,
          { id, priority_id: priority.id },
          [{ kind: 'start', rule, priority: rule?.priority_name ?? '' }],
          now,
          { isNew: true },
        );
        if (Object.keys(clock).length > 0) {
          await trx.updateTable('tickets').set(clock).where('id', '=', id).execute();
        }
        await repo.insertTicketEvents(trx, [
          {
            ticketId: id,
            actorId: user.id,
            type: 'created',
            data: requesterId !== user.id ? { onBehalfOf: requesterId } : undefined,
            at: now,
          },
        ]);
        await (await snapshotStats(trx, [])).apply([id]);
        await enqueueEvent(trx, { topic: 'ticket.created', ticketId: id, actorId: user.id, payload: { requesterId } });
        return id;
      });
      return detail(user, { id });
    },

    async update(user: AuthUser, id: string, input: TicketUpdateRequest) {
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const ticket = await lockWritable(trx, user, id, input.version);
        const stats = await snapshotStats(trx, [id]);
        const changes: Updateable<TicketsTable> = {};
        const events: Parameters<typeof repo.insertTicketEvents>[1] = [];
        if (input.title !== undefined || input.description !== undefined) requireAbility(user, 'edit_text', ticket);
        if (input.categoryId !== undefined || input.priorityId !== undefined)
          requireAbility(user, 'edit_classification', ticket);
        if (input.title !== undefined && input.title !== ticket.title) {
          changes.title = input.title;
          events.push({
            ticketId: id,
            actorId: user.id,
            type: 'updated',
            field: 'title',
            from: ticket.title,
            to: input.title,
            at: now,
          });
        }
        if (input.description !== undefined && input.description !== ticket.description) {
          changes.description = input.description;
          events.push({ ticketId: id, actorId: user.id, type: 'updated', field: 'description', at: now });
        }
        if (input.categoryId !== undefined && input.categoryId !== ticket.category_id) {
          const names = await trx
            .selectFrom('categories')
            .select(['id', 'name', 'is_active'])
            .where('id', 'in', [ticket.category_id, input.categoryId])
            .execute();
          const next = names.find((c) => c.id === input.categoryId);
          if (!next?.is_active) throw fieldError('categoryId', 'No active category with this id');
          changes.category_id = next.id;
          const previous = names.find((c) => c.id === ticket.category_id)?.name ?? null;
          events.push({
            ticketId: id,
            actorId: user.id,
            type: 'updated',
            field: 'category',
            from: previous,
            to: next.name,
            at: now,
          });
        }
        if (input.priorityId !== undefined && input.priorityId !== ticket.priority_id) {
          const names = await trx
            .selectFrom('priorities')
            .select(['id', 'name', 'level', 'is_active'])
            .where('id', 'in', [ticket.priority_id, input.priorityId])
            .execute();
          const next = names.find((p) => p.id === input.priorityId);
          if (!next?.is_active) throw fieldError('priorityId', 'No active priority with this id');
          changes.priority_id = next.id;
          changes.priority_level = next.level;
          // A new priority means a new target, counted from creation (pauses still excluded).
          if (ticket.status !== 'RESOLVED' && ticket.status !== 'CLOSED') {
            Object.assign(
              changes,
              await clockChanges(
                trx,
                { id, priority_id: next.id },
                [
                  {
                    kind: 'target',
                    rule: await activeRule(trx, next.id),
                    priority: next.name,
                    createdAt: ticket.created_at,
                  },
                ],
                now,
              ),
            );
          }
          const previous = names.find((p) => p.id === ticket.priority_id)?.name ?? null;
          events.push({
            ticketId: id,
            actorId: user.id,
            type: 'updated',
            field: 'priority',
            from: previous,
            to: next.name,
            at: now,
          });
        }
        if (events.length === 0) return;
        await repo.updateTicket(trx, id, changes, now);
        await repo.insertTicketEvents(trx, events);
        await stats.apply();
        await enqueueEvent(trx, {
          topic: 'ticket.updated',
          ticketId: id,
          actorId: user.id,
          payload: { fields: events.map((e) => e.field) },
        });
      });
      return detail(user, { id });
    },

    /** Assign, take, reassign or unassign. Assigning an OPEN ticket starts work on it. */
    async assign(user: AuthUser, id: string, assigneeId: string | null, version?: number) {
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const ticket = await lockWritable(trx, user, id, version);
        requireAbility(user, assigneeId === user.id ? 'take' : 'assign', ticket);
        if (assigneeId === ticket.assigned_to) return;
        const stats = await snapshotStats(trx, [id]);
        const assignee = assigneeId ? await repo.findActiveStaff(trx, assigneeId) : null;
        if (assigneeId && !assignee) throw fieldError('assigneeId', 'Tickets can only be assigned to active IT staff');
        const previous = ticket.assigned_to ? await repo.findActiveStaff(trx, ticket.assigned_to) : null;
        let status: TicketStatus = ticket.status;
        if (assignee && ticket.status === 'OPEN') status = 'IN_PROGRESS';
        if (!assignee && ticket.status === 'IN_PROGRESS') status = 'OPEN';
        await repo.updateTicket(trx, id, { assigned_to: assignee?.id ?? null, status }, now);
        const events: Parameters<typeof repo.insertTicketEvents>[1] = [
          {
            ticketId: id,
            actorId: user.id,
            type: 'assigned',
            field: 'assignee',
            from: previous?.name ?? null,
            to: assignee?.name ?? null,
            data: { from: ticket.assigned_to, to: assignee?.id ?? null },
            at: now,
          },
        ];
        if (status !== ticket.status) {
          events.push({
            ticketId: id,
            actorId: user.id,
            type: 'status_changed',
            field: 'status',
            from: ticket.status,
            to: status,
            at: now,
          });
        }
        await repo.insertTicketEvents(trx, events);
        await stats.apply();
        await enqueueEvent(trx, {
          topic: 'ticket.assigned',
          ticketId: id,
          actorId: user.id,
          payload: { from: ticket.assigned_to, to: assignee?.id ?? null, statusFrom: ticket.status, statusTo: status },
        });
      });
      return detail(user, { id });
    },

    async transition(user: AuthUser, id: string, input: TicketTransitionRequest) {
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const ticket = await lockWritable(trx, user, id, input.version);
        const action = ticketPolicy.transitionAction(user, ticket, input.to);
        const allowed = ticketPolicy.allowedTargets(user, ticket);
        if (!action) {
          throw new AppError('INVALID_TRANSITION', 409, `A ${ticket.status} ticket cannot move to ${input.to}`, {
            allowed,
          });
        }
        if (!ticketPolicy.can(user, action, ticket)) {
          throw new AppError('FORBIDDEN', 403, `You cannot move this ticket from ${ticket.status} to ${input.to}`, {
            allowed,
          });
        }
        const needsComment = ACTION_REQUIRES_COMMENT[action];
        if (needsComment && !input.comment) throw fieldError('comment', needsComment);
        if ((input.rating !== undefined || input.feedback !== undefined) && action !== 'accept') {
          throw fieldError('rating', 'Only the requester rates a ticket, when accepting its resolution');
        }

        const stats = await snapshotStats(trx, [id]);
        const changes: Updateable<TicketsTable> = { status: input.to };
        const staffResponse =
          user.id !== ticket.user_id && (action === 'hold' || action === 'resolve' || action === 'close');
        const intents: sla.ClockIntent[] =
          staffResponse && !ticket.first_response_at ? [{ kind: 'first_response' }] : [];
        switch (action) {
          case 'take':
            changes.assigned_to = user.id;
            break;
          case 'hold':
            changes.on_hold_since = now;
            changes.hold_reason = input.comment ?? null;
            intents.push({ kind: 'pause', reason: 'on_hold' });
            break;
          case 'resume': {
            // The clock stood still while on hold (setting slaPauseOnHold): the log says so.
            const paused = Math.max(0, Math.round((now.getTime() - (ticket.on_hold_since ?? now).getTime()) / 1000));
            Object.assign(changes, {
              on_hold_since: null,
              hold_reason: null,
              sla_paused_seconds: ticket.sla_paused_seconds + paused,
            });
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
          default:
            throw new Error(`unexpected transition action ${action}`);
        }
        if (staffResponse && !ticket.first_response_at) changes.first_response_at = now;
        Object.assign(changes, await clockChanges(trx, ticket, intents, now));
        // Without an SLA clock, times are wall-clock minutes since creation (on hold excluded).
        if (action === 'resolve' && changes.resolution_minutes === undefined) {
          Object.assign(changes, { resolution_minutes: wallMinutes(ticket, now), resolution_business: false });
        }
        if (changes.first_response_at && changes.first_response_minutes === undefined) {
          Object.assign(changes, { first_response_minutes: wallMinutes(ticket, now), first_response_business: false });
        }
        await repo.updateTicket(trx, id, changes, now);
        let commentId: string | undefined;
        if (input.comment) {
          ({ id: commentId } = await comments.insertComment(trx, {
            ticketId: id,
            userId: user.id,
            comment: input.comment,
            isInternal: false,
            at: now,
          }));
        }
        const events: Parameters<typeof repo.insertTicketEvents>[1] = [
          {
            ticketId: id,
            actorId: user.id,
            type: 'status_changed',
            field: 'status',
            from: ticket.status,
            to: input.to,
            data: { action },
            at: now,
          },
        ];
        if (action === 'take') {
          events.push({
            ticketId: id,
            actorId: user.id,
            type: 'assigned',
            field: 'assignee',
            from: null,
            to: user.name,
            data: { to: user.id },
            at: now,
          });
        }
        if (input.rating !== undefined) {
          events.push({
            ticketId: id,
            actorId: user.id,
            type: 'rated',
            field: 'rating',
            to: String(input.rating),
            at: now,
          });
        }
        await repo.insertTicketEvents(trx, events);
        await stats.apply();
        await enqueueEvent(trx, {
          topic: 'ticket.status_changed',
          ticketId: id,
          actorId: user.id,
          payload: { from: ticket.status, to: input.to, action, ...(commentId ? { commentId } : {}) },
        });
      });
      return detail(user, { id });
    },

    async events(user: AuthUser, id: string) {
      const ticket = await repo.findTicketSummary(db, viewerOf(user), id, clock.now());
      if (!ticket) throw notFound('Ticket');
      const rows = await repo.listTicketEvents(db, id, seesInternal(user));
      return rows.map((e) => ({
        id: e.id,
        type: e.type,
        field: e.field,
        from: e.from_value,
        to: e.to_value,
        actor: e.actor_id ? { id: e.actor_id, name: e.actor_name ?? '' } : null,
        createdAt: e.created_at.toISOString(),
      }));
    },

    staff() {
      return repo.listActiveStaff(db);
    },

    /** Closes RESOLVED tickets whose requester did not answer within `autoCloseDays`. */
    async autoClose(batchSize = 500): Promise<number> {
      const { autoCloseDays } = await settings.get();
      if (autoCloseDays <= 0) return 0;
      const now = clock.now();
      const cutoff = new Date(now.getTime() - autoCloseDays * 86_400_000);
      let closed = 0;
      for (;;) {
        const batch = await db.transaction().execute(async (trx) => {
          const due = await trx
            .selectFrom('tickets')
            .select(['id', 'version'])
            .where('status', '=', 'RESOLVED')
            .where('resolved_at', '<=', cutoff)
            .orderBy('resolved_at')
            .limit(batchSize)
            .forUpdate()
            .skipLocked()
            .execute();
          const stats = await snapshotStats(
            trx,
            due.map((t) => t.id),
          );
          for (const t of due) {
            await repo.updateTicket(trx, t.id, { status: 'CLOSED', closed_at: now }, now);
            await enqueueEvent(trx, {
              topic: 'ticket.status_changed',
              ticketId: t.id,
              actorId: null,
              payload: { from: 'RESOLVED', to: 'CLOSED', action: 'auto_close' },
            });
          }
          await repo.insertTicketEvents(
            trx,
            due.map((t) => ({
              ticketId: t.id,
              actorId: null,
              type: 'status_changed',
              field: 'status',
              from: 'RESOLVED',
              to: 'CLOSED',
              data: { action: 'auto_close', afterDays: autoCloseDays },
              at: now,
            })),
          );
          await stats.apply();
          return due.length;
        });
        closed += batch;
        if (batch < batchSize) return closed;
      }
    },

    /** Comments are part of the ticket's conversation; visibility and abilities come from here. */
    async comments(user: AuthUser, id: string) {
      const viewer = viewerOf(user);
      const ticket = await repo.findTicketSummary(db, viewer, id, clock.now());
      if (!ticket) throw notFound('Ticket');
      return comments.listComments(db, id, { includeInternal: seesInternal(user) });
    },

    async addComment(user: AuthUser, id: string, input: CommentCreateRequest) {
      const now = clock.now();
      const isInternal = input.isInternal ?? false;
      return db.transaction().execute(async (trx) => {
        const ticket = await lockWritable(trx, user, id);
        requireAbility(user, isInternal ? 'comment_internal' : 'comment', ticket);
        const mentioned = isInternal
          ? await comments.activeStaffAmong(trx, comments.extractMentions(input.comment))
          : [];
        const created = await comments.insertComment(trx, {
          ticketId: id,
          userId: user.id,
          comment: input.comment,
          isInternal,
          at: now,
        });
        const changes: Updateable<TicketsTable> = {};
        const stats = await snapshotStats(trx, [id]);
        if (
          !isInternal &&
          user.id !== ticket.user_id &&
          !ticket.first_response_at &&
          can(user.role, 'ticket:view_all')
        ) {
          changes.first_response_at = now;
          Object.assign(changes, await clockChanges(trx, ticket, [{ kind: 'first_response' }], now));
          if (changes.first_response_minutes === undefined) {
            Object.assign(changes, {
              first_response_minutes: wallMinutes(ticket, now),
              first_response_business: false,
            });
          }
        }
        await repo.touchTicket(trx, id, changes, now);
        if (changes.first_response_at) await stats.apply();
        await enqueueEvent(trx, {
          topic: 'ticket.comment_added',
          ticketId: id,
          actorId: user.id,
          payload: { commentId: created.id, isInternal, mentions: mentioned },
        });
        const [comment] = await comments.listComments(trx, id, { includeInternal: true, id: created.id });
        return comment!;
      });
    },
  };
}
export type TicketsService = ReturnType<typeof ticketsService>;
