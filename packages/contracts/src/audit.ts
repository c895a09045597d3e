import { z } from 'zod';
import { Id, ListQuery, Page, Timestamp } from './common';

/** Every action the audit log records (modules/audit, `recordAudit`). */
export const AUDIT_ACTIONS = [
  'auth.sign_in',
  'auth.sign_in_failed',
  'auth.lockout',
  'auth.sign_out',
  'auth.sign_out_everywhere',
  'auth.password_changed',
  'auth.password_reset_requested',
  'auth.password_reset',
  'auth.invitation_accepted',
  'auth.recovery_code_used',
  'account.2fa_enabled',
  'account.2fa_disabled',
  'account.recovery_codes_regenerated',
  'user.created',
  'user.invited',
  'user.role_changed',
  'user.status_changed',
  'user.password_reset_by_admin',
  'settings.updated',
  'sla_rule.created',
  'sla_rule.updated',
  'sla_rule.deleted',
  'sla_calendar.updated',
  'export.tickets',
  'export.report',
  'export.audit',
  // Written by modules/sso (issue 14 points 1-3).
  'sso.sign_in',
  'sso.link',
  'sso.provisioned',
  'sso.role_changed',
  'sso.refused',
  'sso.provider_changed',
  'sso.policy_changed',
] as const;
export const AuditAction = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof AuditAction>;

export const AuditEventResponse = z.object({
  id: z.string().describe('Increasing event number'),
  occurredAt: Timestamp,
  action: z.string(),
  actorId: Id.nullable(),
  actorEmail: z.string().nullable().describe('The actor (or, for failed sign-ins, the e-mail tried)'),
  actorName: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
});
export type AuditEventResponse = z.infer<typeof AuditEventResponse>;

export const AuditListQuery = ListQuery.extend({
  action: AuditAction.optional(),
  actorId: Id.optional(),
  targetType: z.string().trim().max(50).optional(),
  targetId: z.string().trim().max(100).optional(),
  from: z.iso.datetime().optional().describe('Events at or after this instant'),
  to: z.iso.datetime().optional().describe('Events before this instant'),
});
export type AuditListQuery = z.input<typeof AuditListQuery>;

export const AuditExportQuery = AuditListQuery.omit({ cursor: true, limit: true });
export type AuditExportQuery = z.input<typeof AuditExportQuery>;

export const AuditPage = Page(AuditEventResponse);
export type AuditPage = z.infer<typeof AuditPage>;
