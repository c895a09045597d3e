/** `PREFIX-YYYYMM-00042`: the period is the year and month in the organisation's time zone. */
export function ticketPeriod(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(at);
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
