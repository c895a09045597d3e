import { LOCALES, type Locale } from '@bantu/contracts';

/**
 * The interface languages and, per language, the locale each formatting library wants: one
 * place to add a language. (The dayjs locale data itself is imported where the date pickers
 * are, so that it stays out of the first bundle.)
 */
export const LANGUAGES: readonly Locale[] = LOCALES;

/** BCP 47 tag for Intl (dates, numbers, units): British English for its day-month order. */
export const INTL_LOCALE: Record<Locale, string> = { id: 'id-ID', en: 'en-GB' };

/** dayjs locale for Mantine's date pickers (DatesProvider). */
export const DATES_LOCALE: Record<Locale, string> = { id: 'id', en: 'en-gb' };

const isLanguage = (language: string): language is Locale => (LANGUAGES as readonly string[]).includes(language);

/** The Intl tag of an interface language; an unknown one is passed through as it is. */
export function intlLocale(language: string): string {
  return isLanguage(language) ? INTL_LOCALE[language] : language;
}

/** The Mantine dates (dayjs) locale of an interface language; Indonesian when unknown. */
export function datesLocale(language: string): string {
  return isLanguage(language) ? DATES_LOCALE[language] : DATES_LOCALE.id;
}

/** The language picker's options, each named in the interface language. */
export function languageOptions(t: (key: `languages.${Locale}`) => string): { value: Locale; label: string }[] {
  return LANGUAGES.map((locale) => ({ value: locale, label: t(`languages.${locale}`) }));
}
