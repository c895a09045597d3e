import { can, type CommentCreateRequest } from '@bantu/contracts';
import type { Updateable } from 'kysely';
import type { DB } from '@/db/database';
import type { TicketsTable } from '@/db/types';
import type { AuthUser } from '@/http/auth.plugin';
import type { Clock } from '@/infra/infra.plugin';
import { notFound } from '@/lib/errors';
import * as comments from '@/modules/comments/comments.repository';
import { enqueueEvent } from '@/modules/outbox/outbox.repository';
import * as repo from './tickets.repository';
import { withWallClockTimes } from './tickets.transitions';
import { viewerOf } from './tickets.visibility';
import {
  clockChanges,
  lockWritable,
  requireAbility,
  takeStats,
  writeTransaction,
  type TicketServiceDeps,
} from './tickets.write';

/** Comments are part of the ticket's conversation: the ticket's visibility and abilities decide. */
export function commentsService(db: DB, clock: Clock, deps: TicketServiceDeps) {
  return {
    async comments(user: AuthUser, id: string) {
      const viewer = viewerOf(user);
      const ticket = await repo.findTicketSummary(db, viewer, id, clock.now());
      if (!ticket) throw notFound('Ticket');
      return comments.listComments(db, id, { includeInternal: viewer.seesAll });
    },

    /** A staff member's first public comment is the ticket's first response (SLA clock). */
    async addComment(user: AuthUser, id: string, input: CommentCreateRequest) {
      const now = clock.now();
      const isInternal = input.isInternal ?? false;
      // Before the transaction: on PGlite the pool is the transaction's one connection.
      const reference = await deps.reference.get();
      return writeTransaction(db, deps, async (trx) => {
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
        let changes: Updateable<TicketsTable> = {};
        const firstResponse =
          !isInternal && user.id !== ticket.user_id && !ticket.first_response_at && can(user.role, 'ticket:view_all');
        // Only a first response changes the reports (and invalidates the dashboard cache).
        const stats = firstResponse ? await takeStats(deps, trx, [id]) : null;
        if (firstResponse) {
          const clocked = await clockChanges(trx, reference, ticket, [{ kind: 'first_response' }], now);
          changes = withWallClockTimes(ticket, { first_response_at: now, ...clocked }, now);
        }
        await repo.touchTicket(trx, id, changes, now);
        if (stats && changes.first_response_at) await stats.apply();
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
export type CommentsService = ReturnType<typeof commentsService>;
