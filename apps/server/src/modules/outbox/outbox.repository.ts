import type { Kysely } from 'kysely';
import type { Database } from '@/db/types';
import { OUTBOX_SIGNAL, workSignal } from '@/infra/queue/work-signal';
import { currentBaseUrl } from '@/lib/request-origin';
import type { OutboxPayload, OutboxTopic } from './outbox.definitions';

export { OUTBOX_TOPICS, type OutboxTopic, type OutboxPayload } from './outbox.definitions';

/** The outbox row of an event (written by enqueueEvent, or inside a caller's own statement). */
export function outboxRow<T extends OutboxTopic>(event: {
  topic: T;
  ticketId: string | null;
  actorId: string | null;
  payload?: OutboxPayload<T>;
}) {
  return {
    topic: event.topic,
    ticket_id: event.ticketId,
    actor_id: event.actorId,
    payload: JSON.stringify(event.payload ?? {}),
    base_url: currentBaseUrl(),
  };
}

/** A dispatcher in this process (ROLE=all) looks at once instead of at its next poll. */
export function signalOutbox(): void {
  workSignal.notify(OUTBOX_SIGNAL);
}

/**
 * Writes a domain event in the caller's transaction: it exists exactly when the change it
 * describes was committed. The notification worker delivers it later. An event written while
 * serving a request keeps the request's base URL, for the links in its mails.
 */
export async function enqueueEvent<T extends OutboxTopic>(
  trx: Kysely<Database>,
  event: { topic: T; ticketId: string | null; actorId: string | null; payload?: OutboxPayload<T> },
): Promise<void> {
  await trx.insertInto('outbox_events').values(outboxRow(event)).execute();
  signalOutbox();
}

export function listEventsForTicket(db: Kysely<Database>, ticketId: string) {
  return db.selectFrom('outbox_events').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute();
}
