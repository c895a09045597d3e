import { z } from 'zod';
import { Id, ListQuery, Page, QueryBool, Timestamp } from './common';

export const NOTIFICATION_KINDS = [
  'ticket_created',
  'ticket_received',
  'ticket_assigned',
  'status_changed',
  'comment_added',
  'internal_note',
  'sla_at_risk',
  'sla_breached',
  'sla_escalated',
  'compliance_alert',
] as const;
export const NotificationKind = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof NotificationKind>;

/** In-app notices that are no event to choose channels for: a finished export (report_ready). */
export const NOTICE_KINDS = ['report_ready'] as const;
/** Every kind the notification centre shows: the events above and the notices. */
export const NotificationCentreKind = z.enum([...NOTIFICATION_KINDS, ...NOTICE_KINDS]);
export type NotificationCentreKind = z.infer<typeof NotificationCentreKind>;

export const NotificationResponse = z.object({
  id: Id,
  kind: NotificationCentreKind,
  ticketId: Id.nullable(),
  ticketNumber: z.string().nullable(),
  title: z.string().describe('The ticket title, as it was'),
  actorName: z.string().nullable(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  excerpt: z.string().nullable(),
  readAt: Timestamp.nullable(),
  createdAt: Timestamp,
  held: z
    .object({ channels: z.array(z.enum(['email', 'whatsapp', 'push'])), until: Timestamp })
    .nullable()
    .optional()
    .describe("E-mail/WhatsApp held by the user's quiet hours until then (not yet sent)"),
  digest: z
    .object({ at: Timestamp, sentAt: Timestamp.nullable() })
    .nullable()
    .optional()
    .describe('The e-mail of this event goes out in the daily digest due at `at` (sentAt once sent)'),
  export: z
    .object({ id: Id, fileName: z.string(), downloadUrl: z.string(), expiresAt: Timestamp })
    .nullable()
    .optional()
    .describe('report_ready: the finished export (download with the bearer header, requester only)'),
});
export type NotificationResponse = z.infer<typeof NotificationResponse>;

export const NotificationListQuery = ListQuery.extend({ unread: QueryBool.optional() });
export const NotificationPage = Page(NotificationResponse);
export const UnreadCount = z.object({ count: z.number().int() });
export const MarkReadRequest = z
  .object({ ids: z.array(Id).min(1).max(200).optional(), all: z.literal(true).optional() })
  .refine((v) => (v.ids ? !v.all : v.all), { message: 'Send either ids or all: true' });
export type MarkReadRequest = z.infer<typeof MarkReadRequest>;

export const DeliveryResponse = z.object({
  id: Id,
  /** `digest`: a daily digest, one mail standing for many notifications (kind `digest`, no ticket). */
  channel: z.enum(['email', 'whatsapp', 'digest', 'push']),
  status: z.enum(['pending', 'sent', 'failed']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  recipient: z.object({ id: Id, name: z.string(), email: z.string() }),
  kind: z.enum([...NOTIFICATION_KINDS, 'digest']),
  ticketNumber: z.string().nullable(),
  createdAt: Timestamp,
  sentAt: Timestamp.nullable(),
});
export const DeliveryListQuery = ListQuery.extend({ status: z.enum(['pending', 'sent', 'failed']).optional() });
export const DeliveryPage = Page(DeliveryResponse);

export const CapturedMailResponse = z.object({
  id: Id,
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  createdAt: Timestamp,
});
export const CapturedMailPage = Page(CapturedMailResponse);
