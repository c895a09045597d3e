import type { ScheduledJob } from '@/infra/queue/job-queue';
import { notificationDigests, type DigestDeps } from './notifications.digest';

/** Daily digests: checked every minute (each user has their own time); a cron slot runs on one worker. */
export function digestJob(deps: DigestDeps): ScheduledJob {
  const digests = notificationDigests(deps);
  return {
    name: 'notifications-digest',
    cron: '* * * * *',
    run: () => digests.run(),
  };
}
