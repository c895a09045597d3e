/**
 * What producers and consumers of notifications share: the facts a notification shows and the
 * payloads of its jobs. No code, no imports of the module's other files.
 */
import type { JobPayload } from '@/modules/outbox/outbox.definitions';

/** The facts a notification shows (its `data` column), frozen at the time of the event. */
export interface NotificationData {
  ticketNumber: string | null;
  title: string;
  actorName: string | null;
  from: string | null;
  to: string | null;
  excerpt: string | null;
  /** The ticket's status after the event (absent in rows from before it was kept). */
  status?: string | null;
  /** What the mail quotes: the description, the comment, the reason or resolution note. */
  text?: string | null;
  /** Where links point when PUBLIC_URL is not set: the address the causing request came in on. */
  baseUrl?: string | null;
  /** report_ready: the export it announces (modules/reports). */
  export?: { id: string; fileName: string; downloadUrl: string; expiresAt: string };
}

/** The job of one delivery (e-mail or WhatsApp) to one person (schemas: outbox.definitions.ts). */
export type DeliveryJobData = JobPayload<'notification-delivery'>;

/** The job of one daily digest (one mail per user and local day). */
export type DigestJobData = JobPayload<'notification-digest'>;

/** What the dead letter queue gets: a copy of either job. */
export type GaveUpJobData = JobPayload<'notification-delivery-gave-up'>;

/** A row the queue sends a job for: its id and when it may start. */
export interface Deliverable {
  id: string;
  next_attempt_at: Date;
}
