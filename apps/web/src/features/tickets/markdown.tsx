import { Badge, Code, List, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A small Markdown renderer for ticket descriptions and comments. It builds React elements only
 * (React escapes every text node), so HTML in the source is shown as text and never parsed.
 * Supported: paragraphs, line breaks, **bold**, *italic*, `code`, fenced code blocks, bullet and
 * numbered lists, [links](https://...) for http, https and mailto only, bare http(s) URLs, and
 * mentions written `@[Name](user-uuid)`.
 */

const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/** The normalised URL when it is absolute and uses a safe protocol; null for anything else. */
export function safeHref(raw: string): string | null {
  const value = raw.trim();
  if (value === '' || /[\s<>"'`]/.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  return SAFE_PROTOCOLS.has(url.protocol) ? url.href : null;
}

const MENTION = /^@\[([^\]\n]{1,120})\]\(([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\)/i;
const LINK = /^\[([^\]\n]{0,500})\]\(([^()\s]{0,2000})\)/;
const BARE_URL = /^https?:\/\/[^\s<>"'`]+[^\s<>"'`.,:;!?)\]]/;
const WORD_CHAR = /[\p{L}\p{N}]/u;

interface InlineOptions {
  /** Inside a link label, links and URLs are plain text (a link cannot hold a link). */
  inLink?: boolean;
}

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && WORD_CHAR.test(ch);
}

/**
 * Finds the delimiter that closes an emphasis run opened just before `from`; -1 when there is
 * none. A closing delimiter follows text (not a space), `_` must also end a word, and a single
 * `*` or `_` must not be half of a double one.
 */
function findClosing(text: string, delimiter: string, from: number): number {
  const ch = delimiter[0] ?? '';
  let at = text.indexOf(delimiter, from);
  while (at !== -1) {
    const before = text[at - 1];
    const after = text[at + delimiter.length];
    const flanking = at > from && before !== undefined && !/\s/.test(before);
    const endsWord = ch !== '_' || !isWordChar(after);
    const whole = delimiter.length > 1 || (after !== ch && before !== ch);
    if (flanking && endsWord && whole) return at;
    at = text.indexOf(delimiter, at + 1);
  }
  return -1;
}

function renderInline(text: string, keyPrefix: string, options: InlineOptions = {}): ReactNode[] {
  const out: ReactNode[] = [];
  let buffer = '';
  let key = 0;
  const nextKey = () => `${keyPrefix}.${key++}`;
  const flush = () => {
    if (buffer) out.push(buffer);
    buffer = '';
  };

  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    const rest = text.slice(i);

    if (ch === '\\' && i + 1 < text.length && /[\\`*_[\]()@#+\-.!>]/.test(text[i + 1] ?? '')) {
      buffer += text[i + 1];
      i += 2;
      continue;
    }

    if (ch === '`') {
      const end = text.indexOf('`', i + 1);
      if (end > i + 1) {
        flush();
        out.push(<Code key={nextKey()}>{text.slice(i + 1, end)}</Code>);
        i = end + 1;
        continue;
      }
    }

    if (ch === '@') {
      const mention = MENTION.exec(rest);
      if (mention) {
        flush();
        out.push(
          <Badge key={nextKey()} variant="light" color="blue" radius="sm" tt="none" data-mention={mention[2]}>
            @{mention[1]}
          </Badge>,
        );
        i += mention[0].length;
        continue;
      }
    }

    if (ch === '[' && !options.inLink) {
      const link = LINK.exec(rest);
      if (link) {
        const href = safeHref(link[2] ?? '');
        flush();
        if (href) {
          out.push(
            <a key={nextKey()} href={href} target="_blank" rel="noopener noreferrer nofollow">
              {renderInline(link[1] || href, `${keyPrefix}.${key}`, { inLink: true })}
            </a>,
          );
        } else {
          // Not a link we trust (javascript:, data:, relative...): show what was written.
          out.push(link[0]);
        }
        i += link[0].length;
        continue;
      }
    }

    if ((ch === 'h' || ch === 'H') && !options.inLink && !isWordChar(text[i - 1])) {
      const url = BARE_URL.exec(rest);
      const href = url ? safeHref(url[0]) : null;
      if (url && href) {
        flush();
        out.push(
          <a key={nextKey()} href={href} target="_blank" rel="noopener noreferrer nofollow">
            {url[0]}
          </a>,
        );
        i += url[0].length;
        continue;
      }
    }

    if (
      (ch === '*' || ch === '_') &&
      text[i + 1] === ch &&
      !/\s/.test(text[i + 2] ?? ' ') &&
      !isWordChar(text[i - 1])
    ) {
      const end = findClosing(text, ch + ch, i + 2);
      if (end > i + 2) {
        flush();
        out.push(
          <strong key={nextKey()}>{renderInline(text.slice(i + 2, end), `${keyPrefix}.${key}`, options)}</strong>,
        );
        i = end + 2;
        continue;
      }
    }

    if (
      (ch === '*' || ch === '_') &&
      !/\s/.test(text[i + 1] ?? ' ') &&
      text[i + 1] !== ch &&
      !isWordChar(text[i - 1])
    ) {
      const end = findClosing(text, ch, i + 1);
      if (end > i + 1) {
        flush();
        out.push(<em key={nextKey()}>{renderInline(text.slice(i + 1, end), `${keyPrefix}.${key}`, options)}</em>);
        i = end + 1;
        continue;
      }
    }

    buffer += ch;
    i += 1;
  }
  flush();
  return out;
}

/** Inline content of a paragraph: single line breaks become <br>. */
function renderLines(lines: string[], keyPrefix: string): ReactNode[] {
  const out: ReactNode[] = [];
  lines.forEach((line, index) => {
    if (index > 0) out.push(<br key={`${keyPrefix}.br${index}`} />);
    out.push(...renderInline(line, `${keyPrefix}.${index}`));
  });
  return out;
}

const FENCE = /^\s{0,3}(```|~~~)/;
const BULLET = /^\s{0,3}[-*+]\s+(.*)$/;
const ORDERED = /^\s{0,3}(\d{1,9})[.)]\s+(.*)$/;
const HEADING = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/;

type Block =
  | { kind: 'paragraph'; lines: string[] }
  | { kind: 'heading'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'list'; ordered: boolean; start: number; items: string[] };

function parseBlocks(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (line.trim() === '') {
      i += 1;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const marker = fence[1] ?? '```';
      const body: string[] = [];
      i += 1;
      while (i < lines.length && !(lines[i] ?? '').trimStart().startsWith(marker)) {
        body.push(lines[i] ?? '');
        i += 1;
      }
      i += 1; // the closing fence (or the end of the text)
      blocks.push({ kind: 'code', text: body.join('\n') });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ kind: 'heading', text: heading[1] ?? '' });
      i += 1;
      continue;
    }
    const bullet = BULLET.exec(line);
    const ordered = ORDERED.exec(line);
    if (bullet || ordered) {
      const isOrdered = !bullet;
      const pattern = isOrdered ? ORDERED : BULLET;
      const items: string[] = [];
      while (i < lines.length) {
        const current = lines[i] ?? '';
        const match = pattern.exec(current);
        if (match) {
          items.push((isOrdered ? match[2] : match[1]) ?? '');
        } else if (current.trim() !== '' && /^\s{2,}/.test(current) && items.length > 0) {
          items[items.length - 1] += `\n${current.trim()}`; // an indented continuation line
        } else {
          break;
        }
        i += 1;
      }
      blocks.push({ kind: 'list', ordered: isOrdered, start: Number(ordered?.[1] ?? 1), items });
      continue;
    }
    const paragraph: string[] = [];
    while (i < lines.length) {
      const current = lines[i] ?? '';
      if (current.trim() === '' || FENCE.test(current) || HEADING.test(current)) break;
      if (paragraph.length > 0 && (BULLET.test(current) || ORDERED.test(current))) break;
      paragraph.push(current);
      i += 1;
    }
    blocks.push({ kind: 'paragraph', lines: paragraph });
  }
  return blocks;
}

/** React elements for a Markdown text; never HTML. */
export function renderMarkdown(source: string): ReactNode[] {
  return parseBlocks(source).map((block, index) => {
    const key = `b${index}`;
    switch (block.kind) {
      case 'code':
        return (
          <Code key={key} block>
            {block.text}
          </Code>
        );
      case 'heading':
        return (
          <Text key={key} fw={700}>
            {renderInline(block.text, key)}
          </Text>
        );
      case 'list':
        return (
          <List
            key={key}
            type={block.ordered ? 'ordered' : 'unordered'}
            {...(block.ordered && block.start !== 1 ? { start: block.start } : {})}
            size="sm"
            withPadding
          >
            {block.items.map((item, itemIndex) => (
              <List.Item key={`${key}.${itemIndex}`}>{renderLines(item.split('\n'), `${key}.${itemIndex}`)}</List.Item>
            ))}
          </List>
        );
      case 'paragraph':
        return (
          <Text key={key} size="sm" style={{ overflowWrap: 'anywhere' }}>
            {renderLines(block.lines, key)}
          </Text>
        );
    }
  });
}

export interface MarkdownProps {
  source: string;
}

/** Shows a description or comment written in Markdown, safely. */
export function Markdown({ source }: MarkdownProps) {
  return (
    <div
      className="bantu-markdown"
      style={{ display: 'flex', flexDirection: 'column', gap: 'var(--mantine-spacing-xs)' }}
    >
      {renderMarkdown(source)}
    </div>
  );
}
