import type { QueryClient } from '@tanstack/react-query';
import { slaKeys } from './sla.hooks';

/** How long the SLA views wait for more hints before they refetch once. */
export const SLA_REFRESH_DELAY_MS = 2000;

/** Hints that can move a ticket into or out of the at-risk and breached lists. */
export function affectsSlaViews(topic: string | undefined): boolean {
  return topic === undefined || topic.startsWith('sla.') || topic.startsWith('ticket.');
}

const pending = new WeakMap<QueryClient, ReturnType<typeof setTimeout>>();

/**
 * A `ticket` hint from the realtime socket: the ticket's own clock is refetched at once, the
 * overview and lists at most once per SLA_REFRESH_DELAY_MS however many hints arrive (the
 * monitor marks many tickets in one pass), and never postponed forever by a steady stream.
 */
export function onTicketHintForSla(queryClient: QueryClient, ticketId: string, topic: string | undefined): void {
  void queryClient.invalidateQueries({ queryKey: slaKeys.ticket(ticketId) });
  if (!affectsSlaViews(topic) || pending.has(queryClient)) return;
  pending.set(
    queryClient,
    setTimeout(() => {
      pending.delete(queryClient);
      void queryClient.invalidateQueries({ queryKey: slaKeys.live() });
    }, SLA_REFRESH_DELAY_MS),
  );
}
