import { intlLocale } from '@/i18n/locales';

function tag(locale: string): string {
  return intlLocale(locale);
}

/**
 * One Intl formatter per kind, language and options, made on first use: building one costs
 * ~0.1-1 ms (locale data), formatting with it a few microseconds, and a list of tickets formats
 * several moments per row on every render (measured: 90 ms of a phone's first load).
 */
const formatters = new Map<string, unknown>();

function cached<O, F>(kind: string, make: (locale: string, options: O) => F) {
  return (locale: string, options: O): F => {
    const key = `${kind}|${locale}|${JSON.stringify(options)}`;
    let formatter = formatters.get(key) as F | undefined;
    if (!formatter) {
      formatter = make(tag(locale), options);
      formatters.set(key, formatter);
    }
    return formatter;
  };
}

/** `Intl.DateTimeFormat` for an interface language, cached. */
export const dateTimeFormat = cached('date', (locale, options: Intl.DateTimeFormatOptions) => {
  return new Intl.DateTimeFormat(locale, options);
});
/** `Intl.NumberFormat` for an interface language, cached. */
export const numberFormat = cached('number', (locale, options: Intl.NumberFormatOptions) => {
  return new Intl.NumberFormat(locale, options);
});
const relativeTimeFormat = cached('relative', (locale, options: Intl.RelativeTimeFormatOptions) => {
  return new Intl.RelativeTimeFormat(locale, options);
});

/** A moment as date and time; in `timeZone` when given (an IANA name), else the browser's. */
export function formatDateTime(iso: string | null, locale: string, timeZone?: string): string | null {
  if (!iso) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return dateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(date);
}

export function formatNumber(value: number, locale: string, maximumFractionDigits = 2): string {
  return numberFormat(locale, { maximumFractionDigits }).format(value);
}

/** '' and whitespace become null: how optional text inputs map to nullable API fields. */
export function blankToNull(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** "5 menit yang lalu", "yesterday": how long ago something happened, in words. */
export function formatRelative(iso: string, locale: string, now = Date.now()): string {
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return iso;
  const seconds = Math.round((then - now) / 1000);
  const format = relativeTimeFormat(locale, { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 45) return format.format(0, 'second');
  if (abs < 45 * 60) return format.format(Math.round(seconds / 60), 'minute');
  if (abs < 22 * 3600) return format.format(Math.round(seconds / 3600), 'hour');
  if (abs < 7 * 86400) return format.format(Math.round(seconds / 86400), 'day');
  return dateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(then));
}
