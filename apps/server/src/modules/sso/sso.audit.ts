import type { FastifyBaseLogger } from 'fastify';
import type { DB } from '@/db/database';
import { recordAudit, type AuditEntry } from '@/modules/audit/audit.service';

/** The SSO events worth an audit entry (issue 14 point 6 lists them). */
export type SsoAuditEvent =
  | { type: 'sso.sign_in'; providerId: string; userId: string; ip: string | null }
  | { type: 'sso.link'; providerId: string; userId: string; subject: string }
  | { type: 'sso.provision'; providerId: string; userId: string; email: string; role: string }
  | {
      type: 'sso.role_change';
      providerId: string;
      userId: string;
      before: { role: string; division: string | null };
      after: { role: string; division: string | null };
    }
  | { type: 'sso.refused'; providerId: string | null; reason: string; detail: string; ip: string | null }
  | { type: 'sso.provider_change'; providerId: string; actorId: string; action: 'create' | 'update' | 'delete' }
  | { type: 'sso.policy_change'; actorId: string; before: unknown; after: unknown };

/** An SSO event as an audit-log entry (actor, target, before/after). */
function entryOf(event: SsoAuditEvent): AuditEntry {
  switch (event.type) {
    case 'sso.sign_in':
      return {
        action: 'sso.sign_in',
        actorId: event.userId,
        ip: event.ip,
        targetType: 'user',
        targetId: event.userId,
        after: { providerId: event.providerId },
      };
    case 'sso.link':
      return {
        action: 'sso.link',
        actorId: event.userId,
        targetType: 'user',
        targetId: event.userId,
        after: { providerId: event.providerId, subject: event.subject },
      };
    case 'sso.provision':
      return {
        action: 'sso.provisioned',
        actorId: event.userId,
        targetType: 'user',
        targetId: event.userId,
        after: { providerId: event.providerId, email: event.email, role: event.role },
      };
    case 'sso.role_change':
      // Done by the provider's claims, not by a person: no actor.
      return {
        action: 'sso.role_changed',
        actorId: null,
        targetType: 'user',
        targetId: event.userId,
        before: event.before,
        after: { ...event.after, providerId: event.providerId },
      };
    case 'sso.refused':
      return {
        action: 'sso.refused',
        actorId: null,
        ip: event.ip,
        targetType: 'sso_provider',
        targetId: event.providerId,
        after: { reason: event.reason, detail: event.detail },
      };
    case 'sso.provider_change':
      return {
        action: 'sso.provider_changed',
        actorId: event.actorId,
        targetType: 'sso_provider',
        targetId: event.providerId,
        after: { change: event.action },
      };
    case 'sso.policy_change':
      return {
        action: 'sso.policy_changed',
        actorId: event.actorId,
        targetType: 'sso_policy',
        before: event.before,
        after: event.after,
      };
  }
}

/**
 * The one place SSO events are recorded: the audit log (in the caller's transaction `trx`, so
 * an event commits with the change it describes; refusals on `db`, after the rollback) and the
 * process log.
 */
export async function ssoAudit(trx: DB, log: FastifyBaseLogger, event: SsoAuditEvent): Promise<void> {
  log.info({ audit: event }, `audit ${event.type}`);
  await recordAudit(trx, entryOf(event));
}
