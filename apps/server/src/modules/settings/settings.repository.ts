import { sql, type Kysely } from 'kysely';
import type { Database } from '@/db/types';

type Executor = Kysely<Database>;

export async function readSettings(db: Executor): Promise<Record<string, unknown>> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).execute();
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

export async function writeSettings(db: Executor, values: Record<string, unknown>, actorId: string | null) {
  for (const [key, value] of Object.entries(values)) {
    await db
      .insertInto('settings')
      .values({ key, value: JSON.stringify(value), updated_by: actorId })
      .onConflict((oc) =>
        oc
          .column('key')
          .doUpdateSet({ value: JSON.stringify(value), updated_by: actorId, updated_at: sql<Date>`now()` }),
      )
      .execute();
  }
}
