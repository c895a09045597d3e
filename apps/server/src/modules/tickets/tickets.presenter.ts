import type { SlaState, TicketAction, TicketStatus, TicketSummary } from '@bantu/contracts';

/** The columns a ticket summary is made of (tickets.repository's summary select, the SLA lists). */
export interface TicketSummaryRow {
  id: string;
  ticket_number: string;
  title: string;
  status: TicketStatus;
  user_id: string;
  assigned_to: string | null;
  category_id: string;
  priority_id: string;
  sla_deadline: Date | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  created_at: Date;
  updated_at: Date;
  version: number;
  requester_name: string;
  assignee_name: string | null;
  category_name: string;
  priority_name: string;
  priority_level_current: number;
  priority_color: string;
  sla_state: SlaState;
}

export function toTicketSummary(r: TicketSummaryRow): TicketSummary {
  return {
    id: r.id,
    ticketNumber: r.ticket_number,
    title: r.title,
    status: r.status,
    userId: r.user_id,
    assignedTo: r.assigned_to,
    categoryId: r.category_id,
    priorityId: r.priority_id,
    requester: { id: r.user_id, name: r.requester_name },
    assignee: r.assigned_to ? { id: r.assigned_to, name: r.assignee_name ?? '' } : null,
    category: { id: r.category_id, name: r.category_name },
    priority: { id: r.priority_id, name: r.priority_name, level: r.priority_level_current, color: r.priority_color },
    slaDeadline: r.sla_deadline?.toISOString() ?? null,
    slaState: r.sla_state,
    resolvedAt: r.resolved_at?.toISOString() ?? null,
    closedAt: r.closed_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    version: r.version,
  };
}

export interface TicketDetailFields {
  description: string;
  first_response_at: Date | null;
  first_response_due_at: Date | null;
  hold_reason: string | null;
  resolution_note: string | null;
  rating: number | null;
  feedback: string | null;
}

/** The detail page's shape; `abilities` come from the policy, for the viewer. */
export function toTicketResponse(r: TicketSummaryRow & TicketDetailFields, abilities: TicketAction[]) {
  return {
    ...toTicketSummary(r),
    description: r.description,
    firstResponseAt: r.first_response_at?.toISOString() ?? null,
    firstResponseDueAt: r.first_response_due_at?.toISOString() ?? null,
    holdReason: r.hold_reason,
    resolutionNote: r.resolution_note,
    rating: r.rating,
    feedback: r.feedback,
    abilities,
  };
}

export interface TicketEventRow {
  id: string;
  type: string;
  field: string | null;
  from_value: string | null;
  to_value: string | null;
  actor_id: string | null;
  actor_name: string | null;
  created_at: Date;
}

export function toTicketEvent(e: TicketEventRow) {
  return {
    id: e.id,
    type: e.type,
    field: e.field,
    from: e.from_value,
    to: e.to_value,
    actor: e.actor_id ? { id: e.actor_id, name: e.actor_name ?? '' } : null,
    createdAt: e.created_at.toISOString(),
  };
}
