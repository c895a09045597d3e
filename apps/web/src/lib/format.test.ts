import { describe, expect, it } from 'vitest';
import { cachedFormatter, formatDateTime } from './format';

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

describe('cachedFormatter', () => {
  it('makes one formatter per language and variant, and keeps them apart', () => {
    const made: string[] = [];
    const format = cachedFormatter((locale, zone) => {
      made.push(`${locale} ${zone}`);
      return new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: zone });
    });
    const at = new Date('2026-12-06T23:17:00.000Z');
    for (let i = 0; i < 50; i++) format('en', 'UTC').format(at);
    expect(format('en', 'Asia/Jakarta').format(at)).toMatch(/06:17/);
    expect(format('en', 'UTC').format(at)).toMatch(/23:17/);
    expect(format('id', 'UTC')).not.toBe(format('en', 'UTC'));
    expect(made).toEqual(['en-GB UTC', 'en-GB Asia/Jakarta', 'id-ID UTC']);
  });
});
