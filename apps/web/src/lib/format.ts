const BCP47: Record<string, string> = { id: 'id-ID', en: 'en-GB' };

function tag(locale: string): string {
  return BCP47[locale] ?? locale;
}

export function formatDateTime(iso: string | null, locale: string): string | null {
  if (!iso) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(tag(locale), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function formatNumber(value: number, locale: string, maximumFractionDigits = 2): string {
  return new Intl.NumberFormat(tag(locale), { maximumFractionDigits }).format(value);
}

/** '' and whitespace become null: how optional text inputs map to nullable API fields. */
export function blankToNull(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}
