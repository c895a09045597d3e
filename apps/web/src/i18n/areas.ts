/**
 * The strings every first load needs (sign-in, the signed-in shell, the requester's home), by
 * top-level section or dotted path of id.json/en.json. Each language is served in two chunks:
 * these ("first"), and everything else ("more"), fetched before any other page opens
 * (app/router.tsx). A string used by a first-load screen but missing here is fetched when it is
 * first asked for (i18n/index.ts), so a mistake shows a key for a moment, never for good.
 */
export const FIRST_STRINGS: readonly string[] = [
  'app',
  'auth',
  'common',
  'nav',
  'header',
  'roles',
  'languages',
  'notifications',
  'notificationPreferences',
  'errors',
  'validation',
  'offline',
  'pwa',
  'realtime',
  'sso',
  'account',
  'home',
  'tickets',
  'sla.nav',
];

export type StringsPart = 'first' | 'more';
