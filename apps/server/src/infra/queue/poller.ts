import type { JobLogger } from './job-queue';
import { workSignal } from './work-signal';

/**
 * Runs `work` again and again in a worker process: as long as it reports work done, at once;
 * otherwise after `idleMs`, or as soon as this process signals `name` (work-signal.ts). Used for
 * the outbox, which must react within a second (pg-boss cron is per minute). Exactly-once comes
 * from SKIP LOCKED inside `work`.
 */
export function startPoller(name: string, work: () => Promise<number>, log: JobLogger, idleMs = 1000) {
  let running = true;
  // Held in an object so TypeScript sees it change inside the closures.
  const sleeper: { wake: (() => void) | null } = { wake: null };
  // A signal while a round runs makes the next round start at once (its work may be missed).
  let signalled = false;
  const off = workSignal.on(name, () => {
    signalled = true;
    sleeper.wake?.();
  });
  const loop = (async () => {
    while (running) {
      let done = 0;
      signalled = false;
      try {
        done = await work();
      } catch (error) {
        log.error({ err: error, poller: name }, 'poller failed; retrying');
      }
      if (done > 0 || signalled) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, idleMs);
        sleeper.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      sleeper.wake = null;
    }
  })();
  return {
    /** Finishes the current round, then stops. */
    async stop() {
      running = false;
      off();
      sleeper.wake?.();
      await loop;
    },
  };
}
