import type { SlaRuleResponse } from '@bantu/contracts';
import { sql, type Kysely, type Insertable, type Updateable } from 'kysely';
import type { Database, SlaRuleRow, SlaRulesTable } from '@/db/types';

type Executor = Kysely<Database>;

export function listSlaRules(db: Executor) {
  return db
    .selectFrom('sla_rules')
    .innerJoin('priorities', 'priorities.id', 'sla_rules.priority_id')
    .selectAll('sla_rules')
    .orderBy('priorities.level')
    .orderBy('sla_rules.is_active', 'desc')
    .orderBy('sla_rules.created_at', 'desc')
    .execute();
}

export function insertSlaRule(db: Executor, values: Insertable<SlaRulesTable>) {
  return db.insertInto('sla_rules').values(values).returningAll().executeTakeFirstOrThrow();
}

export function findSlaRule(db: Executor, id: string) {
  return db.selectFrom('sla_rules').selectAll().where('id', '=', id).executeTakeFirst();
}

export function updateSlaRule(db: Executor, id: string, changes: Updateable<SlaRulesTable>) {
  return db
    .updateTable('sla_rules')
    .set({ ...changes, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export function deleteSlaRule(db: Executor, id: string) {
  return db.deleteFrom('sla_rules').where('id', '=', id).executeTakeFirst();
}

export function toSlaRuleResponse(row: SlaRuleRow): SlaRuleResponse {
  return {
    id: row.id,
    priorityId: row.priority_id,
    durationHours: row.duration_hours,
    firstResponseHours: row.first_response_hours,
    businessHours: row.business_hours,
    description: row.description,
    isActive: row.is_active,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
