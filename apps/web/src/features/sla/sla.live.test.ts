import { QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { affectsSlaViews, onTicketHintForSla, SLA_REFRESH_DELAY_MS } from './sla.live';
import { slaKeys } from './sla.hooks';

describe('affectsSlaViews', () => {
  it('takes sla.* and ticket.* topics and hints without a topic', () => {
    expect(affectsSlaViews('sla.breached')).toBe(true);
    expect(affectsSlaViews('sla.changed')).toBe(true);
    expect(affectsSlaViews('ticket.status_changed')).toBe(true);
    expect(affectsSlaViews(undefined)).toBe(true);
    expect(affectsSlaViews('comment.created')).toBe(false);
  });
});

describe('onTicketHintForSla', () => {
  let client: QueryClient;
  beforeEach(() => {
    vi.useFakeTimers();
    client = new QueryClient();
    client.setQueryData(slaKeys.overview(), { n: 1 });
    client.setQueryData(slaKeys.list({ state: 'breached' }), { n: 1 });
    client.setQueryData(slaKeys.ticket('t1'), { n: 1 });
    client.setQueryData(slaKeys.calendar(), { n: 1 });
  });
  afterEach(() => {
    vi.useRealTimers();
    client.clear();
  });
  const stale = (key: readonly unknown[]) => client.getQueryState(key)?.isInvalidated ?? false;

  it('refreshes the ticket clock at once and the views once after a burst of hints', () => {
    onTicketHintForSla(client, 't1', 'sla.breached');
    expect(stale(slaKeys.ticket('t1'))).toBe(true);
    expect(stale(slaKeys.overview())).toBe(false);
    for (let i = 0; i < 20; i++) onTicketHintForSla(client, `t${i}`, 'sla.changed');
    vi.advanceTimersByTime(SLA_REFRESH_DELAY_MS - 1);
    expect(stale(slaKeys.overview())).toBe(false);
    vi.advanceTimersByTime(1);
    expect(stale(slaKeys.overview())).toBe(true);
    expect(stale(slaKeys.list({ state: 'breached' }))).toBe(true);
    // The calendar does not change with tickets.
    expect(stale(slaKeys.calendar())).toBe(false);
  });

  it('leaves the views alone for a hint that cannot move them', () => {
    onTicketHintForSla(client, 't1', 'comment.created');
    vi.advanceTimersByTime(SLA_REFRESH_DELAY_MS * 2);
    expect(stale(slaKeys.overview())).toBe(false);
  });
});
