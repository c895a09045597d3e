import { z } from 'zod';
import { Id, ListQuery, Name, Page, QueryBool, Timestamp } from './common';
import { Locale, Role } from './enums';

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email())
  .describe('E-mail address (case-insensitive, stored lower-case)');

export const Password = z.string().min(8, 'At least 8 characters').max(256);

/** E.164-style phone number, used for WhatsApp; empty string clears it. */
export const Phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]{6,20}$/, 'Must be a phone number such as +62 812 3456 7890')
  .transform((v) => v.replace(/[ ()-]/g, ''));

export const UserResponse = z.object({
  id: Id,
  name: z.string(),
  email: z.string(),
  division: z.string().nullable(),
  role: Role,
  status: z.boolean().describe('false = deactivated: cannot sign in, existing sessions end at once'),
  phone: z.string().nullable(),
  locale: Locale,
  whatsappOptIn: z.boolean().describe('Receives WhatsApp notifications (needs a phone number)'),
  hasPassword: z.boolean().describe('false for accounts that sign in only through SSO'),
  lastLoginAt: Timestamp.nullable(),
  twoFactorEnabled: z.boolean().describe('Signs in with a TOTP code (or a recovery code) after the password'),
  mustChangePassword: z.boolean().describe('An admin reset the password: the next sign-in sets a new one'),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type UserResponse = z.infer<typeof UserResponse>;

export const UserCreateRequest = z.object({
  name: Name(120),
  email: Email,
  password: Password,
  division: Name(120).nullable().optional(),
  role: Role.default('user'),
  phone: Phone.nullable().optional(),
  locale: Locale.optional(),
});
export type UserCreateRequest = z.input<typeof UserCreateRequest>;

export const UserUpdateRequest = z
  .object({
    name: Name(120),
    email: Email,
    division: Name(120).nullable(),
    role: Role,
    status: z.boolean(),
    phone: Phone.nullable(),
    locale: Locale,
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'Nothing to update' });
export type UserUpdateRequest = z.input<typeof UserUpdateRequest>;

export const UserResetPasswordRequest = z.object({ password: Password });

export const UserListQuery = ListQuery.extend({
  q: z.string().trim().max(100).optional().describe('Matches name, e-mail or division'),
  role: Role.optional(),
  status: QueryBool.optional(),
});
export type UserListQuery = z.input<typeof UserListQuery>;

export const UserPage = Page(UserResponse);
export type UserPage = z.infer<typeof UserPage>;

/** Staff look people up when they open a ticket on someone's behalf. */
export const UserLookupQuery = z.object({
  q: z.string().trim().min(1).max(100),
  limit: z.coerce.number().int().min(1).max(20).default(10),
});
export const UserLookupList = z.object({
  items: z.array(z.object({ id: z.uuid(), name: z.string(), email: z.string(), division: z.string().nullable() })),
  nextCursor: z.null(),
});
