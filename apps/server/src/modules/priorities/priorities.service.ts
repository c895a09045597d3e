import type { PriorityCreateRequest, PriorityUpdateRequest } from '@bantu/contracts';
import type { DB } from '@/db/database';
import { AppError, duplicate, isForeignKeyViolation, notFound, uniqueViolation } from '@/lib/errors';
import * as repo from './priorities.repository';

const inUse = () =>
  new AppError('IN_USE', 'This priority is used by tickets and cannot be deleted; deactivate it instead');

function mapDuplicate(error: unknown): never {
  const constraint = uniqueViolation(error);
  if (constraint === 'priorities_level_key') throw duplicate('level', 'Another priority already has this level');
  if (constraint !== null) throw duplicate('name', 'A priority with this name already exists');
  throw error;
}

export function prioritiesService(db: DB) {
  return {
    async list(includeInactive: boolean) {
      return (await repo.listPriorities(db, includeInactive)).map(repo.toPriorityResponse);
    },

    async create(input: PriorityCreateRequest) {
      try {
        return await db.transaction().execute(async (trx) => {
          if (input.isDefault) await repo.clearDefaultPriority(trx);
          const row = await repo.insertPriority(trx, {
            name: input.name,
            description: input.description ?? null,
            level: input.level,
            color: input.color.toLowerCase(),
            is_active: input.isActive ?? true,
            is_default: input.isDefault ?? false,
          });
          return repo.toPriorityResponse(row);
        });
      } catch (error) {
        return mapDuplicate(error);
      }
    },

    async update(id: string, changes: PriorityUpdateRequest) {
      let row;
      try {
        row = await db.transaction().execute(async (trx) => {
          if (changes.isDefault) await repo.clearDefaultPriority(trx);
          const updated = await repo.updatePriority(trx, id, {
            name: changes.name,
            description: changes.description,
            level: changes.level,
            color: changes.color?.toLowerCase(),
            is_active: changes.isActive,
            is_default: changes.isDefault,
          });
          // A new level re-sorts the tickets of this priority in the queue.
          if (updated && changes.level !== undefined) {
            await trx
              .updateTable('tickets')
              .set({ priority_level: changes.level })
              .where('priority_id', '=', id)
              .execute();
          }
          return updated;
        });
      } catch (error) {
        return mapDuplicate(error);
      }
      if (!row) throw notFound('Priority');
      return repo.toPriorityResponse(row);
    },

    async remove(id: string) {
      try {
        await db.transaction().execute(async (trx) => {
          if (await repo.priorityInUse(trx, id)) throw inUse();
          const result = await repo.deletePriority(trx, id);
          if (result.numDeletedRows === 0n) throw notFound('Priority');
        });
      } catch (error) {
        if (isForeignKeyViolation(error)) throw inUse();
        throw error;
      }
    },
  };
}
