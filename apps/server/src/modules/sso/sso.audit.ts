import type { FastifyBaseLogger } from 'fastify';
import type { DB } from '@/db/database';

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

/**
 * The one place SSO events are recorded. Today they go to the log; once the audit log exists
 * (issue 14 point 6, modules/audit) this writes there with the same transaction `trx`, so an
 * event commits with the change it describes.
 */
export async function ssoAudit(_trx: DB, log: FastifyBaseLogger, event: SsoAuditEvent): Promise<void> {
  log.info({ audit: event }, `audit ${event.type}`);
  await Promise.resolve();
}
