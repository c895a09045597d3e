import { sql, type Insertable, type Kysely } from 'kysely';
import type { Database, TicketAttachmentsTable } from '@/db/types';
import { withVisibleTo, type Viewer } from '@/modules/tickets/tickets.visibility';

type Executor = Kysely<Database>;

export function insertAttachment(db: Executor, values: Insertable<TicketAttachmentsTable>) {
  return db.insertInto('ticket_attachments').values(values).returning('id').executeTakeFirstOrThrow();
}

const columns = [
  'at.id',
  'at.ticket_id',
  'at.comment_id',
  'at.user_id',
  'at.file_name',
  'at.file_path',
  'at.file_type',
  'at.file_size',
  'at.description',
  'at.thumbnail_path',
  'at.created_at',
  'u.name as uploader_name',
  't.user_id as requester_id',
  't.status as ticket_status',
] as const;

function withTicket(db: Executor) {
  return db
    .selectFrom('ticket_attachments as at')
    .innerJoin('tickets as t', 't.id', 'at.ticket_id')
    .innerJoin('users as u', 'u.id', 'at.user_id')
    .leftJoin('ticket_comments as c', 'c.id', 'at.comment_id')
    .select(columns)
    .select(sql<boolean>`coalesce(c.is_internal, false)`.as('is_internal'))
    .where('at.deleted_at', 'is', null);
}

export type AttachmentWithTicket = NonNullable<Awaited<ReturnType<typeof findAttachment>>>;

/** A file whose ticket this viewer may see. */
export function findAttachment(db: Executor, viewer: Viewer, id: string) {
  return withTicket(db).where('at.id', '=', id).$call(withVisibleTo(viewer)).executeTakeFirst();
}

/** A ticket's files; internal ones (on internal notes) only when `includeInternal`. */
export async function listAttachments(db: Executor, ticketId: string, includeInternal: boolean, ids?: string[]) {
  if (ids?.length === 0) return [];
  return withTicket(db)
    .where('at.ticket_id', '=', ticketId)
    .$if(!includeInternal, (qb) => qb.where(sql<boolean>`coalesce(c.is_internal, false)`, '=', false))
    .$if(ids !== undefined, (qb) => qb.where('at.id', 'in', ids!))
    .orderBy('at.created_at')
    .orderBy('at.id')
    .execute();
}

export function findComment(db: Executor, ticketId: string, commentId: string) {
  return db
    .selectFrom('ticket_comments')
    .select(['id', 'is_internal'])
    .where('id', '=', commentId)
    .where('ticket_id', '=', ticketId)
    .executeTakeFirst();
}

export function softDeleteAttachment(db: Executor, id: string, actorId: string, at: Date) {
  return db
    .updateTable('ticket_attachments')
    .set({ deleted_at: at, deleted_by: actorId })
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/** Deleted files whose objects still exist, oldest first, locked for one purger. */
export function lockPurgeBatch(db: Executor, limit: number) {
  return db
    .selectFrom('ticket_attachments')
    .select(['id', 'file_path', 'thumbnail_path'])
    .where('deleted_at', 'is not', null)
    .where('purged_at', 'is', null)
    .orderBy('deleted_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

export function markPurged(db: Executor, ids: string[], at: Date) {
  if (ids.length === 0) return Promise.resolve();
  return db
    .updateTable('ticket_attachments')
    .set({ purged_at: at })
    .where('id', 'in', ids)
    .execute()
    .then(() => undefined);
}
