import { LOGIN_LIMITS } from '@bantu/contracts';
import type { TFunction } from 'i18next';

/**
 * The contracts' LoginRequest rules (an e-mail, trimmed, and a password, both required, within
 * LOGIN_LIMITS), checked without zod so that the sign-in page does not load the schema library.
 * The server checks the same schema.
 */
export function validateLogin(
  values: { email: string; password: string },
  t: TFunction,
): Record<'email' | 'password', string | null> {
  const rule = (value: string, max: number) =>
    value === '' ? t('validation.required') : value.length > max ? t('validation.maxLength', { max }) : null;
  return {
    email: rule(values.email.trim(), LOGIN_LIMITS.email),
    password: rule(values.password, LOGIN_LIMITS.password),
  };
}
