import { describe, expect, it } from 'vitest';
import { secretBox } from '@/lib/secret-box';
import {
  automaticReason,
  cleanSubject,
  htmlToMarkdown,
  parseMail,
  syntheticMessageId,
  ticketNumberIn,
  trimQuoted,
} from './mail-intake.parse';

const mail = (headers: string, body = 'Halo') => Buffer.from(`${headers}\r\n\r\n${body}\r\n`);

describe('mail parsing', () => {
  it('reads sender, subject, ids and trims quoted history and signature', async () => {
    const m = await parseMail(
      mail(
        'From: "Budi" <Budi@Corp.Example>\r\nTo: it@x.test\r\nSubject: Re: =?UTF-8?Q?Printer_r=C3=BAsak?=\r\nMessage-ID: <a@b>\r\nIn-Reply-To: <p@bantu>\r\nReferences: <ticket-1@bantu> <p@bantu>',
        'Masih rusak.\r\n\r\nOn Mon, 1 Dec 2026, IT <it@x.test> wrote:\r\n> lama\r\n',
      ),
    );
    expect(m).toMatchObject({
      from: 'budi@corp.example',
      fromName: 'Budi',
      subject: 'Re: Printer rúsak',
      messageId: '<a@b>',
      body: 'Masih rusak.',
    });
    expect(m.refs).toEqual(['<p@bantu>', '<ticket-1@bantu>']);
  });

  it('takes the author from From, not from Reply-To', async () => {
    const m = await parseMail(mail('From: eve@evil.example\r\nReply-To: budi@corp.example\r\nSubject: x'));
    expect(m.from).toBe('eve@evil.example');
  });

  it('refuses a message without a sender, and names messages without an id by their content', async () => {
    await expect(parseMail(Buffer.from('not a mail\r\n'))).rejects.toThrow(/sender/);
    const raw = mail('From: a@b.example\r\nSubject: x');
    expect((await parseMail(raw)).messageId).toBe(syntheticMessageId(raw));
  });

  it('cuts Indonesian and Outlook quote headers and signatures, keeps text when only a quote is left', () => {
    expect(trimQuoted('Oke.\n\nPada 2 Des 2026 pukul 10.00, IT menulis:\n> x')).toBe('Oke.');
    expect(trimQuoted('Oke.\n-----Original Message-----\nFrom: IT')).toBe('Oke.');
    expect(trimQuoted('Terima kasih\n-- \nBudi\n0812')).toBe('Terima kasih');
    expect(trimQuoted('Sent from my phone')).toBe('Sent from my phone');
  });

  it('sanitises HTML to the Markdown subset', async () => {
    expect(
      await htmlToMarkdown('<p>A <strong>b</strong> <em>c</em> <code>d</code></p><ol><li>x</li><li>y</li></ol>'),
    ).toBe('A **b** *c* `d`\n\n1. x\n2. y');
    expect(
      await htmlToMarkdown(
        '<a href="javascript:alert(1)">x</a><script>alert(2)</script><a href="https://a.example/">y</a>',
      ),
    ).toBe('x[y](https://a.example/)');
    expect(await htmlToMarkdown('<pre>a\n  b</pre><p>line<br>two</p>')).toBe('```\na\n  b\n```\n\nline  \ntwo');
    expect(await htmlToMarkdown('<p>new</p><blockquote type="cite">old</blockquote><p>after quote</p>')).toBe('new');
  });

  it('recognises automatic mail', async () => {
    const reason = async (headers: string) =>
      automaticReason(await parseMail(mail(headers)), { addresses: ['it@x.test'] });
    expect(await reason('From: a@b.example\r\nAuto-Submitted: auto-replied')).toMatch(/auto-reply/);
    expect(await reason('From: a@b.example\r\nAuto-Submitted: no')).toBeNull();
    expect(await reason('From: a@b.example\r\nPrecedence: junk')).toMatch(/Precedence/);
    expect(await reason('From: a@b.example\r\nList-Id: <l.example>')).toMatch(/bulk/);
    expect(await reason('From: postmaster@b.example')).toMatch(/bounce/);
    expect(await reason('From: it@x.test')).toMatch(/loop/);
    expect(await reason('From: a@b.example\r\nMessage-ID: <d1@bantu>')).toMatch(/loop/);
    expect(await reason('From: a@b.example')).toBeNull();
  });

  it('finds ticket numbers and cleans subjects', () => {
    expect(ticketNumberIn('Re: [tkt-202612-00042] Printer', 'TKT')).toBe('TKT-202612-00042');
    expect(ticketNumberIn('XTKT-202612-00042', 'TKT')).toBeNull();
    expect(cleanSubject('RE: Fwd: Balas: Printer')).toBe('Printer');
  });
});

describe('secret box', () => {
  it('round-trips, differs per seal, and fails closed under another secret', () => {
    const box = secretBox('a'.repeat(32), 'test');
    const sealed = box.seal('hunter2');
    expect(sealed).not.toContain('hunter2');
    expect(box.seal('hunter2')).not.toBe(sealed);
    expect(box.open(sealed)).toBe('hunter2');
    expect(() => secretBox('b'.repeat(32), 'test').open(sealed)).toThrow();
    expect(() => box.open(sealed.slice(0, -4) + 'AAAA')).toThrow();
  });
});
