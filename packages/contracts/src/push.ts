import { z } from 'zod';

/** The server's VAPID public key (base64url), for PushManager.subscribe's applicationServerKey. */
export const PushKeyResponse = z.object({ publicKey: z.string() });
export type PushKeyResponse = z.infer<typeof PushKeyResponse>;

const base64url = z.string().regex(/^[A-Za-z0-9_-]+={0,2}$/, 'base64url');

/** A browser's PushSubscription (its toJSON()), plus a label naming the device. */
export const PushSubscriptionCreate = z.object({
  endpoint: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .describe('The push service URL of this device'),
  keys: z.object({
    p256dh: base64url.min(80).max(100).describe('The device public key (P-256, uncompressed, base64url)'),
    auth: base64url.min(16).max(30).describe('The 16-byte auth secret, base64url'),
  }),
  label: z.string().trim().max(120).optional().describe('Shown in the profile, e.g. "Chrome on Android"'),
});
export type PushSubscriptionCreate = z.infer<typeof PushSubscriptionCreate>;

export const PushSubscriptionItem = z.object({
  id: z.uuid(),
  label: z.string(),
  /** Only the host of the push service: the full endpoint is a bearer capability. */
  service: z.string(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
});
export type PushSubscriptionItem = z.infer<typeof PushSubscriptionItem>;

export const PushSubscriptionList = z.object({ items: z.array(PushSubscriptionItem) });
export type PushSubscriptionList = z.infer<typeof PushSubscriptionList>;
