import type { SlaState, TicketListQuery, TicketStatus } from '@bantu/contracts';

export interface TicketFilters {
  status?: TicketStatus[];
  priorityId?: string;
  categoryId?: string;
  assignee?: { kind: 'user'; id: string } | { kind: 'none' };
  requesterId?: string;
  slaState?: SlaState[];
  createdFrom?: Date;
  createdTo?: Date;
  resolvedFrom?: Date;
  resolvedTo?: Date;
  closedFrom?: Date;
  closedTo?: Date;
  firstResponseFrom?: Date;
  firstResponseTo?: Date;
  /** A resolution was rejected in [rejectedFrom, rejectedTo) (the reports' reopen rate). */
  rejectedFrom?: Date;
  rejectedTo?: Date;
  /** Open at this instant (the reports' backlog definition). */
  openAt?: Date;
  resolutionSla?: 'met' | 'missed';
  firstResponseSla?: 'met' | 'missed';
  rating?: number[];
  /** The requester's division at creation; null = none. */
  division?: string | null;
  q?: string;
  sort: 'newest' | 'updated' | 'priority' | 'sla' | 'relevance';
  cursor?: string;
  limit: number;
}

/** The parsed list query (TicketListQuery after zod): what list and stream take. */
export type ListQuery = Omit<TicketListQuery, 'limit' | 'sort' | 'status' | 'slaState' | 'rating'> & {
  limit: number;
  sort: 'newest' | 'updated' | 'priority' | 'sla' | 'relevance';
  status?: TicketStatus[];
  slaState?: TicketFilters['slaState'];
  rating?: string[];
};

/** The list filters of a query (the same for a page and for an export's stream). */
export function filtersOf(user: { id: string }, query: ListQuery): TicketFilters {
  const at = (v: string | undefined) => (v ? new Date(v) : undefined);
  return {
    ...query,
    assignee:
      query.assigneeId === undefined
        ? undefined
        : query.assigneeId === 'none'
          ? { kind: 'none' }
          : { kind: 'user', id: query.assigneeId === 'me' ? user.id : query.assigneeId },
    createdFrom: at(query.createdFrom),
    createdTo: at(query.createdTo),
    resolvedFrom: at(query.resolvedFrom),
    resolvedTo: at(query.resolvedTo),
    closedFrom: at(query.closedFrom),
    closedTo: at(query.closedTo),
    firstResponseFrom: at(query.firstResponseFrom),
    firstResponseTo: at(query.firstResponseTo),
    rejectedFrom: at(query.rejectedFrom),
    rejectedTo: at(query.rejectedTo),
    openAt: at(query.openAt),
    rating: query.rating?.map(Number),
    division: query.division === undefined ? undefined : query.division === '-' ? null : query.division,
  };
}
