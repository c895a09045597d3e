import { createHash } from 'node:crypto';
import type { AddressObject, ParsedMail } from 'mailparser';

/** A message that cannot be turned into anything: it goes to the dead-letter list. */
export class MailParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MailParseError';
  }
}

export interface InboundAttachment {
  fileName: string;
  contentType: string;
  content: Buffer;
}

export interface InboundMail {
  messageId: string;
  from: string;
  fromName: string | null;
  to: string[];
  subject: string;
  /** Markdown subset the app renders, quoted history and signature trimmed. */
  body: string;
  /** Message-IDs this one answers (In-Reply-To first, then References, newest first). */
  refs: string[];
  headers: Map<string, unknown>;
  attachments: InboundAttachment[];
}

const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

/** A Message-ID for a message without one: the same bytes get the same id (still idempotent). */
export function syntheticMessageId(raw: Buffer): string {
  return `<sha256-${createHash('sha256').update(raw).digest('hex')}@no-message-id.bantu>`;
}

function firstAddress(a: AddressObject | AddressObject[] | undefined): { address: string; name: string | null } | null {
  for (const obj of Array.isArray(a) ? a : a ? [a] : []) {
    for (const v of obj.value) {
      const address = v.address?.trim().toLowerCase();
      if (address && ADDRESS.test(address)) return { address, name: v.name?.trim() || null };
    }
  }
  return null;
}

function allAddresses(...list: (AddressObject | AddressObject[] | undefined)[]): string[] {
  const out: string[] = [];
  for (const a of list) {
    for (const obj of Array.isArray(a) ? a : a ? [a] : []) {
      for (const v of obj.value) if (v.address) out.push(v.address.trim().toLowerCase());
    }
  }
  return out;
}

const idList = (v: string | string[] | undefined) =>
  (Array.isArray(v) ? v : v ? v.split(/\s+/) : []).map((s) => s.trim()).filter((s) => /^<[^<>\s]+>$/.test(s));

/** Parses a raw RFC 5322 message; throws MailParseError when it has no usable sender. */
export async function parseMail(raw: Buffer): Promise<InboundMail> {
  let parsed: ParsedMail;
  try {
    // Loaded on first use (with imapflow, ~160 ms of every start otherwise).
    const { simpleParser } = await import('mailparser');
    parsed = await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true, maxHtmlLengthToParse: 2_000_000 });
  } catch (error) {
    throw new MailParseError(`The message could not be parsed: ${(error as Error).message}`);
  }
  // The author is From, never Reply-To (anyone may set that to someone else's address).
  const sender = firstAddress(parsed.from);
  if (!sender) throw new MailParseError('The message has no valid sender address (From)');
  if (parsed.headers.size === 0) throw new MailParseError('The message has no headers');
  const messageId =
    parsed.messageId && /^<[^<>\s]+>$/.test(parsed.messageId) ? parsed.messageId : syntheticMessageId(raw);
  const html = typeof parsed.html === 'string' ? parsed.html : '';
  // mailparser derives text from HTML; the HTML (when there is one) keeps the formatting.
  const body = trimQuoted(html ? await htmlToMarkdown(html) : (parsed.text ?? ''));
  return {
    messageId,
    from: sender.address,
    fromName: sender.name,
    to: allAddresses(parsed.to, parsed.cc),
    subject: (parsed.subject ?? '').replace(/[\p{Cc}]+/gu, ' ').trim(),
    body,
    refs: [...new Set([...idList(parsed.inReplyTo), ...idList(parsed.references).reverse()])],
    headers: parsed.headers,
    attachments: parsed.attachments
      .filter((a) => a.contentDisposition !== 'inline' || !a.related)
      .map((a, i) => ({
        fileName: a.filename?.trim() || `attachment-${i + 1}`,
        contentType: a.contentType,
        content: a.content,
      })),
  };
}

const header = (headers: Map<string, unknown>, name: string): string => {
  const v = headers.get(name);
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v.toLowerCase();
  if (typeof v === 'object' && 'value' in v && typeof v.value === 'string') return v.value.toLowerCase();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return (JSON.stringify(v) ?? '').toLowerCase();
};

const DAEMON = /^(mailer-daemon|postmaster|mail-daemon|mailerdaemon)@/;

/**
 * Why a message must not get an answer or become a ticket (mail loops, out-of-office
 * replies, bulk mail, bounces, our own mails), or null for a message from a person.
 */
export function automaticReason(mail: InboundMail, ours: { addresses: string[] }): string | null {
  const h = mail.headers;
  if (/@bantu>$/i.test(mail.messageId) || ours.addresses.includes(mail.from)) return 'loop: our own mail';
  const autoSubmitted = header(h, 'auto-submitted');
  if (autoSubmitted && autoSubmitted !== 'no') return `auto-reply: Auto-Submitted ${autoSubmitted}`;
  const precedence = header(h, 'precedence');
  if (['bulk', 'junk', 'list', 'auto_reply'].includes(precedence)) return `auto-reply: Precedence ${precedence}`;
  for (const name of ['x-autoreply', 'x-autorespond', 'x-autoresponder']) {
    if (h.has(name)) return `auto-reply: ${name}`;
  }
  if (
    /\boof\b|\ball\b/.test(header(h, 'x-auto-response-suppress')) &&
    mail.subject.match(/automatic reply|out of office|balasan otomatis/i)
  ) {
    return 'auto-reply: out of office';
  }
  // mailparser folds List-Id, List-Unsubscribe... into one 'list' header.
  if (h.has('list') || h.has('list-id') || h.has('list-unsubscribe')) return 'bulk: mailing list';
  if (DAEMON.test(mail.from)) return 'bounce: mailer daemon';
  if (header(h, 'content-type').includes('multipart/report')) return 'bounce: delivery report';
  return null;
}

/** Ticket numbers like `TKT-202611-00042` in a subject. */
export function ticketNumberIn(subject: string, prefix: string): string | null {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`(?:^|[^A-Za-z0-9])(${escaped}-\\d{6}-\\d{5,})(?![0-9])`, 'i').exec(subject);
  return match ? match[1]!.toUpperCase() : null;
}

/** The subject without reply and forward prefixes. */
export function cleanSubject(subject: string): string {
  return subject.replace(/^(\s*(re|fw|fwd|aw|wg|balas|bls|tr|sv|vs)\s*(\[\d+\])?\s*:\s*)+/i, '').trim();
}

const QUOTE_HEADERS = [
  /^\s*On .{1,300}wrote:\s*$/i,
  /^\s*Pada .{1,300}menulis:\s*$/i,
  /^\s*Am .{1,300}schrieb .{0,100}:\s*$/i,
  /^\s*Le .{1,300}a écrit\s*:\s*$/i,
  /^\s*-{2,}\s*(Original Message|Pesan Asli|Forwarded message|Pesan yang diteruskan)\s*-{2,}\s*$/i,
  /^\s*_{10,}\s*$/,
  /^\s*(From|Dari|Von):\s.+$/i,
];
const SIGNATURE = [/^-- ?$/, /^\s*(Sent from my|Dikirim dari|Kirim dari) /i];

/**
 * Cuts what an answer carries along: everything from the first quote header ("On ... wrote:",
 * "-----Original Message-----", an Outlook "From:" block), `>`-quoted lines, and the signature
 * after "-- ". Keeps the text when cutting would leave nothing.
 */
export function trimQuoted(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (const line of lines) {
    if (QUOTE_HEADERS.some((r) => r.test(line)) && kept.some((l) => l.trim())) break;
    if (SIGNATURE.some((r) => r.test(line))) break;
    if (/^\s*>/.test(line)) continue;
    kept.push(line);
  }
  const out = kept
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return out || text.trim();
}

const SKIP = new Set(['head', 'style', 'script', 'title', 'template', 'noscript', 'svg', 'object', 'iframe']);
const BLOCK = new Set([
  'p',
  'div',
  'section',
  'article',
  'header',
  'footer',
  'table',
  'tr',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'pre',
  'hr',
]);
const QUOTE_CLASSES =
  /\b(gmail_quote|gmail_signature|moz-cite-prefix|yahoo_quoted|protonmail_quote|OutlookMessageHeader)\b/;
const QUOTE_IDS = /^(appendonsend|divRplyFwdMsg|Signature|x_divRplyFwdMsg)$/;

/**
 * Turns mail HTML into the Markdown subset the app renders (paragraphs, line breaks, **bold**,
 * *italic*, `code`, fenced blocks, lists, [links](https://...)). Scripts, styles, images and
 * every attribute but safe link targets are dropped; quoted history (blockquote, Gmail and
 * Outlook reply blocks) is cut. The result is plain text for a renderer that escapes it.
 * htmlparser2 is loaded with the first HTML mail, not at every start.
 */
export async function htmlToMarkdown(html: string): Promise<string> {
  const { Parser } = await import('htmlparser2');
  let out = '';
  let skipDepth = 0;
  let preDepth = 0;
  const stack: { name: string; skip: boolean; href?: string | null; start?: number }[] = [];
  const lists: { ordered: boolean; n: number }[] = [];
  let stopped = false;
  const newline = (n: number) => {
    const trailing = /\n*$/.exec(out)![0].length;
    if (out.length > 0 && trailing < n) out += '\n'.repeat(n - trailing);
  };
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (stopped) return;
        const quote = name === 'blockquote' || QUOTE_CLASSES.test(attrs.class ?? '') || QUOTE_IDS.test(attrs.id ?? '');
        const skip = SKIP.has(name) || quote;
        if (quote && skipDepth === 0 && out.trim()) {
          // Everything after the first quoted block is history too.
          stopped = name !== 'blockquote' || !!attrs.type;
        }
        stack.push({ name, skip, href: null, start: out.length });
        if (skip) {
          skipDepth++;
          return;
        }
        if (skipDepth > 0) return;
        if (name === 'br') out += preDepth ? '\n' : '  \n';
        else if (BLOCK.has(name)) newline(2);
        if (name === 'pre') {
          out += '```\n';
          preDepth++;
        } else if (name === 'b' || name === 'strong' || /^h[1-6]$/.test(name)) out += '**';
        else if (name === 'i' || name === 'em') out += '*';
        else if (name === 'code' && !preDepth) out += '`';
        else if (name === 'ul' || name === 'ol') lists.push({ ordered: name === 'ol', n: 0 });
        else if (name === 'li') {
          newline(1);
          const list = lists.at(-1);
          if (list) list.n++;
          out += `${'  '.repeat(Math.max(0, lists.length - 1))}${list?.ordered ? `${list.n}.` : '-'} `;
        } else if (name === 'a') {
          const href = (attrs.href ?? '').trim();
          const safe = /^(https?:\/\/|mailto:)[^\s<>"'`()]+$/i.test(href) ? href : null;
          stack.at(-1)!.href = safe;
          if (safe) out += '[';
        }
      },
      ontext(text) {
        if (stopped || skipDepth > 0) return;
        out += preDepth ? text : text.replace(/\s+/g, ' ');
      },
      onclosetag(name) {
        if (stopped) return;
        let top = stack.pop();
        while (top && top.name !== name) top = stack.pop();
        if (!top) return;
        if (top.skip) {
          skipDepth--;
          return;
        }
        if (skipDepth > 0) return;
        if (name === 'pre') {
          preDepth--;
          newline(1);
          out += '```';
          newline(2);
        } else if (name === 'b' || name === 'strong') out = closeInline(out, '**', top.start!);
        else if (/^h[1-6]$/.test(name)) {
          out = closeInline(out, '**', top.start!);
          newline(2);
        } else if (name === 'i' || name === 'em') out = closeInline(out, '*', top.start!);
        else if (name === 'code' && !preDepth) out = closeInline(out, '`', top.start!);
        else if (name === 'ul' || name === 'ol') {
          lists.pop();
          newline(2);
        } else if (name === 'a' && top.href) out += `](${top.href})`;
        else if (BLOCK.has(name)) newline(2);
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  return out
    .split('\n')
    .map((l) => l.replace(/[ \t]+$/g, (m) => (m === '  ' ? m : '')).replace(/^ (?=\S)/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Closes an inline mark; an empty one (`****`) is removed instead. */
function closeInline(out: string, mark: string, start: number): string {
  const inner = out.slice(start + mark.length);
  if (!inner.trim()) return out.slice(0, start) + inner;
  // Markdown marks hug the text: move trailing spaces outside.
  const trimmed = inner.replace(/\s+$/, '');
  return out.slice(0, start) + mark + trimmed + mark + inner.slice(trimmed.length);
}
