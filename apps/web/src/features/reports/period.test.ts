import { describe, expect, it } from 'vitest';
import { granularityFor, presetRange, rangeDays, rangeFromParams, todayIn } from './period';

describe('dashboard periods', () => {
  it('takes today in the organisation time zone, not in UTC', () => {
    // 18:30 UTC on 2 December is already 3 December in Jakarta (UTC+7).
    const now = new Date('2026-12-02T18:30:00Z');
    expect(todayIn('Asia/Jakarta', now)).toBe('2026-12-03');
    expect(todayIn('UTC', now)).toBe('2026-12-02');
  });

  it('turns each preset into inclusive calendar days', () => {
    const thursday = '2026-12-03';
    expect(presetRange('today', thursday)).toEqual({ from: thursday, to: thursday });
    expect(presetRange('thisWeek', thursday)).toEqual({ from: '2026-11-30', to: thursday });
    expect(presetRange('thisWeek', '2026-12-06')).toEqual({ from: '2026-11-30', to: '2026-12-06' }); // Sunday
    expect(presetRange('thisMonth', thursday)).toEqual({ from: '2026-12-01', to: thursday });
    expect(presetRange('last30Days', thursday)).toEqual({ from: '2026-11-04', to: thursday });
    expect(rangeDays(presetRange('last30Days', thursday))).toBe(30);
    expect(presetRange('thisQuarter', thursday)).toEqual({ from: '2026-10-01', to: thursday });
    expect(presetRange('thisQuarter', '2027-02-28')).toEqual({ from: '2027-01-01', to: '2027-02-28' });
  });

  it('picks trend buckets by the length of the range', () => {
    expect(granularityFor({ from: '2026-12-01', to: '2026-12-31' })).toBe('day');
    expect(granularityFor({ from: '2026-07-01', to: '2026-12-31' })).toBe('week');
    expect(granularityFor({ from: '2026-01-01', to: '2026-12-31' })).toBe('month');
  });

  it('reads the range from the URL and ignores nonsense', () => {
    const today = '2026-12-03';
    expect(rangeFromParams(new URLSearchParams('from=2026-11-01&to=2026-11-15'), today)).toEqual({
      preset: 'custom',
      range: { from: '2026-11-01', to: '2026-11-15' },
    });
    expect(rangeFromParams(new URLSearchParams('range=today'), today).range).toEqual({ from: today, to: today });
    for (const qs of ['from=2026-11-15&to=2026-11-01', 'from=2026-02-30&to=2026-03-01', 'range=everything', '']) {
      expect(rangeFromParams(new URLSearchParams(qs), today)).toEqual({
        preset: 'thisMonth',
        range: { from: '2026-12-01', to: today },
      });
    }
  });
});
