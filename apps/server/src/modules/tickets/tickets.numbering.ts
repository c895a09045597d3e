// One formatter per time zone: constructing an Intl.DateTimeFormat per call was 5.8 % of a
// create's server CPU (docs/performance.md, profile of 2026-12-07).
const periodFormats = new Map<string, Intl.DateTimeFormat>();

/** `PREFIX-YYYYMM-00042`: the period is the year and month in the organisation's time zone. */
export function ticketPeriod(at: Date, timeZone: string): string {
  let format = periodFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' });
    periodFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(at);
  const year = parts.find((p) => p.type === 'year')?.value ?? '0000';
  const month = parts.find((p) => p.type === 'month')?.value ?? '00';
  return `${year}${month}`;
}

export function formatTicketNumber(prefix: string, period: string, sequence: number): string {
  return `${prefix}-${period}-${String(sequence).padStart(5, '0')}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path segment is either a ticket id or a ticket number. */
export function parseTicketRef(ref: string): { id: string } | { number: string } {
  return UUID.test(ref) ? { id: ref.toLowerCase() } : { number: ref.trim().toUpperCase() };
}
