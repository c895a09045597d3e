import {
  FACTORY_CHANNELS,
  NOTIFICATION_CHANNELS,
  NOTIFICATION_KINDS,
  NO_LOCKS,
  NotificationChannel,
  type ChannelSet,
  type MyNotificationPreferences,
  type MyNotificationPreferencesUpdate,
  type NotificationDefaultsResponse,
  type NotificationDefaultsUpdateRequest,
  type NotificationKind,
} from '@bantu/contracts';
import { z } from 'zod';
import type { DB } from '@/db/database';
import type { Clock } from '@/infra/infra.plugin';
import { fieldError } from '@/lib/errors';
import { usersWithPushDevices } from '@/modules/push/push.repository';
import { settingsService, type SettingsService } from '@/modules/settings/settings.service';
import * as repo from './notifications.preferences.repository';
import { nextLocalTime, quietUntil, toHhmm, toMinutes } from './notifications.schedule';

const DEFAULT_DIGEST_AT = 8 * 60;

type DefaultRow = Awaited<ReturnType<typeof repo.readDefaults>>[number];
type PreferenceRow = Awaited<ReturnType<typeof repo.readPreferences>>[number];
type SettingsRow = Awaited<ReturnType<typeof repo.readSettings>>[number];

const channelsOf = (row: { in_app: boolean; email: boolean; whatsapp: boolean; push: boolean }): ChannelSet => ({
  in_app: row.in_app,
  email: row.email,
  whatsapp: row.whatsapp,
  push: row.push,
});
const locksOf = (row: DefaultRow): ChannelSet => ({
  in_app: row.lock_in_app,
  email: row.lock_email,
  whatsapp: row.lock_whatsapp,
  push: row.lock_push,
});

function defaultFor(rows: DefaultRow[], kind: string) {
  const row = rows.find((r) => r.kind === kind);
  return row ? { channels: channelsOf(row), locked: locksOf(row) } : { channels: FACTORY_CHANNELS, locked: NO_LOCKS };
}

/** The user's own choice over the organisation default; a locked channel stays on whatever the user chose. */
export function effectiveChannels(defaults: { channels: ChannelSet; locked: ChannelSet }, own: ChannelSet | null) {
  const base = own ?? defaults.channels;
  return Object.fromEntries(NOTIFICATION_CHANNELS.map((c) => [c, base[c] || defaults.locked[c]])) as ChannelSet;
}

/** Optional hints an event may carry in its outbox payload (SLA escalations use them). */
const EventHints = z.object({
  channels: z.array(NotificationChannel).optional().catch(undefined),
  urgent: z.boolean().optional().catch(undefined),
});

export interface Recipient {
  id: string;
  phone: string | null;
  whatsapp_opt_in: boolean;
}

export interface DeliveryPlan {
  /** A row in the notification centre. */
  inApp: boolean;
  /** Deliveries to create, each due at `at`; `heldUntil` when quiet hours pushed it. */
  deliveries: { channel: 'email' | 'whatsapp' | 'push'; at: Date; heldUntil: Date | null }[];
  /** Its e-mail goes into the daily digest due then instead of a single mail. */
  digestAt: Date | null;
}

/**
 * Decides, for one event, who gets it on which channel and when. Loaded once per dispatch
 * batch (organisation defaults and time zone), then per event (each recipient's choices).
 *
 * - channels: the event's own `channels` hint if present, else the user's choice for the event
 *   type, else the organisation default (locked channels always on); WhatsApp only to users
 *   with a number who opted in, and only when WhatsApp is configured;
 * - quiet hours hold e-mail and WhatsApp until the window ends; the in-app row appears at once;
 * - with the digest on, e-mail waits for the next digest instead of going out alone;
 * - `urgent: true` bypasses quiet hours and the digest.
 */
export async function deliveryPlanner(db: DB, options: { whatsappConfigured: boolean }) {
  const [defaults, org] = await Promise.all([repo.readDefaults(db), settingsService(db).get()]);
  return async function plan(
    kind: NotificationKind,
    people: Recipient[],
    payload: unknown,
    now: Date,
  ): Promise<Map<string, DeliveryPlan>> {
    const result = new Map<string, DeliveryPlan>();
    if (people.length === 0) return result;
    const ids = people.map((p) => p.id);
    const [prefs, settings, devices] = await Promise.all([
      repo.readPreferences(db, ids, kind),
      repo.readSettings(db, ids),
      usersWithPushDevices(db, ids),
    ]);
    const hints = EventHints.safeParse(payload ?? {});
    const forced = hints.success ? hints.data.channels : undefined;
    const urgent = hints.success && hints.data.urgent === true;
    const byDefault = defaultFor(defaults, kind);
    for (const person of people) {
      const own = prefs.find((p: PreferenceRow) => p.user_id === person.id);
      const mine = settings.find((s: SettingsRow) => s.user_id === person.id);
      const channels: ChannelSet = forced
        ? {
            in_app: forced.includes('in_app'),
            email: forced.includes('email'),
            whatsapp: forced.includes('whatsapp'),
            push: forced.includes('push'),
          }
        : effectiveChannels(byDefault, own ? channelsOf(own) : null);
      const timeZone = mine?.time_zone ?? org.timezone;
      const held =
        !urgent && mine?.quiet_start != null && mine.quiet_end != null
          ? quietUntil(now, { start: mine.quiet_start, end: mine.quiet_end }, timeZone)
          : null;
      const plan: DeliveryPlan = { inApp: channels.in_app, deliveries: [], digestAt: null };
      if (channels.email) {
        if (mine?.digest_enabled && !urgent) plan.digestAt = nextLocalTime(now, mine.digest_at, timeZone);
        else plan.deliveries.push({ channel: 'email', at: held ?? now, heldUntil: held });
      }
      if (channels.whatsapp && options.whatsappConfigured && person.phone && person.whatsapp_opt_in) {
        plan.deliveries.push({ channel: 'whatsapp', at: held ?? now, heldUntil: held });
      }
      if (channels.push && devices.has(person.id)) {
        plan.deliveries.push({ channel: 'push', at: held ?? now, heldUntil: held });
      }
      result.set(person.id, plan);
    }
    return result;
  };
}

/** Reading and changing preferences: the user's own, and the organisation defaults (admins). */
export function notificationPreferencesService(db: DB, clock: Clock, settings: SettingsService) {
  async function getMine(userId: string): Promise<MyNotificationPreferences> {
    const [defaults, prefs, own, org, contact] = await Promise.all([
      repo.readDefaults(db),
      repo.readPreferences(db, [userId]),
      repo.readSettings(db, [userId]),
      settings.get(),
      repo.readUserContact(db, userId),
    ]);
    const mine = own[0];
    return {
      events: NOTIFICATION_KINDS.map((kind) => {
        const byDefault = defaultFor(defaults, kind);
        const choice = prefs.find((p) => p.kind === kind);
        return {
          kind,
          channels: effectiveChannels(byDefault, choice ? channelsOf(choice) : null),
          custom: choice !== undefined,
          defaults: byDefault.channels,
          locked: byDefault.locked,
        };
      }),
      quietHours:
        mine?.quiet_start != null && mine.quiet_end != null
          ? { start: toHhmm(mine.quiet_start), end: toHhmm(mine.quiet_end) }
          : null,
      timeZone: mine?.time_zone ?? null,
      effectiveTimeZone: mine?.time_zone ?? org.timezone,
      digest: { enabled: mine?.digest_enabled ?? false, at: toHhmm(mine?.digest_at ?? DEFAULT_DIGEST_AT) },
      whatsappReady: !!contact.phone && contact.whatsapp_opt_in,
    };
  }

  async function getDefaults(): Promise<NotificationDefaultsResponse> {
    const rows = await repo.readDefaults(db);
    return { items: NOTIFICATION_KINDS.map((kind) => ({ kind, ...defaultFor(rows, kind) })) };
  }

  return {
    getMine,
    getDefaults,

    async updateMine(userId: string, request: MyNotificationPreferencesUpdate) {
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const defaults = await repo.readDefaults(trx);
        for (const [index, item] of (request.events ?? []).entries()) {
          const { locked } = defaultFor(defaults, item.kind);
          const off = NOTIFICATION_CHANNELS.find((c) => locked[c] && item.channels && !item.channels[c]);
          if (off) {
            throw fieldError(
              `events.${index}.channels.${off}`,
              `The organisation requires ${off} for ${item.kind}; it cannot be turned off`,
            );
          }
          await repo.writePreference(trx, userId, item.kind, item.channels, now);
        }
        const changes: Parameters<typeof repo.writeSettings>[2] = {};
        if (request.quietHours !== undefined) {
          changes.quiet_start = request.quietHours ? toMinutes(request.quietHours.start) : null;
          changes.quiet_end = request.quietHours ? toMinutes(request.quietHours.end) : null;
        }
        if (request.timeZone !== undefined) changes.time_zone = request.timeZone;
        if (request.digest) {
          changes.digest_enabled = request.digest.enabled;
          changes.digest_at = toMinutes(request.digest.at);
        }
        if (Object.keys(changes).length > 0) await repo.writeSettings(trx, userId, changes, now);
      });
      return getMine(userId);
    },

    async updateDefaults(request: NotificationDefaultsUpdateRequest, actorId: string) {
      await db.transaction().execute((trx) => repo.writeDefaults(trx, request.items, actorId, clock.now()));
      return getDefaults();
    },
  };
}
