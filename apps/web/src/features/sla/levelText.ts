import type { EscalationLevelResponse } from '@bantu/contracts';
import type { TFunction } from 'i18next';
import { formatBusinessMinutes } from './businessTime';

/** When a level fires, in words: "80 % dipakai (pengaturan berisiko)", "2 j setelah tenggat". */
export function levelWhen(
  t: TFunction,
  level: Pick<EscalationLevelResponse, 'trigger' | 'percent' | 'offsetMinutes'>,
  locale: string,
): string {
  switch (level.trigger) {
    case 'at_risk':
      return t('sla.levels.when.at_risk');
    case 'percent':
      return level.percent === 100
        ? t('sla.levels.when.deadline')
        : t('sla.levels.when.percent', { percent: level.percent ?? '—' });
    case 'after_deadline':
      return t('sla.levels.when.after_deadline', { time: formatBusinessMinutes(level.offsetMinutes ?? 0, locale) });
  }
}
