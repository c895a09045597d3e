import { z } from 'zod';
import { Id, ListQuery, Page, Timestamp } from './common';
import { Role, TicketStatus } from './enums';

export const SLA_STATES = ['on_track', 'at_risk', 'breached', 'met', 'missed', 'none'] as const;
export const SlaState = z
  .enum(SLA_STATES)
  .describe('on_track / at_risk / breached while the clock runs; met / missed once resolved; none without a deadline');
export type SlaState = z.infer<typeof SlaState>;

/** Where each status may go next (DESIGN.md §3). Who may take each edge is the server's policy. */
export const TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  OPEN: ['IN_PROGRESS', 'CLOSED'],
  IN_PROGRESS: ['ON_HOLD', 'RESOLVED', 'CLOSED'],
  ON_HOLD: ['IN_PROGRESS', 'CLOSED'],
  RESOLVED: ['CLOSED', 'IN_PROGRESS'],
  CLOSED: [],
};

/** Statuses whose SLA clock is still running or paused: the "open" tickets. */
export const ACTIVE_STATUSES = ['OPEN', 'IN_PROGRESS', 'ON_HOLD'] as const satisfies readonly TicketStatus[];

export const TICKET_ACTIONS = [
  'edit_text',
  'edit_classification',
  'assign',
  'take',
  'comment',
  'comment_internal',
  'attach',
  'hold',
  'resume',
  'resolve',
  'accept',
  'reject',
  'withdraw',
  'close',
] as const;
export const TicketAction = z.enum(TICKET_ACTIONS);
export type TicketAction = z.infer<typeof TicketAction>;

const PersonRef = z.object({ id: Id, name: z.string() });
const CatalogRef = z.object({ id: Id, name: z.string() });
const PriorityRef = z.object({ id: Id, name: z.string(), level: z.number().int(), color: z.string() });

export const TicketSummary = z.object({
  id: Id,
  ticketNumber: z.string(),
  title: z.string(),
  status: TicketStatus,
  userId: Id.describe('Requester'),
  assignedTo: Id.nullable(),
  categoryId: Id,
  priorityId: Id,
  requester: PersonRef,
  assignee: PersonRef.nullable(),
  category: CatalogRef,
  priority: PriorityRef,
  slaDeadline: Timestamp.nullable(),
  slaState: SlaState,
  resolvedAt: Timestamp.nullable(),
  closedAt: Timestamp.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number().int(),
});
export type TicketSummary = z.infer<typeof TicketSummary>;

export const TicketResponse = TicketSummary.extend({
  description: z.string(),
  firstResponseAt: Timestamp.nullable(),
  firstResponseDueAt: Timestamp.nullable(),
  holdReason: z.string().nullable(),
  resolutionNote: z.string().nullable(),
  rating: z.number().int().nullable(),
  feedback: z.string().nullable(),
  abilities: z.array(TicketAction).describe('What the signed-in user may do with this ticket now'),
});
export type TicketResponse = z.infer<typeof TicketResponse>;

export const TicketTitle = z.string().trim().min(5, 'At least 5 characters').max(200);
export const TicketDescription = z.string().trim().min(1).max(20_000);

export const TicketCreateRequest = z.object({
  title: TicketTitle,
  description: TicketDescription,
  categoryId: Id,
  priorityId: Id.optional().describe('Defaults to the default priority (Medium)'),
  requesterId: Id.optional().describe('IT staff only: create on behalf of this active user'),
});
export type TicketCreateRequest = z.input<typeof TicketCreateRequest>;

export const TicketUpdateRequest = z
  .object({
    version: z.number().int().min(1).describe('The version you edited; 409 if someone changed the ticket since'),
    title: TicketTitle.optional(),
    description: TicketDescription.optional(),
    categoryId: Id.optional(),
    priorityId: Id.optional(),
  })
  .refine((v) => Object.keys(v).length > 1, { message: 'Nothing to update' });
export type TicketUpdateRequest = z.input<typeof TicketUpdateRequest>;

export const TicketAssignRequest = z.object({
  assigneeId: Id.nullable().describe('An active IT staff member, or null to unassign'),
  version: z.number().int().min(1).optional(),
});
export type TicketAssignRequest = z.input<typeof TicketAssignRequest>;

export const TicketTransitionRequest = z.object({
  to: TicketStatus,
  comment: z.string().trim().min(1).max(20_000).optional().describe('Reason, resolution note or rejection comment'),
  rating: z.number().int().min(1).max(5).optional(),
  feedback: z.string().trim().max(5000).optional(),
  version: z.number().int().min(1).optional(),
});
export type TicketTransitionRequest = z.input<typeof TicketTransitionRequest>;

const csv = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .transform((v) => v.split(',').filter(Boolean))
    .pipe(z.array(item).min(1));

/** `relevance`: with a search, best match first (see GET /api/tickets `sort`); newest without one. */
export const TICKET_SORTS = ['newest', 'updated', 'priority', 'sla', 'relevance'] as const;

export const TicketListQuery = ListQuery.extend({
  status: csv(TicketStatus).optional().describe('Comma-separated statuses'),
  priorityId: Id.optional(),
  categoryId: Id.optional(),
  assigneeId: z
    .union([Id, z.enum(['me', 'none'])])
    .optional()
    .describe('A staff id, me, or none (unassigned)'),
  requesterId: Id.optional(),
  slaState: csv(SlaState).optional(),
  createdFrom: z.iso.datetime({ offset: true }).optional(),
  createdTo: z.iso.datetime({ offset: true }).optional(),
  q: z.string().trim().min(1).max(200).optional().describe('Words from number, title, description or comments'),
  sort: z
    .enum(TICKET_SORTS)
    .default('newest')
    .describe(
      'relevance: with q, number matches first, then title or description matches, then comment matches; newest first within each',
    ),
  division: z
    .string()
    .trim()
    .min(1)
    .max(120)
    .optional()
    .describe("Requester's division when the ticket was created ('-' = none); managers and admins"),
  resolvedFrom: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('Current resolution at or after (reports drill-down)'),
  resolvedTo: z.iso.datetime({ offset: true }).optional().describe('Current resolution before (exclusive)'),
  closedFrom: z.iso.datetime({ offset: true }).optional().describe('Closed at or after'),
  closedTo: z.iso.datetime({ offset: true }).optional().describe('Closed before (exclusive)'),
  firstResponseFrom: z.iso.datetime({ offset: true }).optional().describe('First staff response at or after'),
  firstResponseTo: z.iso.datetime({ offset: true }).optional().describe('First staff response before (exclusive)'),
  rejectedFrom: z.iso
    .datetime({ offset: true })
    .optional()
    .describe(
      'A resolution of the ticket was rejected (RESOLVED -> IN_PROGRESS) at or after (the reopen rate drill-down)',
    ),
  rejectedTo: z.iso.datetime({ offset: true }).optional().describe('A resolution was rejected before (exclusive)'),
  openAt: z.iso
    .datetime({ offset: true })
    .optional()
    .describe("Open at this instant: created before it and not yet resolved or closed by then (the reports' backlog)"),
  resolutionSla: z.enum(['met', 'missed']).optional().describe('Stored resolution SLA decision'),
  firstResponseSla: z.enum(['met', 'missed']).optional().describe('Stored first-response SLA decision'),
  rating: csv(z.enum(['1', '2', '3', '4', '5']))
    .optional()
    .describe('Comma-separated CSAT scores 1-5'),
});
export type TicketListQuery = z.input<typeof TicketListQuery>;

export const TicketPage = Page(TicketSummary);
export type TicketPage = z.infer<typeof TicketPage>;

export const TicketCountResponse = z.object({
  count: z.number().int().describe('Tickets matching the filters and search of GET /api/tickets, over all pages'),
});
export type TicketCountResponse = z.infer<typeof TicketCountResponse>;

export const TicketCounts = z.object({
  unassigned: z.number().int(),
  mine: z.number().int(),
  open: z.number().int(),
  onHold: z.number().int(),
  overdue: z.number().int(),
});
export type TicketCounts = z.infer<typeof TicketCounts>;

export const TicketParams = z.object({ id: Id });
export const TicketRefParams = z.object({
  idOrNumber: z.string().min(1).max(60).describe('The ticket id (UUID) or its number, e.g. TKT-202611-00042'),
});

export const CommentResponse = z.object({
  id: Id,
  ticketId: Id,
  author: PersonRef.extend({ role: Role }),
  comment: z.string().describe('Markdown; render it sanitised'),
  isInternal: z.boolean(),
  createdAt: Timestamp,
});
export type CommentResponse = z.infer<typeof CommentResponse>;

export const CommentCreateRequest = z.object({
  comment: z.string().trim().min(1).max(20_000),
  isInternal: z.boolean().default(false).describe('Internal note: staff only, never shown to the requester'),
});
export type CommentCreateRequest = z.input<typeof CommentCreateRequest>;

export const CommentList = z.object({ items: z.array(CommentResponse), nextCursor: z.string().nullable() });

export const TicketEventResponse = z.object({
  id: Id,
  type: z.string(),
  field: z.string().nullable(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  actor: PersonRef.nullable(),
  createdAt: Timestamp,
});
export type TicketEventResponse = z.infer<typeof TicketEventResponse>;
export const TicketEventList = z.object({ items: z.array(TicketEventResponse), nextCursor: z.string().nullable() });

export const StaffMember = z.object({ id: Id, name: z.string(), email: z.string(), openTickets: z.number().int() });
export const StaffList = z.object({ items: z.array(StaffMember), nextCursor: z.null() });
