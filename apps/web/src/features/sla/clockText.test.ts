import type { SlaClockEvent } from '@bantu/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { i18n, loadLocale, loadMoreStrings } from '@/i18n';
import { clockSummary, describeClockEvent } from './clockText';

const en = i18n.getFixedT('en');
const id = i18n.getFixedT('id');

// Each language is its own chunks (fetched on demand): both, with the SLA pages' strings (not
// part of the first load), are needed here.
beforeAll(async () => {
  await loadMoreStrings();
  await Promise.all([loadLocale('en'), loadLocale('id')]);
});

describe('clockSummary', () => {
  const overdue = { usedMinutes: 200, pausedMinutes: 65, remainingMinutes: -20, clock: 'running' as const };

  it('explains an overdue ticket in business time, in both languages', () => {
    expect(clockSummary(en, overdue, { businessHours: true, locale: 'en', pausedOnHoldOnly: true })).toBe(
      '3 h 20 m of business time used, 1 h 05 m paused on hold, overdue by 20 m of business time',
    );
    expect(clockSummary(id, overdue, { businessHours: true, locale: 'id', pausedOnHoldOnly: true })).toBe(
      '3 j 20 m waktu kerja terpakai, 1 j 05 m dijeda saat ditunda, terlambat 20 m waktu kerja',
    );
  });

  it('says wall-clock for a 24x7 rule, leaves out a zero pause and tells what is left', () => {
    expect(
      clockSummary(
        en,
        { usedMinutes: 30, pausedMinutes: 0, remainingMinutes: 210, clock: 'running' },
        { businessHours: false, locale: 'en', pausedOnHoldOnly: true },
      ),
    ).toBe('30 m of wall-clock time used, 3 h 30 m of wall-clock time left');
    expect(
      clockSummary(
        en,
        { usedMinutes: 100, pausedMinutes: 10, remainingMinutes: 20, clock: 'met' },
        { businessHours: true, locale: 'en', pausedOnHoldOnly: false },
      ),
    ).toBe('1 h 40 m of business time used, 10 m paused, met with 20 m to spare');
  });
});

describe('describeClockEvent', () => {
  const base: SlaClockEvent = {
    id: '1',
    kind: 'started',
    metric: null,
    at: '2026-11-30T01:00:00.000Z',
    reason: 'created',
    priority: 'High',
    businessHours: true,
    resolutionTargetMinutes: 480,
    firstResponseTargetMinutes: null,
    deadline: '2026-11-30T09:00:00.000Z',
    usedMinutes: 0,
    level: null,
    recipients: null,
  };

  it('names the priority, target and mode of a start, and who a level notified', () => {
    expect(describeClockEvent(en, base, 'en')).toBe('Clock started: High, target 8 h (business time)');
    expect(describeClockEvent(en, base, 'en', true)).toBe('Clock started: High, target 8 h (24x7)');
    expect(
      describeClockEvent(
        en,
        { ...base, kind: 'escalated', level: { id: 'x', name: 'To managers' }, recipients: ['managers'] },
        'en',
      ),
    ).toBe('Escalated: To managers → managers');
    expect(describeClockEvent(en, { ...base, kind: 'paused', reason: 'on_hold' }, 'en')).toBe(
      'Clock paused: ticket on hold',
    );
    expect(describeClockEvent(en, { ...base, kind: 'paused', reason: 'closed' }, 'en')).toBe(
      'Clock paused: ticket closed',
    );
    expect(describeClockEvent(id, { ...base, kind: 'missed', metric: 'resolution' }, 'id')).toBe(
      'Target penyelesaian terlewat',
    );
  });
});
