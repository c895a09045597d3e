import type { CommentResponse } from '@bantu/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '@/db/types';

type Executor = Kysely<Database>;

export function insertComment(
  db: Executor,
  c: { ticketId: string; userId: string; comment: string; isInternal: boolean; at: Date },
) {
  return db
    .insertInto('ticket_comments')
    .values({
      ticket_id: c.ticketId,
      user_id: c.userId,
      comment: c.comment,
      is_internal: c.isInternal,
      created_at: c.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** The conversation in order; internal notes only for those who may read them. */
export async function listComments(
  db: Executor,
  ticketId: string,
  options: { includeInternal: boolean; id?: string },
): Promise<CommentResponse[]> {
  const rows = await db
    .selectFrom('ticket_comments as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select([
      'c.id',
      'c.ticket_id',
      'c.comment',
      'c.is_internal',
      'c.created_at',
      'u.id as author_id',
      'u.name as author_name',
      'u.role as author_role',
    ])
    .where('c.ticket_id', '=', ticketId)
    .$if(!options.includeInternal, (qb) => qb.where('c.is_internal', '=', false))
    .$if(options.id !== undefined, (qb) => qb.where('c.id', '=', options.id!))
    .orderBy('c.created_at')
    .orderBy('c.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    ticketId: r.ticket_id,
    author: { id: r.author_id, name: r.author_name, role: r.author_role },
    comment: r.comment,
    isInternal: r.is_internal,
    createdAt: r.created_at.toISOString(),
  }));
}

const MENTION = /@\[[^\]\n]{1,120}\]\(([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\)/gi;

/** Mentions are written `@[Name](user-id)` by the editor; returns the distinct ids. */
export function extractMentions(markdown: string): string[] {
  return [...new Set([...markdown.matchAll(MENTION)].map((m) => m[1]!.toLowerCase()))];
}

export async function activeStaffAmong(db: Executor, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('id', 'in', ids)
    .where('status', '=', true)
    .where('role', 'in', ['it_staff', 'manager', 'admin'])
    .execute();
  return rows.map((r) => r.id);
}
