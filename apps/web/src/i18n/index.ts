import { LOCALES } from '@bantu/contracts';
import type { Locale } from '@bantu/contracts';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

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

/**
 * Each language is its own chunk, fetched when it is first needed: the first load brings only
 * the active one (Indonesian unless this device chose English), a switch fetches the other.
 */
const bundles: Record<Locale, () => Promise<{ default: Record<string, unknown> }>> = {
  id: () => import('./id.json'),
  en: () => import('./en.json'),
};

/** Makes a language's strings available (once; later calls answer at once). */
export async function loadLocale(locale: Locale): Promise<void> {
  if (i18n.hasResourceBundle(locale, 'translation')) return;
  const { default: resources } = await bundles[locale]();
  i18n.addResourceBundle(locale, 'translation', resources, true, true);
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
});

/** Settles once the first language's strings are loaded: the app renders after it. */
export const i18nReady: Promise<void> = loadLocale(initialLocale);

export { i18n };
