import { can, type Role } from '@bantu/contracts';
import { sql, type Expression, type SelectQueryBuilder, type SqlBool } from 'kysely';

/** Who is looking: requesters see only their own tickets and never internal notes. */
export interface Viewer {
  id: string;
  seesAll: boolean;
}

/** Staff-side roles (IT staff, managers, admins) see every ticket and its internal notes. */
export const viewerOf = (user: { id: string; role: Role }): Viewer => ({
  id: user.id,
  seesAll: can(user.role, 'ticket:view_all'),
});

/**
 * "Tickets this viewer may see" as a condition on the tickets table under `alias`; null when the
 * viewer sees every ticket. For lists that collect their conditions in an array.
 */
export function visibleCondition(viewer: Viewer, alias = 't'): Expression<SqlBool> | null {
  return viewer.seesAll ? null : sql<SqlBool>`${sql.ref(`${alias}.user_id`)} = ${viewer.id}`;
}

/**
 * The same as a reusable fragment: `.$call(withVisibleTo(viewer))` on every query that lists or
 * opens tickets, so a hidden ticket is simply not found (Immich's `withHiddenContentFilter`).
 */
export function withVisibleTo(viewer: Viewer, alias = 't') {
  return <DB, TB extends keyof DB, O>(qb: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O> => {
    const condition = visibleCondition(viewer, alias);
    return condition ? qb.where(condition) : qb;
  };
}

/** Comments (and what hangs on them) this viewer may read: internal notes are staff-only. */
export function visibleCommentCondition(viewer: Viewer, alias = 'tc'): Expression<SqlBool> | null {
  return viewer.seesAll ? null : sql<SqlBool>`${sql.ref(`${alias}.is_internal`)} = false`;
}
