import { z } from 'zod';
import { LOGIN_LIMITS } from './constants';
import { Name } from './common';
import { Locale } from './enums';
import { Password, Phone, UserResponse } from './users';

export const LoginRequest = z.object({
  email: z.string().trim().toLowerCase().min(1).max(LOGIN_LIMITS.email),
  password: z.string().min(1).max(LOGIN_LIMITS.password),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const LoginResponse = z.object({
  accessToken: z.string().describe('Short-lived JWT; send as Authorization: Bearer <token>'),
  expiresIn: z.number().int().describe('Seconds until the access token expires'),
  user: UserResponse,
});
export type LoginResponse = z.infer<typeof LoginResponse>;

export const ProfileUpdateRequest = z
  .object({
    name: Name(120),
    phone: Phone.nullable(),
    locale: Locale,
    whatsappOptIn: z.boolean(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'Nothing to update' });
export type ProfileUpdateRequest = z.input<typeof ProfileUpdateRequest>;

export const PasswordChangeRequest = z
  .object({
    currentPassword: z.string().min(1).max(256),
    newPassword: Password,
  })
  .refine((v) => v.currentPassword !== v.newPassword, {
    message: 'The new password must differ from the current one',
    path: ['newPassword'],
  });
export type PasswordChangeRequest = z.infer<typeof PasswordChangeRequest>;
