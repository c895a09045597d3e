import type { PriorityResponse } from '@bantu/contracts';
import { sql, type Kysely, type Insertable, type Updateable } from 'kysely';
import type { Database, PrioritiesTable, PriorityRow } from '@/db/types';

type Executor = Kysely<Database>;

export function listPriorities(db: Executor, includeInactive: boolean) {
  return db
    .selectFrom('priorities')
    .selectAll()
    .$if(!includeInactive, (qb) => qb.where('is_active', '=', true))
    .orderBy('level')
    .execute();
}

export function insertPriority(db: Executor, values: Insertable<PrioritiesTable>) {
  return db.insertInto('priorities').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updatePriority(db: Executor, id: string, changes: Updateable<PrioritiesTable>) {
  return db
    .updateTable('priorities')
    .set({ ...changes, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export function clearDefaultPriority(db: Executor) {
  return db.updateTable('priorities').set({ is_default: false }).where('is_default', '=', true).execute();
}

export async function priorityInUse(db: Executor, id: string): Promise<boolean> {
  const row = await db.selectFrom('tickets').select('id').where('priority_id', '=', id).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Deletes the priority and its SLA rules (they mean nothing without it). */
export async function deletePriority(db: Executor, id: string) {
  await db.deleteFrom('sla_rules').where('priority_id', '=', id).execute();
  return db.deleteFrom('priorities').where('id', '=', id).executeTakeFirst();
}

export function toPriorityResponse(row: PriorityRow): PriorityResponse {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    level: row.level,
    color: row.color,
    isActive: row.is_active,
    isDefault: row.is_default,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
