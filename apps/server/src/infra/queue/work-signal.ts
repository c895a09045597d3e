import { EventEmitter } from 'node:events';

/** The name the outbox poller listens on (outbox events are not pg-boss jobs). */
export const OUTBOX_SIGNAL = 'outbox';

const emitter = new EventEmitter();
emitter.setMaxListeners(0);

/**
 * In-process hints that work was queued: a job sent or an outbox event written here wakes this
 * process's workers at once (ROLE=all), so they can poll rarely when idle. Only a hint: a
 * worker woken before the sender's transaction commits finds nothing and polls again later;
 * on PGlite its fetch waits for the connection, i.e. for that commit. Other processes still
 * find the work by polling.
 */
export const workSignal = {
  notify(name: string): void {
    emitter.emit(name);
  },
  /** Calls `wake` on every notify of `name`; answers the unsubscribe. */
  on(name: string, wake: () => void): () => void {
    emitter.on(name, wake);
    return () => emitter.off(name, wake);
  },
};
