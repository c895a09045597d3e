import { MantineProvider } from '@mantine/core';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Markdown, safeHref } from './markdown';

function html(source: string): string {
  return renderToStaticMarkup(
    <MantineProvider>
      <Markdown source={source} />
    </MantineProvider>,
  );
}

/** Every HTML tag of the output, attributes included. */
function tags(markup: string): string[] {
  return markup.match(/<[^>]+>/g) ?? [];
}

const UUID = '3f2c1a9e-8b7d-4c6e-9f01-23456789abcd';

describe('Markdown', () => {
  it('renders paragraphs and single line breaks', () => {
    const out = html('first line\nsecond line\n\nnext paragraph');
    expect(out.match(/<p\b/g)).toHaveLength(2);
    expect(out).toContain('first line<br/>second line');
    expect(out).toContain('next paragraph');
  });

  it('renders bold, italic and inline code', () => {
    const out = html('**tebal** dan *miring* dan _juga miring_ dan `kode <b>`');
    expect(out).toContain('<strong>tebal</strong>');
    expect(out).toContain('<em>miring</em>');
    expect(out).toContain('<em>juga miring</em>');
    expect(out).toMatch(/<code[^>]*>kode &lt;b&gt;<\/code>/);
  });

  it('leaves underscores inside words and lone asterisks alone', () => {
    const out = html('file_name_here and 2 * 3 * 4');
    expect(out).toContain('file_name_here and 2 * 3 * 4');
    expect(out).not.toContain('<em>');
  });

  it('renders fenced code blocks verbatim', () => {
    const out = html('before\n```js\nconst a = "<script>";\n**not bold**\n```\nafter');
    expect(out).toMatch(/<pre[^>]*>const a = &quot;&lt;script&gt;&quot;;\n\*\*not bold\*\*<\/pre>/);
    expect(out).not.toContain('<strong>');
    expect(out).toContain('after');
  });

  it('renders bullet and numbered lists', () => {
    const out = html('Langkah:\n- satu\n- **dua**\n\n1. pertama\n2. kedua');
    expect(out).toMatch(/<ul[^>]*>.*<li[^>]*>.*satu.*<\/li>.*<li[^>]*>.*<strong>dua<\/strong>.*<\/li>.*<\/ul>/s);
    expect(out).toMatch(/<ol[^>]*>.*pertama.*kedua.*<\/ol>/s);
  });

  it('links http, https and mailto only, opening safely in a new tab', () => {
    const out = html('[situs](https://example.com/a?b=1) [surat](mailto:it@example.com) https://bantu.example/x.');
    expect(out).toContain(
      '<a href="https://example.com/a?b=1" target="_blank" rel="noopener noreferrer nofollow">situs</a>',
    );
    expect(out).toContain(
      '<a href="mailto:it@example.com" target="_blank" rel="noopener noreferrer nofollow">surat</a>',
    );
    expect(out).toContain('href="https://bantu.example/x"');
    expect(out).toMatch(/<\/a>\.<\/p>/);
  });

  it('renders javascript:, data: and relative links as plain text without an href', () => {
    for (const url of [
      'javascript:window.__xss=1',
      'JaVaScRiPt:alert(1)',
      'data:text/html;base64,PHNjcmlwdD4=',
      '/relative',
    ]) {
      const out = html(`[klik](${url})`);
      expect(out).not.toContain('<a');
      expect(out).not.toContain('href');
      expect(out).toContain('[klik]');
    }
  });

  it('shows HTML in the source as text: no script, img or event handler attributes', () => {
    const payload = '<img src=x onerror="window.__xss=1"> <script>window.__xss=1</script> <a href="javascript:1">x</a>';
    const out = html(payload);
    expect(out).not.toContain('<script');
    expect(out).not.toContain('<img');
    expect(out).not.toMatch(/<a\b/);
    expect(tags(out).filter((tag) => /\son\w+=/i.test(tag))).toEqual([]);
    expect(out).toContain('&lt;script&gt;window.__xss=1&lt;/script&gt;');
    expect(out).toContain('&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;');
    expect(out).not.toContain('<strong>');
  });

  it('never puts an attribute-breaking value into an href', () => {
    const out = html('[x](https://example.com/"onmouseover="alert(1))');
    expect(tags(out).filter((tag) => /\son\w+=/i.test(tag))).toEqual([]);
    expect(safeHref('https://example.com/" onmouseover="x')).toBeNull();
  });

  it('renders mentions as badges with the name only', () => {
    const out = html(`Tolong cek @[Sari Teknisi](${UUID}) ya`);
    expect(out).toContain('@Sari Teknisi');
    expect(out).toContain(`data-mention="${UUID}"`);
    expect(out).not.toContain(`(${UUID})`);
  });

  it('keeps a mention-like text with a bad id as text', () => {
    const out = html('@[Orang](bukan-uuid)');
    expect(out).not.toContain('data-mention');
    expect(out).toContain('@');
  });

  it('honours backslash escapes', () => {
    const out = html('\\*bukan miring\\*');
    expect(out).toContain('*bukan miring*');
    expect(out).not.toContain('<em>');
  });
});
