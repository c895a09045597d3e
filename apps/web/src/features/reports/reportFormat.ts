import type { DurationUnit } from '@bantu/contracts';
import { formatNumber } from '@/lib/format';

/** Whether a rise of a figure is good news, bad news, or neither (created tickets). */
export type Direction = 'up' | 'down' | 'neutral';

export interface Change {
  /** current - previous, in the figure's own unit (percentage points for percentages). */
  delta: number;
  /** The relative change in percent; null when the previous value was 0 or missing. */
  relative: number | null;
  tone: 'good' | 'bad' | 'neutral';
}

/** The change against the previous period; null when either value is missing. */
export function changeOf(current: number | null, previous: number | null, better: Direction): Change | null {
  if (current === null || previous === null) return null;
  const delta = current - previous;
  const relative = previous === 0 ? null : (delta / Math.abs(previous)) * 100;
  const tone = delta === 0 || better === 'neutral' ? 'neutral' : delta > 0 === (better === 'up') ? 'good' : 'bad';
  return { delta, relative, tone };
}

/** Minutes as hours with one decimal below 100 hours ("2,5"), whole hours above. */
export function minutesToHours(minutes: number, locale: string): string {
  const hours = minutes / 60;
  return formatNumber(hours, locale, hours < 100 ? 1 : 0);
}

/** The i18n key of a duration's unit: business hours, hours, or a mix of both. */
export function durationUnitKey(unit: DurationUnit) {
  switch (unit) {
    case 'business_minutes':
      return 'reports.units.businessHours' as const;
    case 'minutes':
      return 'reports.units.hours' as const;
    case 'mixed':
      return 'reports.units.mixedHours' as const;
  }
}

/** The same units for durations under an hour, shown in minutes. */
export function durationMinuteUnitKey(unit: DurationUnit) {
  switch (unit) {
    case 'business_minutes':
      return 'reports.units.businessMinutes' as const;
    case 'minutes':
      return 'reports.units.minutes' as const;
    case 'mixed':
      return 'reports.units.mixedMinutes' as const;
  }
}

export function signed(value: number, locale: string, digits = 1): string {
  const text = formatNumber(Math.abs(value), locale, digits);
  return value > 0 ? `+${text}` : value < 0 ? `−${text}` : text;
}
