import { randomUUID } from 'node:crypto';
import type { DB } from '@/db/database';
import type { Mailer } from '@/infra/mail/mailer';
import { JobSender, type JobMetadata, type WorkQueue, type WorkQueueOptions } from '@/infra/queue/job-queue';
import type { SecretBox } from '@/lib/secret-box';
import { findUserById } from '@/modules/users/users.repository';
import type { SettingsService } from '@/modules/settings/settings.service';
import { renderAccountMail, type AccountMailKind } from './account.mails';

/** Password-reset and invitation mails: one pg-boss job each, queued in the transaction that made the link. */
export const ACCOUNT_MAIL_QUEUE = 'account-mail';
const OPTIONS: WorkQueueOptions = { retryLimit: 4, retryDelay: 15, retryBackoff: true, expireInSeconds: 5 * 60 };
export const accountMailQueueDefinitions: Pick<WorkQueue, 'name' | 'options'>[] = [
  { name: ACCOUNT_MAIL_QUEUE, options: OPTIONS },
];

export interface AccountMailJob {
  kind: AccountMailKind;
  userId: string;
  /** The link, sealed with the app secret: the job table never holds a usable token. */
  sealedLink: string;
}

const sender = new JobSender();

export async function enqueueAccountMail(trx: DB, job: AccountMailJob): Promise<void> {
  await sender.send(trx, ACCOUNT_MAIL_QUEUE, job);
}

export function accountMailQueue(deps: {
  db: DB;
  mailer: Mailer;
  secrets: SecretBox;
  fromAddress?: string;
  settings: SettingsService;
  options?: Partial<WorkQueueOptions>;
}): WorkQueue<AccountMailJob> {
  const { settings } = deps;
  return {
    name: ACCOUNT_MAIL_QUEUE,
    options: { ...OPTIONS, ...deps.options },
    async handle(job: JobMetadata<AccountMailJob>) {
      const user = await findUserById(deps.db, job.data.userId);
      if (!user?.status) return 'skipped';
      const config = await settings.get();
      const mail = renderAccountMail(job.data.kind, user.locale === 'en' ? 'en' : 'id', {
        name: user.name,
        organization: config.organizationName,
        link: deps.secrets.open(job.data.sealedLink),
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
  };
}
