import { describe, expect, it } from 'vitest';
import { IcsError, parseIcsHolidays } from './sla.ics';

const ics = (...events: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Test//ID', ...events, 'END:VCALENDAR'].join('\r\n');

describe('iCalendar holiday import (parser)', () => {
  it('reads all-day events, yearly rules, folded lines, escapes and multi-day spans', () => {
    const text = ics(
      'BEGIN:VEVENT',
      'UID:1@test',
      'DTSTART;VALUE=DATE:20261225',
      'DTEND;VALUE=DATE:20261226',
      'SUMMARY:Hari Raya Natal',
      'RRULE:FREQ=YEARLY;BYMONTH=12',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20270310',
      'DTEND;VALUE=DATE:20270312',
      'SUMMARY:Idul Fitri 1448 H\\, cuti',
      '  bersama',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART:20270101',
      'SUMMARY:Tahun Baru',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART:20261201T090000Z',
      'SUMMARY:Rapat',
      'END:VEVENT',
    );
    expect(parseIcsHolidays(text)).toEqual({
      holidays: [
        { date: '2026-12-25', name: 'Hari Raya Natal', yearly: true },
        { date: '2027-03-10', name: 'Idul Fitri 1448 H, cuti bersama', yearly: false },
        { date: '2027-03-11', name: 'Idul Fitri 1448 H, cuti bersama', yearly: false },
        { date: '2027-01-01', name: 'Tahun Baru', yearly: false },
      ],
      skipped: 1,
    });
  });

  it('refuses what is not a calendar, or has nothing to import', () => {
    expect(() => parseIcsHolidays('hello world')).toThrow(IcsError);
    expect(() => parseIcsHolidays(ics())).toThrow(/no events/);
    expect(() =>
      parseIcsHolidays(ics('BEGIN:VEVENT', 'DTSTART:20261201T090000Z', 'SUMMARY:Rapat', 'END:VEVENT')),
    ).toThrow(/all-day/);
    expect(() => parseIcsHolidays(ics('BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20261345', 'END:VEVENT'))).toThrow(IcsError);
  });
});
