import { DEFAULT_SETTINGS, SettingsResponse, type SettingsUpdateRequest } from '@bantu/contracts';
import type { DB } from '@/db/database';
import { changedFields, recordAudit } from '@/modules/audit/audit.service';
import * as repo from './settings.repository';

/**
 * Settings are key/value rows over the defaults in contracts; a stored value that no longer
 * fits the schema (an older release wrote it) falls back to the default instead of failing.
 */
export function settingsService(db: DB, options: { cached?: () => Promise<SettingsResponse> } = {}) {
  async function read(): Promise<SettingsResponse> {
    const stored = await repo.readSettings(db);
    const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
    for (const [key, value] of Object.entries(stored)) {
      const field = SettingsResponse.shape[key as keyof SettingsResponse] as
        { safeParse(v: unknown): { success: boolean } } | undefined;
      if (field?.safeParse(value).success) merged[key] = value;
    }
    return SettingsResponse.parse(merged);
  }
  /**
   * The process's cached copy when given (the composition root: the reference cache, dropped at
   * commit of any settings change in any process), else a read through `db`.
   */
  const get = options.cached ?? read;

  return {
    get,
    async update(changes: SettingsUpdateRequest, actorId: string) {
      const values = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
      const before = await read();
      await db.transaction().execute(async (trx) => {
        await repo.writeSettings(trx, values, actorId);
        const diff = changedFields(before as Record<string, unknown>, values);
        if (diff) await recordAudit(trx, { action: 'settings.updated', actorId, targetType: 'settings', ...diff });
      });
      return get();
    },
  };
}
export type SettingsService = ReturnType<typeof settingsService>;
