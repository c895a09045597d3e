import { describe, expect, it } from 'vitest';
import { startPoller } from './poller';
import { workSignal } from './work-signal';

const quiet = { info: () => undefined, error: () => undefined };

describe('poller', () => {
  it('sleeps idleMs when idle, and wakes at once when this process signals its name', async () => {
    let rounds = 0;
    const count = () => {
      rounds++;
      return Promise.resolve(0);
    };
    const poller = startPoller('poller-test', count, quiet, 60_000);
    try {
      await new Promise((r) => setTimeout(r, 50));
      expect(rounds).toBe(1);
      workSignal.notify('poller-test');
      await new Promise((r) => setTimeout(r, 50));
      expect(rounds).toBe(2);
      workSignal.notify('another-name');
      await new Promise((r) => setTimeout(r, 50));
      expect(rounds).toBe(2);
    } finally {
      await poller.stop();
    }
  });

  it('runs another round when signalled during a round', async () => {
    let rounds = 0;
    const poller = startPoller(
      'poller-test-2',
      async () => {
        rounds++;
        if (rounds === 1) workSignal.notify('poller-test-2');
        return 0;
      },
      quiet,
      60_000,
    );
    try {
      await new Promise((r) => setTimeout(r, 50));
      expect(rounds).toBe(2);
    } finally {
      await poller.stop();
    }
  });
});
