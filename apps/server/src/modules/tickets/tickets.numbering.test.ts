import { describe, expect, it } from 'vitest';
import { formatTicketNumber, parseTicketRef, ticketPeriod } from './tickets.numbering';

describe('ticket numbers', () => {
  it('uses the month in the organisation time zone', () => {
    // 31 Oct 2026 20:00 UTC is already 1 Nov in Jakarta (UTC+7).
    const at = new Date('2026-10-31T20:00:00Z');
    expect(ticketPeriod(at, 'Asia/Jakarta')).toBe('202611');
    expect(ticketPeriod(at, 'UTC')).toBe('202610');
  });

  it('pads the sequence and keeps growing past five digits', () => {
    expect(formatTicketNumber('TKT', '202611', 42)).toBe('TKT-202611-00042');
    expect(formatTicketNumber('IT', '202612', 123456)).toBe('IT-202612-123456');
  });

  it('tells ids from numbers', () => {
    expect(parseTicketRef('3F2504E0-4F89-41D3-9A0C-0305E82C3301')).toEqual({
      id: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
    });
    expect(parseTicketRef('tkt-202611-00042')).toEqual({ number: 'TKT-202611-00042' });
  });
});
