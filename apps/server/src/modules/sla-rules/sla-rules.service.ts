import type { SlaRuleCreateRequest, SlaRuleUpdateRequest } from '@bantu/contracts';
import type { DB } from '@/db/database';
import { AppError, duplicate, fieldError, isForeignKeyViolation, notFound, uniqueViolation } from '@/lib/errors';
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

    async create(input: SlaRuleCreateRequest) {
      try {
        const row = await repo.insertSlaRule(db, {
          priority_id: input.priorityId,
          duration_hours: input.durationHours,
          first_response_hours: input.firstResponseHours ?? null,
          business_hours: input.businessHours ?? true,
          description: input.description ?? null,
          is_active: input.isActive ?? true,
        });
        return repo.toSlaRuleResponse(row);
      } catch (error) {
        return mapConstraintErrors(error);
      }
    },

    async update(id: string, changes: SlaRuleUpdateRequest) {
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
              400,
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
          return repo.toSlaRuleResponse(row);
        })
        .catch(mapConstraintErrors);
    },

    async remove(id: string) {
      const result = await repo.deleteSlaRule(db, id);
      if (result.numDeletedRows === 0n) throw notFound('SLA rule');
    },
  };
}
