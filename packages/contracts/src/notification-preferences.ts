import { z } from 'zod';
import { NOTIFICATION_KINDS, NotificationKind } from './notifications';

export const NOTIFICATION_CHANNELS = ['in_app', 'email', 'whatsapp', 'push'] as const;
export const NotificationChannel = z.enum(NOTIFICATION_CHANNELS);
export type NotificationChannel = z.infer<typeof NotificationChannel>;

/** One switch per channel. */
export const ChannelSet = z.object({
  in_app: z.boolean().describe('A row in the notification centre (and a live push)'),
  email: z.boolean(),
  whatsapp: z.boolean().describe('Only reaches users with a phone number who opted in to WhatsApp'),
  push: z.boolean().default(true).describe('Web Push to the devices the user subscribed (absent: on)'),
});
export type ChannelSet = z.infer<typeof ChannelSet>;

/** What every event does when nobody changed anything: sent at once, in the app and by e-mail (and WhatsApp to those who opted in). */
export const FACTORY_CHANNELS: ChannelSet = { in_app: true, email: true, whatsapp: true, push: true };
export const NO_LOCKS: ChannelSet = { in_app: false, email: false, whatsapp: false, push: false };

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const LocalTimeOfDay = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time like 07:30 (24-hour)')
  .describe("HH:MM, 24-hour, in the user's time zone");

const uniqueKinds = (items: { kind: NotificationKind }[]) => new Set(items.map((i) => i.kind)).size === items.length;

export const EventDefault = z
  .object({
    kind: NotificationKind,
    channels: ChannelSet,
    locked: ChannelSet.describe('Channels forced on for everyone: users cannot turn them off'),
  })
  .refine((v) => NOTIFICATION_CHANNELS.every((c) => !v.locked[c] || v.channels[c]), {
    message: 'A locked channel must be on',
    path: ['locked'],
  });
export type EventDefault = z.infer<typeof EventDefault>;

export const NotificationDefaultsResponse = z.object({
  items: z.array(EventDefault).describe('One entry per event type'),
});
export type NotificationDefaultsResponse = z.infer<typeof NotificationDefaultsResponse>;

export const NotificationDefaultsUpdateRequest = z.object({
  items: z
    .array(EventDefault)
    .min(1)
    .max(NOTIFICATION_KINDS.length)
    .refine(uniqueKinds, 'Each event type at most once'),
});
export type NotificationDefaultsUpdateRequest = z.infer<typeof NotificationDefaultsUpdateRequest>;

export const QuietHours = z
  .object({
    start: LocalTimeOfDay,
    end: LocalTimeOfDay.describe('May be earlier than start: the window then spans midnight'),
  })
  .refine((v) => v.start !== v.end, { message: 'Start and end must differ', path: ['end'] });
export type QuietHours = z.infer<typeof QuietHours>;

export const DigestSettings = z.object({
  enabled: z.boolean().describe('One e-mail a day instead of single e-mails (urgent SLA events still come at once)'),
  at: LocalTimeOfDay,
});
export type DigestSettings = z.infer<typeof DigestSettings>;

export const MyEventPreference = z.object({
  kind: NotificationKind,
  channels: ChannelSet.describe('What this user gets now (own choice, else the organisation default; locks applied)'),
  custom: z.boolean().describe('The user made their own choice for this event'),
  defaults: ChannelSet,
  locked: ChannelSet,
});

export const MyNotificationPreferences = z.object({
  events: z.array(MyEventPreference),
  quietHours: QuietHours.nullable(),
  timeZone: z.string().nullable().describe("Own IANA time zone; null = the organisation's"),
  effectiveTimeZone: z.string(),
  digest: DigestSettings,
  whatsappReady: z.boolean().describe('The user has a phone number and opted in to WhatsApp'),
});
export type MyNotificationPreferences = z.infer<typeof MyNotificationPreferences>;

export const MyNotificationPreferencesUpdate = z
  .object({
    events: z
      .array(
        z.object({
          kind: NotificationKind,
          channels: ChannelSet.nullable().describe('null = follow the organisation default again'),
        }),
      )
      .max(NOTIFICATION_KINDS.length)
      .refine(uniqueKinds, 'Each event type at most once')
      .optional(),
    quietHours: QuietHours.nullable().optional(),
    timeZone: z.string().refine(isTimeZone, 'Must be an IANA time zone such as Asia/Jakarta').nullable().optional(),
    digest: DigestSettings.optional(),
  })
  .strict();
export type MyNotificationPreferencesUpdate = z.infer<typeof MyNotificationPreferencesUpdate>;
