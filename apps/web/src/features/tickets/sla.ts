import type { SlaState, TicketStatus } from '@bantu/contracts';
import { numberFormat } from '@/lib/format';

export type DurationUnit = 'minute' | 'hour' | 'day';

export interface SlaCountdown {
  /** The deadline has passed. */
  overdue: boolean;
  amount: number;
  unit: DurationUnit;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Rounds a span of time to the unit a person would use: minutes, then hours, then days. */
export function roundDuration(ms: number): { amount: number; unit: DurationUnit } {
  const span = Math.abs(ms);
  if (span < HOUR) return { amount: Math.max(1, Math.round(span / MINUTE)), unit: 'minute' };
  if (span < 2 * DAY) return { amount: Math.round(span / HOUR), unit: 'hour' };
  return { amount: Math.round(span / DAY), unit: 'day' };
}

/** Time left until (or past) the SLA deadline; null without a running clock. */
export function slaCountdown(deadline: string | null, status: TicketStatus, now: number): SlaCountdown | null {
  if (!deadline || status === 'RESOLVED' || status === 'CLOSED' || status === 'ON_HOLD') return null;
  const due = Date.parse(deadline);
  if (Number.isNaN(due)) return null;
  return { overdue: due <= now, ...roundDuration(due - now) };
}

/** "2 jam", "3 hours". */
export function formatDuration(amount: number, unit: DurationUnit, locale: string): string {
  // Per row and per tick of every countdown: the formatter is cached (lib/format.ts).
  return numberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(amount);
}

export const SLA_COLORS: Record<SlaState, string> = {
  on_track: 'teal',
  at_risk: 'orange',
  breached: 'red',
  met: 'teal',
  missed: 'red',
  none: 'gray',
};
