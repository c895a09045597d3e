import { describe, expect, it } from 'vitest';
import { boundLabel, filtersFromParams, paramsFromFilters, ticketListHref } from './ticketListParams';

describe('all-tickets URL filters', () => {
  it('round-trips a drill-down through the URL with the API parameter names', () => {
    const filters = {
      status: ['OPEN' as const, 'IN_PROGRESS' as const],
      categoryId: '7d7c6a3e-2f0b-4b7a-9d52-3c7a3b1e9f10',
      resolvedFrom: '2026-11-30T17:00:00.000Z',
      resolvedTo: '2026-12-31T17:00:00.000Z',
      resolutionSla: 'missed' as const,
      rating: ['4', '5'],
      division: 'Keuangan',
    };
    const href = ticketListHref('/manager/tickets', filters);
    expect(href).toBe(
      '/manager/tickets?status=OPEN%2CIN_PROGRESS&categoryId=7d7c6a3e-2f0b-4b7a-9d52-3c7a3b1e9f10&division=Keuangan' +
        '&resolvedFrom=2026-11-30T17%3A00%3A00.000Z&resolvedTo=2026-12-31T17%3A00%3A00.000Z&resolutionSla=missed&rating=4%2C5',
    );
    expect(filtersFromParams(new URLSearchParams(href.split('?')[1]))).toEqual(filters);
  });

  it('drops values the API would refuse instead of sending them', () => {
    const filters = filtersFromParams(
      new URLSearchParams('status=OPEN,NOPE&categoryId=x&createdFrom=yesterday&resolutionSla=maybe&rating=9&q=printer'),
    );
    expect(filters).toEqual({ q: 'printer' });
  });

  it('leaves the default sort out of the URL', () => {
    expect(paramsFromFilters({ sort: 'newest' }).toString()).toBe('');
    expect(paramsFromFilters({ sort: 'sla' }).toString()).toBe('sort=sla');
  });
});

describe('period chips', () => {
  it('names days in the organisation time zone, with an exclusive midnight end as the day before', () => {
    // 3 December 00:00 in Jakarta is 2 December 17:00 UTC.
    expect(boundLabel('2026-12-02T17:00:00.000Z', false, 'en')).toBe('3 Dec 2026');
    expect(boundLabel('2026-12-03T17:00:00.000Z', true, 'en')).toBe('3 Dec 2026');
    expect(boundLabel('2026-12-03T05:30:00.000Z', false, 'en')).toBe('3 Dec 2026, 12:30');
  });
});
