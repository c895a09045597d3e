/**
 * Human-readable console lines from pino's JSON lines, for a terminal (LOG_FORMAT=pretty, or
 * auto on a TTY). Small on purpose, instead of pino-pretty: one line per event, a request as
 * "GET /path -> 200 (12 ms)", extra fields as `key=value`, lists one item a line, errors with
 * their stack. Anything that is not a pino line passes through unchanged. Fastify's own
 * "Server listening at ..." lines are left out: main.ts prints "Bantu is ready on ..." with the
 * same address.
 */

const LEVELS: Record<number, { label: string; color: string }> = {
  10: { label: 'TRACE', color: '90' },
  20: { label: 'DEBUG', color: '36' },
  30: { label: 'INFO ', color: '32' },
  40: { label: 'WARN ', color: '33' },
  50: { label: 'ERROR', color: '31' },
  60: { label: 'FATAL', color: '35' },
};

/** Fields every pino line carries, or that the line itself shows. */
const HIDDEN = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'reqId', 'req', 'res', 'responseTime', 'err']);

const INDENT = '    ';

export interface LogFormatter {
  /** The text to print for one pino line (with its newline), or null to print nothing. */
  format(line: string): string | null;
}

export function logFormatter(options: { color: boolean }): LogFormatter {
  // "incoming request" is held back and printed together with its "request completed".
  const pending = new Map<string, string>();
  const paint = (code: string, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);

  return {
    format(line) {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return line.endsWith('\n') ? line : `${line}\n`;
      }
      if (!entry || typeof entry !== 'object' || typeof entry.level !== 'number') return `${line.trimEnd()}\n`;
      if (typeof entry.msg === 'string' && entry.msg.startsWith('Server listening at ')) return null;
      const reqId = typeof entry.reqId === 'string' ? entry.reqId : undefined;
      const req = entry.req as { method?: string; url?: string } | undefined;
      if (entry.msg === 'incoming request' && reqId && req) {
        if (pending.size >= 1000) pending.delete(pending.keys().next().value!);
        pending.set(reqId, `${req.method} ${req.url}`);
        return null;
      }

      const level = LEVELS[entry.level] ?? { label: String(entry.level).padEnd(5), color: '0' };
      const time = new Date(typeof entry.time === 'number' ? entry.time : Date.now());
      const clock = [time.getHours(), time.getMinutes(), time.getSeconds()]
        .map((n) => String(n).padStart(2, '0'))
        .join(':');
      let message = typeof entry.msg === 'string' ? entry.msg : '';
      const res = entry.res as { statusCode?: number } | undefined;
      if (entry.msg === 'request completed' && res) {
        const request = (reqId && pending.get(reqId)) ?? 'request';
        if (reqId) pending.delete(reqId);
        const ms = typeof entry.responseTime === 'number' ? ` (${Math.round(entry.responseTime)} ms)` : '';
        message = `${request} -> ${res.statusCode}${ms}`;
      } else if (req) {
        message = `${message} [${req.method} ${req.url}]`;
      }

      const inline: string[] = [];
      const blocks: string[] = [];
      for (const [key, value] of Object.entries(entry)) {
        if (HIDDEN.has(key) || value === undefined) continue;
        if (Array.isArray(value)) {
          blocks.push(
            `${INDENT}${key}:`,
            ...value.map((item) => `${INDENT}  ${typeof item === 'string' ? item : scalar(item)}`),
          );
        } else {
          inline.push(`${key}=${scalar(value)}`);
        }
      }
      const err = entry.err as { type?: string; message?: string; stack?: string } | undefined;
      if (err) {
        const stack = err.stack ?? `${err.type ?? 'Error'}: ${err.message ?? ''}`;
        blocks.push(...stack.split('\n').map((l) => `${INDENT}${l}`));
      }
      const head = [paint('90', clock), paint(level.color, level.label), message, ...inline.map((s) => paint('90', s))]
        .filter(Boolean)
        .join(' ');
      return [head, ...blocks].join('\n') + '\n';
    },
  };
}

function scalar(value: unknown): string {
  if (typeof value === 'string') return /[\s="]/.test(value) ? JSON.stringify(value) : value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value) ?? typeof value;
}
