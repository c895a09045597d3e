import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { SMTPServerOptions } from 'smtp-server';
import type { JobLogger, ScheduledJob, WorkQueue, WorkQueueOptions } from '@/infra/queue/job-queue';
import { defineQueue, type JobName } from '@/modules/outbox/outbox.definitions';
import * as repo from './mail-intake.repository';
import { MAIL_RETRY_QUEUE, type MailIntakeService } from './mail-intake.service';

export const MAIL_POLL_JOB = 'mail-intake-poll' satisfies JobName;

const RETRY_QUEUE_OPTIONS: WorkQueueOptions = {
  retryLimit: 2,
  retryDelay: 30,
  retryBackoff: true,
  expireInSeconds: 300,
};
export const mailIntakeQueueDefinitions: Pick<WorkQueue, 'name' | 'options'>[] = [
  { name: MAIL_RETRY_QUEUE, options: RETRY_QUEUE_OPTIONS },
];

/**
 * Every minute, exactly one worker (a pg-boss cron slot) fetches all IMAP mailboxes, a bounded
 * number at a time, each under its own lease; where the server offers IDLE the run stays
 * connected for `idleSeconds` and takes new mail as it arrives, so intake is near real time
 * without a web-process timer.
 */
export function mailPollJob(
  service: MailIntakeService,
  options: { concurrency: number; idleSeconds: number; stopping: () => boolean },
): ScheduledJob {
  const owner = `worker-${randomUUID()}`;
  return {
    name: MAIL_POLL_JOB,
    cron: '* * * * *',
    run: () => service.pollAll({ owner, ...options }),
  };
}

export function mailRetryQueue(service: MailIntakeService): WorkQueue {
  return defineQueue(MAIL_RETRY_QUEUE, {
    options: RETRY_QUEUE_OPTIONS,
    handle: async (data) => service.retry(data.id),
  });
}

export interface SmtpEndpointOptions {
  port: number;
  host: string;
  maxBytes: number;
  tls?: { keyFile: string; certFile: string };
}

/**
 * The inbound SMTP endpoint for organisations that forward mail: accepts RCPT TO an active
 * SMTP-kind mailbox's address only (550 otherwise), takes the message up to the size limit and
 * answers 250 once its fate is recorded (a ticket, a comment, ignored or dead-lettered); a
 * database failure answers 451, so the sending server tries again later.
 */
export async function startSmtpEndpoint(
  service: MailIntakeService,
  db: Parameters<typeof repo.findActiveMailboxByAddress>[0],
  options: SmtpEndpointOptions,
  log: JobLogger,
) {
  const tlsOptions: Partial<SMTPServerOptions> = options.tls
    ? { key: fs.readFileSync(options.tls.keyFile), cert: fs.readFileSync(options.tls.certFile) }
    : {};
  // Loaded here, not at every start: most installations poll mailboxes or have no intake.
  const { SMTPServer } = await import('smtp-server');
  const server = new SMTPServer({
    ...tlsOptions,
    name: 'bantu-intake',
    banner: 'Bantu mail intake',
    authOptional: true,
    disabledCommands: options.tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    size: options.maxBytes,
    // Bounded: at most this many sending servers at once (each message is processed in turn).
    maxClients: 20,
    logger: false,
    onRcptTo(address, _session, callback) {
      repo
        .findActiveMailboxByAddress(db, address.address)
        .then((mailbox) => {
          if (mailbox && mailbox.kind === 'smtp') return callback();
          const error = Object.assign(new Error('No such mailbox here'), { responseCode: 550 });
          callback(error);
        })
        .catch((error: unknown) => {
          log.error({ err: error }, 'mail intake: recipient lookup failed');
          callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
        });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          callback(Object.assign(new Error('Message too large'), { responseCode: 552 }));
          return;
        }
        const raw = Buffer.concat(chunks);
        const rcpts = session.envelope.rcptTo.map((r) => r.address);
        void (async () => {
          try {
            // One message to several of our addresses is one message (one Message-ID).
            const mailbox = (await repo.findActiveMailboxByAddress(db, rcpts[0] ?? '')) ?? null;
            await service.ingest(mailbox, raw);
            callback();
          } catch (error) {
            log.error({ err: error }, 'mail intake: SMTP message not stored');
            callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
          }
        })();
      });
    },
  });
  server.on('error', (error) => log.error({ err: error }, 'mail intake: SMTP endpoint error'));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.server.address() as { port: number };
  log.info({ port: address.port }, 'mail intake: SMTP endpoint listening');
  return {
    port: address.port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
