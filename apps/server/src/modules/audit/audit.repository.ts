import { sql, type Kysely } from 'kysely';
import type { Database } from '@/db/types';

type Executor = Kysely<Database>;

export interface AuditFilter {
  action?: string;
  actorId?: string;
  targetType?: string;
  targetId?: string;
  from?: string;
  to?: string;
}

export interface NewAuditEvent {
  action: string;
  actorId: string | null;
  actorEmail: string | null;
  ip: string | null;
  userAgent: string | null;
  targetType: string | null;
  targetId: string | null;
  before: unknown;
  after: unknown;
}

export function insertAuditEvent(db: Executor, e: NewAuditEvent) {
  return db
    .insertInto('audit_events')
    .values({
      action: e.action,
      actor_id: e.actorId,
      // The e-mail of an actor that has an id is read from users when listed.
      actor_email: e.actorEmail?.slice(0, 254) ?? null,
      ip: e.ip?.slice(0, 100) ?? null,
      user_agent: e.userAgent?.slice(0, 500) ?? null,
      target_type: e.targetType,
      target_id: e.targetId,
      before: e.before === undefined || e.before === null ? null : JSON.stringify(e.before),
      after: e.after === undefined || e.after === null ? null : JSON.stringify(e.after),
    })
    .execute();
}

/** Newest first, keyset-paginated on id (ids grow with time). */
export function listAuditEvents(db: Executor, filter: AuditFilter, page: { beforeId?: string; limit: number }) {
  return db
    .selectFrom('audit_events as a')
    .leftJoin('users as u', 'u.id', 'a.actor_id')
    .select([
      sql<string>`a.id::text`.as('id'),
      'a.occurred_at',
      'a.action',
      'a.actor_id',
      sql<string | null>`coalesce(u.email, a.actor_email)`.as('actor_email'),
      'u.name as actor_name',
      'a.ip',
      'a.user_agent',
      'a.target_type',
      'a.target_id',
      'a.before',
      'a.after',
    ])
    .$if(filter.action !== undefined, (qb) => qb.where('a.action', '=', filter.action!))
    .$if(filter.actorId !== undefined, (qb) => qb.where('a.actor_id', '=', filter.actorId!))
    .$if(filter.targetType !== undefined, (qb) => qb.where('a.target_type', '=', filter.targetType!))
    .$if(filter.targetId !== undefined, (qb) => qb.where('a.target_id', '=', filter.targetId!))
    .$if(filter.from !== undefined, (qb) => qb.where('a.occurred_at', '>=', new Date(filter.from!)))
    .$if(filter.to !== undefined, (qb) => qb.where('a.occurred_at', '<', new Date(filter.to!)))
    .$if(page.beforeId !== undefined, (qb) => qb.where(sql<boolean>`a.id < ${page.beforeId!}::bigint`))
    .orderBy('a.id', 'desc')
    .limit(page.limit)
    .execute();
}
export type AuditRow = Awaited<ReturnType<typeof listAuditEvents>>[number];
