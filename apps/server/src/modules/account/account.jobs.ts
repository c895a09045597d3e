import type { Database } from '@/db/types';
import type { Transaction } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { DB } from '@/db/database';
import type { Mailer } from '@/infra/mail/mailer';
import type { WorkQueue, WorkQueueOptions } from '@/infra/queue/job-queue';
import { defineQueue, sendJob, type JobName, type JobPayload } from '@/modules/outbox/outbox.definitions';
import type { SecretBox } from '@/lib/secret-box';
import { findUserById } from '@/modules/users/users.repository';
import type { SettingsService } from '@/modules/settings/settings.service';
import { renderAccountMail, type AccountMailKind } from './account.mails';

/** Password-reset and invitation mails: one pg-boss job each, queued in the transaction that made the link. */
export const ACCOUNT_MAIL_QUEUE = 'account-mail' satisfies JobName;
const OPTIONS: WorkQueueOptions = { retryLimit: 4, retryDelay: 15, retryBackoff: true, expireInSeconds: 5 * 60 };
export const accountMailQueueDefinitions: Pick<WorkQueue, 'name' | 'options'>[] = [
  { name: ACCOUNT_MAIL_QUEUE, options: OPTIONS },
];

/** A password-reset or invitation mail (its schema is in outbox.definitions.ts). */
export type AccountMailJob = JobPayload<typeof ACCOUNT_MAIL_QUEUE> & { kind: AccountMailKind };

export async function enqueueAccountMail(trx: Transaction<Database>, job: AccountMailJob): Promise<void> {
  await sendJob(trx, ACCOUNT_MAIL_QUEUE, job);
}

export function accountMailQueue(deps: {
  db: DB;
  mailer: Mailer;
  secrets: SecretBox;
  fromAddress?: string;
  settings: SettingsService;
  options?: Partial<WorkQueueOptions>;
}): WorkQueue {
  const { settings } = deps;
  return defineQueue(ACCOUNT_MAIL_QUEUE, {
    options: { ...OPTIONS, ...deps.options },
    async handle(data, job) {
      const user = await findUserById(deps.db, data.userId);
      if (!user?.status) return 'skipped';
      const config = await settings.get();
      const mail = renderAccountMail(data.kind, user.locale === 'en' ? 'en' : 'id', {
        name: user.name,
        organization: config.organizationName,
        link: deps.secrets.open(data.sealedLink),
      });
      await deps.mailer.send({
        to: user.email,
        from: deps.fromAddress ?? `${config.organizationName} <helpdesk@bantu.local>`,
        ...mail,
        messageId: `<account-${job.id ?? randomUUID()}@bantu>`,
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
      return 'sent';
    },
  });
}
