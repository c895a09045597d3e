/** One entry of a ticket's history (ticket_events), as the writers build it. */
export interface TicketEventInput {
  ticketId: string;
  actorId: string | null;
  type: string;
  field?: string;
  from?: string | null;
  to?: string | null;
  data?: unknown;
  at: Date;
}

/**
 * The history entries of one change: who, on which ticket, when; each method one kind of entry,
 * so the writers never spell the literal (and its field names) by hand.
 */
export function historyOf(ticketId: string, actorId: string | null, at: Date) {
  const entry = (e: Omit<TicketEventInput, 'ticketId' | 'actorId' | 'at'>): TicketEventInput => ({
    ticketId,
    actorId,
    ...e,
    at,
  });
  return {
    created: (onBehalfOf?: string) =>
      entry({ type: 'created', data: onBehalfOf !== undefined ? { onBehalfOf } : undefined }),
    /** A text or classification field; names (not ids) are what the history shows. */
    updated: (field: string, from: string | null = null, to: string | null = null) =>
      entry({ type: 'updated', field, from, to }),
    statusChanged: (from: string, to: string, data?: Record<string, unknown>) =>
      entry({ type: 'status_changed', field: 'status', from, to, data }),
    assigned: (fromName: string | null, toName: string | null, data: Record<string, unknown>) =>
      entry({ type: 'assigned', field: 'assignee', from: fromName, to: toName, data }),
    rated: (rating: number) => entry({ type: 'rated', field: 'rating', to: String(rating) }),
    /** Anything else (files, SLA): the type and its fields as they are. */
    other: (e: Omit<TicketEventInput, 'ticketId' | 'actorId' | 'at'>) => entry(e),
  };
}
