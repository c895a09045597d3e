import { describe, expect, it } from 'vitest';
import { logFormatter } from './log-format';

const line = (entry: object) =>
  JSON.stringify({ level: 30, time: Date.UTC(2026, 11, 3, 6, 7, 8), pid: 1, hostname: 'h', ...entry });

describe('readable console lines', () => {
  it('prints a request once, when it completes, with method, path, status and time', () => {
    const f = logFormatter({ color: false });
    expect(
      f.format(line({ reqId: 'r1', req: { method: 'GET', url: '/api/x?token=[redacted]' }, msg: 'incoming request' })),
    ).toBeNull();
    expect(
      f.format(line({ reqId: 'r1', res: { statusCode: 200 }, responseTime: 12.4, msg: 'request completed' })),
    ).toMatch(/^\d\d:\d\d:\d\d INFO {2}GET \/api\/x\?token=\[redacted\] -> 200 \(12 ms\)\n$/);
  });

  it('shows extra fields inline, lists one item a line, errors with their stack', () => {
    const f = logFormatter({ color: false });
    const out = f.format(
      line({ level: 40, msg: 'Demo data seeded', password: 'demo1234', accounts: ['a@x (admin)', 'b@x (user)'] }),
    )!;
    expect(out.split('\n')).toEqual([
      expect.stringMatching(/WARN {2}Demo data seeded password=demo1234$/),
      '    accounts:',
      '      a@x (admin)',
      '      b@x (user)',
      '',
    ]);
    const failed = f.format(
      line({ level: 50, msg: 'boom', err: { type: 'Error', message: 'x', stack: 'Error: x\n    at f' } }),
    )!;
    expect(failed).toContain('ERROR boom\n    Error: x\n        at f\n');
  });

  it('leaves out Fastify\'s "Server listening" lines and passes anything else through', () => {
    const f = logFormatter({ color: true });
    expect(f.format(line({ msg: 'Server listening at http://127.0.0.1:3000' }))).toBeNull();
    expect(f.format('not json')).toBe('not json\n');
    expect(f.format(line({ msg: 'Bantu is ready on http://localhost:3000' }))).toContain(
      '\u001b[32mINFO \u001b[0m Bantu is ready on http://localhost:3000',
    );
  });
});
