import { describe, expect, it } from 'vitest';
import { addInterval, formatBusinessMinutes, intervalIssues, removeInterval, workingMinutes } from './businessTime';

describe('formatBusinessMinutes', () => {
  it('writes hours and minutes with the letters of each language', () => {
    expect(formatBusinessMinutes(200, 'id')).toBe('3 j 20 m');
    expect(formatBusinessMinutes(200, 'en')).toBe('3 h 20 m');
    expect(formatBusinessMinutes(65, 'en')).toBe('1 h 05 m');
  });

  it('leaves out a zero part and drops the sign', () => {
    expect(formatBusinessMinutes(20, 'id')).toBe('20 m');
    expect(formatBusinessMinutes(0, 'id')).toBe('0 m');
    expect(formatBusinessMinutes(120, 'id')).toBe('2 j');
    expect(formatBusinessMinutes(-20, 'en')).toBe('20 m');
    expect(formatBusinessMinutes(-1505, 'en')).toBe('25 h 05 m');
  });

  it('falls back to English letters for another language', () => {
    expect(formatBusinessMinutes(61, 'fr')).toBe('1 h 01 m');
  });
});

describe('intervalIssues', () => {
  it('accepts ordered intervals, touching ones and the end of the day', () => {
    expect(
      intervalIssues([
        { start: '08:00', end: '12:00' },
        { start: '12:00', end: '17:00' },
        { start: '20:00', end: '24:00' },
      ]),
    ).toEqual([]);
  });

  it('finds a bad time, an end before its start and an overlap', () => {
    expect(intervalIssues([{ start: '8', end: '25:00' }])).toEqual([
      { index: 0, field: 'start', problem: 'format' },
      { index: 0, field: 'end', problem: 'format' },
    ]);
    expect(intervalIssues([{ start: '13:00', end: '12:00' }])).toEqual([{ index: 0, field: 'end', problem: 'order' }]);
    expect(
      intervalIssues([
        { start: '08:00', end: '12:00' },
        { start: '11:30', end: '17:00' },
      ]),
    ).toEqual([{ index: 1, field: 'start', problem: 'overlap' }]);
    expect(intervalIssues([{ start: '24:00', end: '24:00' }])[0]).toEqual({
      index: 0,
      field: 'start',
      problem: 'format',
    });
  });
});

describe('addInterval / removeInterval', () => {
  it('starts an empty day at 08:00-17:00 and adds the next interval after the last', () => {
    expect(addInterval([])).toEqual([{ start: '08:00', end: '17:00' }]);
    expect(addInterval([{ start: '08:00', end: '12:00' }])).toEqual([
      { start: '08:00', end: '12:00' },
      { start: '13:00', end: '17:00' },
    ]);
    expect(addInterval([{ start: '08:00', end: '22:00' }])).toEqual([
      { start: '08:00', end: '22:00' },
      { start: '23:00', end: '24:00' },
    ]);
    expect(addInterval([{ start: '08:00', end: '23:30' }])).toEqual([
      { start: '08:00', end: '23:30' },
      { start: '23:30', end: '24:00' },
    ]);
    expect(addInterval([{ start: '08:00', end: '24:00' }])).toBeNull();
    // Whatever is added passes validation.
    const day = addInterval(addInterval(addInterval([]) ?? []) ?? []) ?? [];
    expect(intervalIssues(day)).toEqual([]);
  });

  it('removes one interval and sums working minutes', () => {
    const day = [
      { start: '08:00', end: '12:00' },
      { start: '13:00', end: '17:00' },
    ];
    expect(removeInterval(day, 0)).toEqual([{ start: '13:00', end: '17:00' }]);
    expect(workingMinutes(day)).toBe(480);
  });
});
