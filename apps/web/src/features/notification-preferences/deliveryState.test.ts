import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { deliveryState } from './deliveryState';

// Echoes the key and its values, so the test sees what was chosen without the i18n runtime.
const t = ((key: string, values?: Record<string, string>) =>
  values ? `${key}(${Object.values(values).join('|')})` : key) as unknown as TFunction;
// Local wall times, so the test holds in any time zone the machine runs in.
const local = (d: number, h: number) => new Date(2026, 10, d, h, 0).toISOString();
const now = new Date(2026, 10, 25, 10, 0).getTime();

describe('deliveryState', () => {
  it('says nothing when the e-mail went out at once', () => {
    expect(deliveryState(t, { held: null, digest: null }, 'en', now)).toBeNull();
    expect(deliveryState(t, {}, 'en', now)).toBeNull();
  });

  it('names the held channels and the time they go out, today or tomorrow', () => {
    const today = deliveryState(t, { held: { channels: ['email'], until: local(25, 22) } }, 'en-GB', now);
    expect(today).toBe('notificationPreferences.heldUntil(notificationPreferences.channels.email|22:00)');
    const tomorrow = deliveryState(t, { held: { channels: ['email', 'whatsapp'], until: local(26, 7) } }, 'en-GB', now);
    expect(tomorrow).toBe(
      'notificationPreferences.heldUntil(notificationPreferences.channels.email, notificationPreferences.channels.whatsapp|notificationPreferences.tomorrowAt(07:00))',
    );
  });

  it('tells a digest item apart from one already sent in a digest', () => {
    expect(deliveryState(t, { digest: { at: local(26, 8), sentAt: null } }, 'en-GB', now)).toBe(
      'notificationPreferences.inDigest(notificationPreferences.tomorrowAt(08:00))',
    );
    expect(deliveryState(t, { digest: { at: local(26, 8), sentAt: local(26, 9) } }, 'en-GB', now)).toBe(
      'notificationPreferences.inDigestSent',
    );
  });
});
