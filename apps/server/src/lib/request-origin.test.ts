import { describe, expect, it } from 'vitest';
import { currentBaseUrl, originOf, runWithBaseUrl, ticketLink } from './request-origin';

describe('request origin', () => {
  it('takes scheme and a plain host[:port], and nothing else', () => {
    expect(originOf('http', 'Helpdesk.Kantor.local:8080')).toBe('http://helpdesk.kantor.local:8080');
    expect(originOf('https', '10.0.0.5')).toBe('https://10.0.0.5');
    expect(originOf('http', '[::1]:3000')).toBe('http://[::1]:3000');
    for (const host of ['evil.test/path', 'a"b', 'x y', 'evil.test@other', '', undefined, 'a.test:99999999']) {
      expect(originOf('http', host), String(host)).toBeNull();
    }
    expect(originOf('javascript', 'x.test')).toBeNull();
  });

  it('is available to what a request runs, and null outside one', async () => {
    expect(currentBaseUrl()).toBeNull();
    await runWithBaseUrl('https://bantu.example', async () => {
      await new Promise((r) => setTimeout(r, 1));
      expect(currentBaseUrl()).toBe('https://bantu.example');
    });
    expect(currentBaseUrl()).toBeNull();
  });

  it('links to the ticket page by number', () => {
    expect(ticketLink('https://bantu.example/', 'TKT-202612-00001')).toBe(
      'https://bantu.example/tickets/TKT-202612-00001',
    );
    expect(ticketLink(null, 'TKT-1')).toBeNull();
    expect(ticketLink('https://bantu.example', null)).toBeNull();
  });
});
