import { LOCALES } from '@bantu/contracts';
import type { Locale } from '@bantu/contracts';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { StringsPart } from './areas';

export const DEFAULT_LOCALE: Locale = 'id';
const STORAGE_KEY = 'bantu.locale';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The language chosen on this device before signing in, if any. */
export function storedLocale(): Locale | null {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : null;
  } catch {
    return null;
  }
}

export function rememberLocale(locale: Locale): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // storage may be unavailable (private mode); the choice then lasts for this visit only
  }
}

export function currentLocale(): Locale {
  return isLocale(i18n.language) ? i18n.language : DEFAULT_LOCALE;
}

type Strings = () => Promise<{ default: Record<string, unknown> }>;

/**
 * Each language is two chunks, fetched when first needed: the first load brings only the active
 * language's first-load strings (areas.ts: sign-in, the shell, the requester's home); the rest
 * comes before any other page opens (`loadMoreStrings`, app/router.tsx). A switch fetches the
 * other language's parts that were already loaded for this one.
 */
const bundles: Record<Locale, Record<StringsPart, Strings>> = {
  id: { first: () => import('./id.json?strings=first'), more: () => import('./id.json?strings=more') },
  en: { first: () => import('./en.json?strings=first'), more: () => import('./en.json?strings=more') },
};

const loaded = new Map<string, Promise<void>>();
let moreWanted = false;

function loadPart(locale: Locale, part: StringsPart): Promise<void> {
  const key = `${locale}:${part}`;
  let done = loaded.get(key);
  if (!done) {
    done = bundles[locale][part]().then(({ default: resources }) => {
      i18n.addResourceBundle(locale, 'translation', resources, true, true);
    });
    // A failed fetch (offline) is tried again on the next call.
    done.catch(() => loaded.delete(key));
    loaded.set(key, done);
  }
  return done;
}

/** Makes a language's strings available: its first-load part, and the rest once wanted. */
export async function loadLocale(locale: Locale): Promise<void> {
  await Promise.all([loadPart(locale, 'first'), moreWanted ? loadPart(locale, 'more') : undefined]);
}

/** The strings of every other page, in the current language (and, from now on, in any other). */
export function loadMoreStrings(): Promise<void> {
  moreWanted = true;
  return loadLocale(currentLocale());
}

/** Switches the interface language, fetching its strings first. */
export async function switchLanguage(locale: Locale): Promise<void> {
  await loadLocale(locale);
  await i18n.changeLanguage(locale);
}

const initialLocale = storedLocale() ?? DEFAULT_LOCALE;
void i18n.use(initReactI18next).init({
  resources: {},
  partialBundledLanguages: true,
  lng: initialLocale,
  fallbackLng: DEFAULT_LOCALE,
  supportedLngs: [...LOCALES],
  interpolation: { escapeValue: false },
  initAsync: false,
  // A key outside the first-load strings asked for before the rest came: fetch the rest, and
  // re-render what is shown when it is added (react-i18next listens for 'added').
  saveMissing: true,
  missingKeyHandler: () => void loadMoreStrings().catch(() => undefined),
  react: { bindI18nStore: 'added' },
});

/** Settles once the first language's strings are loaded: the app renders after it. */
export const i18nReady: Promise<void> = loadLocale(initialLocale);

export { i18n };
