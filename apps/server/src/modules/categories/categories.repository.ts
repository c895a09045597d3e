import type { CategoryResponse } from '@bantu/contracts';
import { sql, type Kysely, type Insertable, type Updateable } from 'kysely';
import type { CategoriesTable, CategoryRow, Database } from '@/db/types';

type Executor = Kysely<Database>;

export function listCategories(db: Executor, includeInactive: boolean) {
  return db
    .selectFrom('categories')
    .selectAll()
    .$if(!includeInactive, (qb) => qb.where('is_active', '=', true))
    .orderBy('name')
    .execute();
}

export function findCategory(db: Executor, id: string) {
  return db.selectFrom('categories').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertCategory(db: Executor, values: Insertable<CategoriesTable>) {
  return db.insertInto('categories').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updateCategory(db: Executor, id: string, changes: Updateable<CategoriesTable>) {
  return db
    .updateTable('categories')
    .set({ ...changes, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export function deleteCategory(db: Executor, id: string) {
  return db.deleteFrom('categories').where('id', '=', id).executeTakeFirst();
}

export async function categoryInUse(db: Executor, id: string): Promise<boolean> {
  const row = await db.selectFrom('tickets').select('id').where('category_id', '=', id).limit(1).executeTakeFirst();
  return row !== undefined;
}

export function toCategoryResponse(row: CategoryRow): CategoryResponse {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    isActive: row.is_active,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
