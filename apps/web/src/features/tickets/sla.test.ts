import { describe, expect, it } from 'vitest';
import { formatDuration, roundDuration, slaCountdown } from './sla';

const NOW = Date.parse('2026-11-25T10:00:00Z');
const at = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString();

describe('SLA countdown', () => {
  it('counts minutes, then hours, then days', () => {
    expect(roundDuration(20 * 60_000)).toEqual({ amount: 20, unit: 'minute' });
    expect(roundDuration(10_000)).toEqual({ amount: 1, unit: 'minute' });
    expect(roundDuration(125 * 60_000)).toEqual({ amount: 2, unit: 'hour' });
    expect(roundDuration(-3 * 3_600_000)).toEqual({ amount: 3, unit: 'hour' });
    expect(roundDuration(3 * 86_400_000)).toEqual({ amount: 3, unit: 'day' });
  });

  it('says how long is left, or how long ago the deadline passed', () => {
    expect(slaCountdown(at(120), 'IN_PROGRESS', NOW)).toEqual({ overdue: false, amount: 2, unit: 'hour' });
    expect(slaCountdown(at(-180), 'OPEN', NOW)).toEqual({ overdue: true, amount: 3, unit: 'hour' });
  });

  it('has no countdown without a running clock', () => {
    expect(slaCountdown(null, 'OPEN', NOW)).toBeNull();
    expect(slaCountdown(at(60), 'ON_HOLD', NOW)).toBeNull();
    expect(slaCountdown(at(60), 'RESOLVED', NOW)).toBeNull();
    expect(slaCountdown(at(60), 'CLOSED', NOW)).toBeNull();
  });

  it('words durations in the interface language', () => {
    expect(formatDuration(2, 'hour', 'id')).toBe('2 jam');
    expect(formatDuration(3, 'hour', 'en')).toBe('3 hours');
    expect(formatDuration(1, 'day', 'en')).toBe('1 day');
  });
});
