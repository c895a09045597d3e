import type { SlaRuleCreateRequest, SlaRuleUpdateRequest } from '@bantu/contracts';
import type { DB } from '@/db/database';
import { AppError, duplicate, fieldError, isForeignKeyViolation, notFound, uniqueViolation } from '@/lib/errors';
import { changedFields, recordAudit } from '@/modules/audit/audit.service';
import * as repo from './sla-rules.repository';

function mapConstraintErrors(error: unknown): never {
  if (uniqueViolation(error) !== null) {
    throw duplicate('priorityId', 'This priority already has an active SLA rule; deactivate that one first');
  }
  if (isForeignKeyViolation(error)) throw fieldError('priorityId', 'No such priority');
  throw error;
}

export function slaRulesService(db: DB) {
  return {
    async list() {
      return (await repo.listSlaRules(db)).map(repo.toSlaRuleResponse);
    },

    async create(input: SlaRuleCreateRequest, actorId: string | null = null) {
      try {
        return await db.transaction().execute(async (trx) => {
          const row = await repo.insertSlaRule(trx, {
            priority_id: input.priorityId,
            duration_hours: input.durationHours,
            first_response_hours: input.firstResponseHours ?? null,
            business_hours: input.businessHours ?? true,
            description: input.description ?? null,
            is_active: input.isActive ?? true,
          });
          const after = repo.toSlaRuleResponse(row);
          await recordAudit(trx, {
            action: 'sla_rule.created',
            actorId,
            targetType: 'sla_rule',
            targetId: row.id,
            after,
          });
          return after;
        });
      } catch (error) {
        return mapConstraintErrors(error);
      }
    },

    async update(id: string, changes: SlaRuleUpdateRequest, actorId: string | null = null) {
      return db
        .transaction()
        .execute(async (trx) => {
          const current = await repo.findSlaRule(trx, id);
          if (!current) throw notFound('SLA rule');
          const durationHours = changes.durationHours ?? current.duration_hours;
          const firstResponseHours =
            changes.firstResponseHours === undefined ? current.first_response_hours : changes.firstResponseHours;
          if (firstResponseHours !== null && firstResponseHours > durationHours) {
            throw new AppError(
              'VALIDATION_FAILED',
              'The first-response target cannot be longer than the resolution target',
              {
                errors: [{ field: 'body.firstResponseHours', message: 'Longer than the resolution target' }],
              },
            );
          }
          const row = await repo.updateSlaRule(trx, id, {
            priority_id: changes.priorityId,
            duration_hours: changes.durationHours,
            first_response_hours: changes.firstResponseHours,
            business_hours: changes.businessHours,
            description: changes.description,
            is_active: changes.isActive,
          });
          if (!row) throw notFound('SLA rule');
          const before = repo.toSlaRuleResponse(current);
          const after = repo.toSlaRuleResponse(row);
          const diff = changedFields(before as Record<string, unknown>, after);
          if (diff)
            await recordAudit(trx, {
              action: 'sla_rule.updated',
              actorId,
              targetType: 'sla_rule',
              targetId: id,
              ...diff,
            });
          return after;
        })
        .catch(mapConstraintErrors);
    },

    async remove(id: string, actorId: string | null = null) {
      await db.transaction().execute(async (trx) => {
        const current = await repo.findSlaRule(trx, id);
        const result = await repo.deleteSlaRule(trx, id);
        if (!current || result.numDeletedRows === 0n) throw notFound('SLA rule');
        await recordAudit(trx, {
          action: 'sla_rule.deleted',
          actorId,
          targetType: 'sla_rule',
          targetId: id,
          before: repo.toSlaRuleResponse(current),
        });
      });
    },
  };
}
