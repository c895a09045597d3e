import { LoginRequest } from '@bantu/contracts';
import { describe, expect, it } from 'vitest';
import { i18n, switchLanguage } from '@/i18n';
import { zodResolver } from '@/ui/zodResolver';
import { validateLogin } from './loginForm';

describe('the sign-in form rules without zod', () => {
  it('give the messages the contract schema gives, in both languages', async () => {
    const long = (n: number) => 'a'.repeat(n);
    const cases = [
      { email: '', password: '' },
      { email: '   ', password: 'x' },
      { email: 'budi@example.com', password: '' },
      { email: ` ${long(250)}@x.id `, password: long(257) },
      { email: `${long(249)}@x.id`, password: long(256) },
      { email: 'budi@example.com', password: ' ' },
    ];
    for (const locale of ['id', 'en'] as const) {
      await switchLanguage(locale);
      for (const values of cases) {
        const own = Object.fromEntries(Object.entries(validateLogin(values, i18n.t)).filter(([, m]) => m !== null));
        expect(own, JSON.stringify(values)).toEqual(zodResolver(LoginRequest)(values));
      }
    }
    expect(validateLogin({ email: '', password: 'x' }, i18n.t).email).toBe('Required.');
  });
});
