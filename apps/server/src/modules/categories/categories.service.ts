import type { CategoryCreateRequest, CategoryUpdateRequest } from '@bantu/contracts';
import type { DB } from '@/db/database';
import { AppError, duplicate, isForeignKeyViolation, notFound, uniqueViolation } from '@/lib/errors';
import * as repo from './categories.repository';

const duplicateName = () => duplicate('name', 'A category with this name already exists');
const inUse = () =>
  new AppError('IN_USE', 'This category is used by tickets and cannot be deleted; deactivate it instead');

export function categoriesService(db: DB) {
  const withDuplicateCheck = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (uniqueViolation(error) !== null) throw duplicateName();
      throw error;
    }
  };

  return {
    async list(includeInactive: boolean) {
      return (await repo.listCategories(db, includeInactive)).map(repo.toCategoryResponse);
    },

    create(input: CategoryCreateRequest) {
      return withDuplicateCheck(async () =>
        repo.toCategoryResponse(
          await repo.insertCategory(db, {
            name: input.name,
            description: input.description ?? null,
            is_active: input.isActive ?? true,
          }),
        ),
      );
    },

    update(id: string, changes: CategoryUpdateRequest) {
      return withDuplicateCheck(async () => {
        const row = await repo.updateCategory(db, id, {
          name: changes.name,
          description: changes.description,
          is_active: changes.isActive,
        });
        if (!row) throw notFound('Category');
        return repo.toCategoryResponse(row);
      });
    },

    /** Only a category no ticket uses can be deleted; the foreign key is the final word. */
    async remove(id: string) {
      if (await repo.categoryInUse(db, id)) throw inUse();
      try {
        const result = await repo.deleteCategory(db, id);
        if (result.numDeletedRows === 0n) throw notFound('Category');
      } catch (error) {
        if (isForeignKeyViolation(error)) throw inUse();
        throw error;
      }
    },
  };
}
