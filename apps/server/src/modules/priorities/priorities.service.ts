import type { PriorityCreateRequest, PriorityUpdateRequest } from '@bantu/contracts';
import type { DB } from '@/db/database';
import { AppError, duplicate, isForeignKeyViolation, notFound, uniqueViolation } from '@/lib/errors';
import * as repo from './priorities.repository';

const inUse = () =>
  new AppError('IN_USE', 409, 'This priority is used by tickets and cannot be deleted; deactivate it instead');

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
        const row = await repo.insertPriority(db, {
          name: input.name,
          description: input.description ?? null,
          level: input.level,
          color: input.color.toLowerCase(),
          is_active: input.isActive ?? true,
        });
        return repo.toPriorityResponse(row);
      } catch (error) {
        return mapDuplicate(error);
      }
    },

    async update(id: string, changes: PriorityUpdateRequest) {
      let row;
      try {
        row = await repo.updatePriority(db, id, {
          name: changes.name,
          description: changes.description,
          level: changes.level,
          color: changes.color?.toLowerCase(),
          is_active: changes.isActive,
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
