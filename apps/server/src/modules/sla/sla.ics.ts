/**
 * The part of iCalendar (RFC 5545) a holiday list needs, parsed by hand (no dependency): each
 * VEVENT with an all-day DTSTART (`DTSTART;VALUE=DATE:20261225` or a bare 8-digit date) becomes
 * one holiday per day up to its exclusive DTEND (at most 31 days), named by SUMMARY, yearly
 * when its RRULE has FREQ=YEARLY. Timed events are skipped and counted.
 */

export interface IcsHoliday {
  date: string;
  name: string;
  yearly: boolean;
}

export class IcsError extends Error {}

const MAX_SPAN_DAYS = 31;

/** Joins folded lines (a line starting with a space or tab continues the previous one). */
function unfold(text: string): string[] {
  return text
    .replace(/\r\n/g, '\n')
    .replace(/\r/g, '\n')
    .replace(/\n[ \t]/g, '')
    .split('\n');
}

function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_m, c: string) => (c === 'n' || c === 'N' ? ' ' : c)).trim();
}

/** `NAME;PARAM=x;PARAM2=y:value` -> name, params, value (the value may contain colons). */
function parseLine(line: string): { name: string; params: Record<string, string>; value: string } | null {
  const colon = line.indexOf(':');
  if (colon < 0) return null;
  const [name, ...params] = line.slice(0, colon).split(';');
  return {
    name: name!.toUpperCase(),
    params: Object.fromEntries(
      params.map((p) => {
        const eq = p.indexOf('=');
        return [p.slice(0, eq).toUpperCase(), p.slice(eq + 1).toUpperCase()];
      }),
    ),
    value: line.slice(colon + 1),
  };
}

function isoDate(compact: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(compact);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || !d.toISOString().startsWith(iso) ? null : iso;
}

const nextDay = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export function parseIcsHolidays(text: string): { holidays: IcsHoliday[]; skipped: number } {
  const lines = unfold(text);
  if (!lines.some((l) => l.trim().toUpperCase() === 'BEGIN:VCALENDAR')) {
    throw new IcsError('Not an iCalendar file: BEGIN:VCALENDAR is missing');
  }
  const holidays: IcsHoliday[] = [];
  let skipped = 0;
  let events = 0;
  let current: { start?: string | null; end?: string | null; name?: string; yearly?: boolean } | null = null;
  for (const raw of lines) {
    const line = raw.trimEnd();
    const upper = line.toUpperCase();
    if (upper === 'BEGIN:VEVENT') {
      current = {};
      continue;
    }
    if (upper === 'END:VEVENT') {
      events++;
      const event = current;
      current = null;
      if (!event?.start) {
        skipped++;
        continue;
      }
      const name = (event.name ?? '').slice(0, 120) || 'Holiday';
      let day = event.start;
      let count = 0;
      do {
        holidays.push({ date: day, name, yearly: event.yearly ?? false });
        day = nextDay(day);
        count++;
      } while (event.end && day < event.end && count < MAX_SPAN_DAYS);
      continue;
    }
    if (!current) continue;
    const prop = parseLine(line);
    if (!prop) continue;
    switch (prop.name) {
      case 'DTSTART': {
        const allDay = prop.params.VALUE === 'DATE' || /^\d{8}$/.test(prop.value.trim());
        current.start = allDay ? isoDate(prop.value.trim()) : null;
        break;
      }
      case 'DTEND': {
        const value = prop.value.trim();
        current.end = /^\d{8}$/.test(value) ? isoDate(value) : null;
        break;
      }
      case 'SUMMARY':
        current.name = unescapeText(prop.value);
        break;
      case 'RRULE':
        current.yearly = /(?:^|;)FREQ=YEARLY(?:;|$)/i.test(prop.value.trim());
        break;
    }
  }
  if (events === 0) throw new IcsError('The file has no events (VEVENT)');
  if (holidays.length === 0) throw new IcsError('The file has no all-day events to import as holidays');
  return { holidays, skipped };
}
