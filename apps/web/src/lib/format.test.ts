import { describe, expect, it } from 'vitest';
import { formatDateTime } from './format';

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
