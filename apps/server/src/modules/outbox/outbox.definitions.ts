import { NotificationChannel, TicketStatus } from '@bantu/contracts';
import { z } from 'zod';
import {
  JobSender,
  type JobMetadata,
  type SendOptions,
  type SqlExecutor,
  type WorkQueue,
} from '@/infra/queue/job-queue';

/**
 * What the writers send the worker, in one place: each outbox topic and each job queue with the
 * zod schema of its payload (Documenso's job definitions, Immich's EventMap). Producers are
 * typed from the schemas (`OutboxPayload<T>`, `JobPayload<N>`); consumers parse with them
 * (`parseOutboxEvent`, `parseJob`) instead of casting what they read back.
 */

/** Hints any event may carry for the delivery planner (SLA escalation levels set them). */
const hints = {
  channels: z.array(NotificationChannel).optional().catch(undefined),
  urgent: z.boolean().optional().catch(undefined),
};

const Id = z.string().min(1);

/** An SLA level that fired (sla.monitor.ts); older and hand-written events carry only a part. */
const SlaFiring = z.object({
  ...hints,
  /** The level's channels as stored (the planner keeps the ones it knows). */
  channels: z.array(z.string()).optional(),
  levelId: Id.optional(),
  levelName: z.string().optional(),
  action: z.string().optional(),
  /** Who the level names (SlaRecipient); an event without them tells the assignee. */
  recipients: z.array(z.string()).optional(),
  dueAt: z.string().optional(),
  deadline: z.string().nullable().optional(),
});

export const OUTBOX_EVENTS = {
  'ticket.created': z.object({ ...hints, requesterId: Id.optional() }),
  'ticket.updated': z.object({
    ...hints,
    /** The fields changed (a history event without a field is written as null). */
    fields: z.array(z.string().nullish()).optional(),
    /** Files added on their own (attachments.service.ts). */
    attachments: z.array(Id).optional(),
    isInternal: z.boolean().optional(),
  }),
  'ticket.assigned': z.object({
    ...hints,
    /** User ids: who had it, who has it now (null = unassigned). */
    from: Id.nullable().optional(),
    to: Id.nullable().optional(),
    statusFrom: TicketStatus.optional(),
    statusTo: TicketStatus.optional(),
  }),
  'ticket.status_changed': z.object({
    ...hints,
    from: TicketStatus.optional(),
    to: TicketStatus.optional(),
    action: z.string().optional(),
    /** The comment the transition came with (resolution note, reason). */
    commentId: Id.optional(),
  }),
  'ticket.comment_added': z.object({
    ...hints,
    commentId: Id.optional(),
    isInternal: z.boolean().optional(),
    mentions: z.array(Id).optional(),
    /** Files added with the comment (attachments.service.ts). */
    attachments: z.array(Id).optional(),
  }),
  // Written by the SLA monitor and compliance check (modules/sla).
  'sla.at_risk': SlaFiring,
  'sla.breached': SlaFiring,
  'sla.escalated': SlaFiring,
  'sla.compliance_alert': z.object({
    ...hints,
    percent: z.number().optional(),
    resolved: z.number().optional(),
    met: z.number().optional(),
    windowDays: z.number().optional(),
    threshold: z.number().optional(),
    /** What the notification shows: the alert is about no ticket. */
    title: z.string().optional(),
  }),
  // Written already processed, as the anchor of the export's in-app notification (modules/reports).
  'report.export_ready': z.object({ exportId: Id.nullable() }),
} as const satisfies Record<string, z.ZodType<Record<string, unknown>>>;

export type OutboxTopic = keyof typeof OUTBOX_EVENTS;
export const OUTBOX_TOPICS = Object.keys(OUTBOX_EVENTS) as OutboxTopic[];
/** What a producer writes for a topic. */
export type OutboxPayload<T extends OutboxTopic> = z.input<(typeof OUTBOX_EVENTS)[T]>;
/** What a consumer reads, parsed. */
export type ParsedOutboxPayload<T extends OutboxTopic> = z.output<(typeof OUTBOX_EVENTS)[T]>;

/** An outbox row with its payload parsed: `topic` narrows `payload`. */
export type TypedOutboxEvent<Row extends { topic: string; payload: unknown }> = {
  [T in OutboxTopic]: Omit<Row, 'topic' | 'payload'> & { topic: T; payload: ParsedOutboxPayload<T> };
}[OutboxTopic];

export const isOutboxTopic = (topic: string): topic is OutboxTopic => Object.hasOwn(OUTBOX_EVENTS, topic);

/** Parses an outbox row read back; an unknown topic or a payload that does not fit is refused with the reason. */
export function parseOutboxEvent<Row extends { topic: string; payload: unknown }>(
  row: Row,
): { ok: true; event: TypedOutboxEvent<Row> } | { ok: false; error: string } {
  if (!isOutboxTopic(row.topic)) return { ok: false, error: `unknown outbox topic ${row.topic}` };
  const parsed = OUTBOX_EVENTS[row.topic].safeParse(row.payload ?? {});
  if (!parsed.success) return { ok: false, error: `${row.topic}: ${z.prettifyError(parsed.error)}` };
  return { ok: true, event: { ...row, payload: parsed.data } as TypedOutboxEvent<Row> };
}

/** A scheduled job: the cron sends an empty payload. */
const Scheduled = z.object({});

/** One notification delivery or digest (modules/notifications). */
const DeliveryJob = z.object({ deliveryId: Id });
const DigestJob = z.object({ digestId: Id });

export const JOBS = {
  // Queues the writers send to, inside their transactions.
  'notification-delivery': DeliveryJob,
  'notification-digest': DigestJob,
  /** The dead letter of both: a copy of the job that failed for good. */
  'notification-delivery-gave-up': z.union([DigestJob, DeliveryJob]),
  'report-export': z.object({ exportId: Id }),
  'account-mail': z.object({
    kind: z.enum(['reset', 'invite']),
    userId: Id,
    /** The link, sealed with the app secret: the job table never holds a usable token. */
    sealedLink: z.string().min(1),
  }),
  'mail-intake-retry': z.object({ id: Id }),
  // Scheduled jobs (cron).
  'tickets-auto-close': Scheduled,
  'attachments-purge': Scheduled,
  'sla-monitor': Scheduled,
  'sla-compliance': Scheduled,
  'notifications-digest': Scheduled,
  'report-exports-purge': Scheduled,
  'report-subscriptions': Scheduled,
  'report-stats-time-zone': Scheduled,
  'mail-intake-poll': Scheduled,
} as const satisfies Record<string, z.ZodType<object>>;

export type JobName = keyof typeof JOBS;
export const JOB_NAMES = Object.keys(JOBS) as JobName[];
/** What a producer sends to a queue. */
export type JobPayload<N extends JobName> = z.input<(typeof JOBS)[N]>;
/** What a handler gets, parsed. */
export type ParsedJobPayload<N extends JobName> = z.output<(typeof JOBS)[N]>;

export const isJobName = (name: string): name is JobName => Object.hasOwn(JOBS, name);

/** A job's payload that does not fit its queue's schema: the job fails instead of being acted on. */
export class MalformedJobError extends Error {
  constructor(
    readonly queue: string,
    detail: string,
  ) {
    super(`malformed ${queue} job: ${detail}`);
  }
}

/** Parses the data of a job of queue `name`; throws MalformedJobError when it does not fit. */
export function parseJob<N extends JobName>(name: N, data: unknown): ParsedJobPayload<N> {
  const parsed = JOBS[name].safeParse(data);
  if (!parsed.success) throw new MalformedJobError(name, z.prettifyError(parsed.error));
  return parsed.data as ParsedJobPayload<N>;
}

const sender = new JobSender();

/** Sends a job through the caller's executor (its transaction): the payload is checked against the queue's schema by the compiler. */
export function sendJob<N extends JobName>(
  db: SqlExecutor,
  name: N,
  data: JobPayload<N>,
  options?: SendOptions,
): Promise<string | null> {
  return sender.send(db, name, data, options);
}

/**
 * A work queue whose handler gets the job's payload parsed with the queue's schema: a job whose
 * data does not fit fails (MalformedJobError, in the job's output) without the handler running.
 */
export function defineQueue<N extends JobName>(
  name: N,
  queue: Omit<WorkQueue, 'name' | 'handle'> & {
    handle: (data: ParsedJobPayload<N>, job: JobMetadata) => Promise<unknown>;
  },
): WorkQueue {
  const { handle, ...rest } = queue;
  return { ...rest, name, handle: async (job) => handle(parseJob(name, job.data), job) };
}
