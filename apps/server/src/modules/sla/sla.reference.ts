import type { SettingsResponse } from '@bantu/contracts';
import type { DB } from '@/db/database';
import { cachedValue, type CachedValue } from '@/infra/changes/cached-value';
import type { ChangeFeed } from '@/infra/changes/change-feed';
import { settingsService } from '@/modules/settings/settings.service';
import { loadCalendar, type RuleTargets, type SlaContext } from './sla.engine';
import * as repo from './sla.repository';

/**
 * What a ticket write reads besides the ticket itself: the settings, the SLA context (calendar,
 * holidays, active levels, at-risk percent), the active rules, categories and priorities. Kept
 * per process and dropped when any of these tables changes (migration 20261205010000's
 * statement triggers); one barrier per call serves all of it.
 */
export interface ReferenceData {
  settings: SettingsResponse;
  sla: SlaContext;
  /** The active rule of a priority, with the priority's name. */
  rules: ReadonlyMap<string, NonNullable<RuleTargets>>;
  categories: ReadonlyMap<string, { id: string; name: string; is_active: boolean }>;
  priorities: ReadonlyMap<string, { id: string; name: string; level: number; is_active: boolean }>;
  /** The active default priority (a new ticket without one gets it). */
  defaultPriority: { id: string; name: string; level: number; is_active: boolean } | undefined;
}

export const REFERENCE_TABLES = [
  'settings',
  'sla_calendar',
  'sla_holidays',
  'sla_escalation_levels',
  'sla_rules',
  'categories',
  'priorities',
] as const;

/** Reads every reference table (through `db`, in parallel when it is a pool). */
export async function loadReferenceData(db: DB): Promise<ReferenceData> {
  const [settings, calendar, levels, rules, categories, priorities] = await Promise.all([
    settingsService(db).get(),
    loadCalendar(db),
    repo.listLevels(db, true),
    repo.listActiveRules(db),
    db.selectFrom('categories').select(['id', 'name', 'is_active']).execute(),
    db.selectFrom('priorities').select(['id', 'name', 'level', 'is_active', 'is_default']).execute(),
  ]);
  const byPriority = new Map<string, NonNullable<RuleTargets>>();
  for (const { priority_id, ...rule } of rules) if (!byPriority.has(priority_id)) byPriority.set(priority_id, rule);
  const defaultRow = priorities.find((p) => p.is_active && p.is_default);
  const strip = ({ id, name, level, is_active }: (typeof priorities)[number]) => ({ id, name, level, is_active });
  return Object.freeze({
    settings: Object.freeze(settings),
    sla: Object.freeze({
      calendar,
      levels,
      atRiskPercent: settings.slaAtRiskPercent,
      pauseOnHold: settings.slaPauseOnHold,
    }),
    rules: byPriority,
    categories: new Map(categories.map((c) => [c.id, c])),
    priorities: new Map(priorities.map((p) => [p.id, strip(p)])),
    defaultPriority: defaultRow && strip(defaultRow),
  });
}

export type ReferenceCache = CachedValue<ReferenceData>;

/**
 * The process's reference cache. Reads go through the pool `db`: a caller inside a
 * transaction that itself changes one of these tables must read through that transaction
 * instead (loadSlaContext(trx), settingsService(trx)), or it would not see its own write.
 */
export function referenceCache(db: DB, feed: ChangeFeed): ReferenceCache {
  return cachedValue(feed, REFERENCE_TABLES, () => loadReferenceData(db));
}
