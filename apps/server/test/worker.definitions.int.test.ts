import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/database';
import { systemClock } from '@/infra/infra.plugin';
import { captureMailer } from '@/infra/mail/mailer';
import type { JobMetadata } from '@/infra/queue/job-queue';
import { fsStorage } from '@/infra/storage/fs-storage';
import { secretBox } from '@/lib/secret-box';
import { downloadTokens } from '@/lib/tokens';
import {
  defineQueue,
  isJobName,
  JOB_NAMES,
  JOBS,
  MalformedJobError,
  OUTBOX_EVENTS,
  OUTBOX_TOPICS,
  parseJob,
  parseOutboxEvent,
} from '@/modules/outbox/outbox.definitions';
import { enqueueEvent } from '@/modules/outbox/outbox.repository';
import { outboxDispatcher } from '@/modules/notifications/notifications.dispatcher';
import { buildWorker, prepareQueues } from '@/worker';
import { createTestDatabase } from './database';

/** A job as pg-boss hands it to a handler: only the fields the handlers read. */
const jobWith = (data: object) => ({ id: 'job-1', data, retryCount: 0, retryLimit: 2 }) as unknown as JobMetadata;

describe('typed events and jobs (modules/outbox/outbox.definitions.ts)', () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it('has a schema for every job and queue the worker registers, and for every queue a writer sends to', async () => {
    const secret = 'x'.repeat(64);
    const worker = buildWorker({
      database,
      storage: fsStorage('/nonexistent-test-files'),
      mailer: captureMailer(database.db),
      clock: systemClock,
      log: { info: () => undefined, error: () => undefined },
      accountMail: { secrets: secretBox(secret, 'account-mail') },
      mailIntake: {
        secrets: secretBox(secret, 'mail-intake-credentials'),
        downloadTokens: downloadTokens(secret),
        maxBytes: 1024,
        concurrency: 1,
        idleSeconds: 0,
      },
    });
    const registered = worker.queue.names();
    expect(registered.length).toBeGreaterThan(10);
    expect(registered.filter((name) => !isJobName(name))).toEqual([]);
    // Every schema belongs to something the worker works on (no stale entries).
    expect([...registered].sort()).toEqual([...JOB_NAMES].sort());
    // The queues prepared for sending (every process) are in the worker too.
    await prepareQueues(database);
    const { rows } = await sql<{ name: string }>`select name from pgboss.queue`.execute(database.db);
    const prepared = rows.map((r) => r.name);
    expect(prepared.length).toBeGreaterThan(0);
    expect(prepared.filter((name) => !isJobName(name))).toEqual([]);
  });

  it('has a schema for every outbox topic', () => {
    expect(OUTBOX_TOPICS.length).toBeGreaterThan(0);
    for (const topic of OUTBOX_TOPICS) expect(OUTBOX_EVENTS[topic]).toBeDefined();
    for (const name of JOB_NAMES) expect(JOBS[name]).toBeDefined();
  });

  it('refuses a malformed job payload: the handler never runs, the job fails', async () => {
    expect(parseJob('notification-delivery', { deliveryId: 'd-1' })).toEqual({ deliveryId: 'd-1' });
    expect(() => parseJob('notification-delivery', { deliveryId: 42 })).toThrow(MalformedJobError);
    expect(() => parseJob('account-mail', { kind: 'phish', userId: 'u', sealedLink: 's' })).toThrow(MalformedJobError);

    const handled: unknown[] = [];
    const queue = defineQueue('report-export', {
      handle: async (data) => {
        handled.push(data);
        return 'ran';
      },
    });
    await expect(queue.handle(jobWith({ exportId: 7 }))).rejects.toThrow(MalformedJobError);
    await expect(queue.handle(jobWith({}))).rejects.toThrow(/malformed report-export job/);
    expect(handled).toEqual([]);
    await expect(queue.handle(jobWith({ exportId: 'e-1' }))).resolves.toBe('ran');
    expect(handled).toEqual([{ exportId: 'e-1' }]);
  });

  it('refuses a malformed outbox payload: the dispatcher logs it and marks it done without notifying anyone', async () => {
    expect(parseOutboxEvent({ topic: 'ticket.assigned', payload: { to: 42 } }).ok).toBe(false);
    expect(parseOutboxEvent({ topic: 'ticket.exploded', payload: {} })).toEqual({
      ok: false,
      error: 'unknown outbox topic ticket.exploded',
    });
    const good = parseOutboxEvent({ topic: 'ticket.assigned', payload: { from: null, to: 'u-1' } });
    expect(good).toMatchObject({ ok: true, event: { topic: 'ticket.assigned', payload: { from: null, to: 'u-1' } } });

    await prepareQueues(database);
    const db = database.db;
    const event = await db
      .insertInto('outbox_events')
      .values({ topic: 'sla.compliance_alert', ticket_id: null, actor_id: null, payload: '{"title": 5}' })
      .returning('id')
      .executeTakeFirstOrThrow();
    // A well-formed event about no ticket next to it still goes through.
    await enqueueEvent(db, {
      topic: 'sla.compliance_alert',
      ticketId: null,
      actorId: null,
      payload: { title: 'SLA 50% < 90% (30 d)' },
    });
    const errors: { obj: object; msg: string }[] = [];
    const dispatcher = outboxDispatcher({
      db,
      clock: systemClock,
      whatsappConfigured: false,
      log: { error: (obj, msg) => errors.push({ obj, msg }) },
    });
    expect(await dispatcher.dispatch()).toBe(2);
    expect(errors).toEqual([
      {
        msg: 'outbox event refused',
        obj: expect.objectContaining({ outboxId: event.id, topic: 'sla.compliance_alert' }) as object,
      },
    ]);
    const refused = await db
      .selectFrom('outbox_events')
      .select('processed_at')
      .where('id', '=', event.id)
      .executeTakeFirstOrThrow();
    expect(refused.processed_at).not.toBeNull();
    const notified = await db
      .selectFrom('notifications')
      .select('outbox_id')
      .where('outbox_id', '=', event.id)
      .execute();
    expect(notified).toEqual([]);
  });
});
