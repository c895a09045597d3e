import { describe, expect, it } from 'vitest';
import { dateTimeFormat, formatDateTime, numberFormat } from './format';

describe('formatDateTime', () => {
  it('writes the moment in the time zone it is given', () => {
    // 23:17 UTC on 6 December is 06:17 on 7 December in Jakarta (UTC+7).
    const at = '2026-12-06T23:17:00.000Z';
    expect(formatDateTime(at, 'id', 'Asia/Jakarta')).toMatch(/7 Des 2026.*06\.17/);
    expect(formatDateTime(at, 'en', 'Asia/Jakarta')).toMatch(/7 Dec 2026.*06:17/);
    expect(formatDateTime(at, 'en', 'UTC')).toMatch(/6 Dec 2026.*23:17/);
  });

  it('keeps text that is not a moment, and null', () => {
    expect(formatDateTime('soon', 'id')).toBe('soon');
    expect(formatDateTime(null, 'id')).toBeNull();
  });
});

describe('dateTimeFormat and numberFormat', () => {
  it('make one formatter per language and options, and keep them apart', () => {
    const at = new Date('2026-12-06T23:17:00.000Z');
    const utc = dateTimeFormat('en', { timeStyle: 'short', timeZone: 'UTC' });
    for (let i = 0; i < 50; i++) expect(dateTimeFormat('en', { timeStyle: 'short', timeZone: 'UTC' })).toBe(utc);
    expect(dateTimeFormat('en', { timeStyle: 'short', timeZone: 'Asia/Jakarta' }).format(at)).toMatch(/06:17/);
    expect(utc.format(at)).toMatch(/23:17/);
    expect(dateTimeFormat('id', { timeStyle: 'short', timeZone: 'UTC' })).not.toBe(utc);
    expect(dateTimeFormat('id', { timeStyle: 'short', timeZone: 'UTC' }).resolvedOptions().locale).toBe('id-ID');
    // The kind is part of the key: equal options of another kind are another formatter.
    expect(numberFormat('en', {})).not.toBe(dateTimeFormat('en', {}));
    expect(numberFormat('id', { maximumFractionDigits: 1 }).format(1.25)).toBe('1,3');
  });
});
