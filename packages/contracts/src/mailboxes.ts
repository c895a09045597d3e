import { z } from 'zod';
import { Id, ListQuery, Name, Page, Timestamp } from './common';

/** E-mail intake (issue 17): mailboxes whose mail becomes tickets and comments. */

export const MailboxKind = z
  .enum(['imap', 'smtp'])
  .describe('imap: polled by the worker; smtp: forwarded to our endpoint');
export const MailboxTls = z.enum(['tls', 'starttls', 'none']).describe('tls: implicit TLS (993); starttls; none');

const Email = z.string().trim().toLowerCase().pipe(z.email()).describe('E-mail address');
const Domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'Must be a domain like example.co.id');

export const MailboxRule = z
  .object({
    field: z.enum(['sender_domain', 'subject']).describe('What the rule looks at'),
    value: z.string().trim().min(1).max(200).describe('Domain (exact) or word in the subject (case-insensitive)'),
    categoryId: Id.nullable().optional(),
    priorityId: Id.nullable().optional(),
  })
  .refine((r) => r.categoryId || r.priorityId, { message: 'Set a category or a priority', path: ['categoryId'] });
export type MailboxRule = z.infer<typeof MailboxRule>;

const MailboxFields = {
  name: Name(120),
  kind: MailboxKind,
  address: Email.describe('The address people write to; for smtp mailboxes the RCPT TO we accept'),
  isActive: z.boolean(),
  imapHost: z
    .string()
    .trim()
    .min(1)
    .max(253)
    .regex(/^[A-Za-z0-9.:[\]-]+$/, 'Must be a host name or IP address')
    .nullable(),
  imapPort: z.number().int().min(1).max(65535).nullable(),
  imapTls: MailboxTls,
  imapUser: z.string().trim().min(1).max(320).nullable(),
  imapFolder: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .regex(/^[^\p{Cc}]*$/u, 'Must not contain control characters'),
  allowedDomains: z.array(Domain).max(50).describe('Unknown senders of these domains get an account'),
  defaultCategoryId: Id.nullable(),
  defaultPriorityId: Id.nullable(),
  rules: z.array(MailboxRule).max(50).describe('First match wins; applied after the defaults'),
};

const imapComplete = (v: { kind?: string; imapHost?: string | null; imapUser?: string | null }) =>
  v.kind !== 'imap' || (!!v.imapHost && !!v.imapUser);

export const MailboxCreateRequest = z
  .object({
    ...MailboxFields,
    isActive: MailboxFields.isActive.default(true),
    imapHost: MailboxFields.imapHost.optional(),
    imapPort: MailboxFields.imapPort.optional(),
    imapTls: MailboxFields.imapTls.default('tls'),
    imapUser: MailboxFields.imapUser.optional(),
    imapPassword: z.string().min(1).max(1000).optional().describe('Stored encrypted; never returned'),
    imapFolder: MailboxFields.imapFolder.default('INBOX'),
    allowedDomains: MailboxFields.allowedDomains.default([]),
    defaultCategoryId: Id,
    defaultPriorityId: Id.nullable().optional(),
    rules: MailboxFields.rules.default([]),
  })
  .refine(imapComplete, { message: 'An IMAP mailbox needs a host and a user', path: ['imapHost'] })
  .refine((v) => v.kind !== 'imap' || !!v.imapPassword, { message: 'Enter the password', path: ['imapPassword'] });
export type MailboxCreateRequest = z.input<typeof MailboxCreateRequest>;

export const MailboxUpdateRequest = z
  .object({
    name: MailboxFields.name,
    address: MailboxFields.address,
    isActive: MailboxFields.isActive,
    imapHost: MailboxFields.imapHost,
    imapPort: MailboxFields.imapPort,
    imapTls: MailboxFields.imapTls,
    imapUser: MailboxFields.imapUser,
    imapPassword: z.string().min(1).max(1000).describe('A new password; leave out to keep the stored one'),
    imapFolder: MailboxFields.imapFolder,
    allowedDomains: MailboxFields.allowedDomains,
    defaultCategoryId: Id,
    defaultPriorityId: Id.nullable(),
    rules: MailboxFields.rules,
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'Nothing to update' });
export type MailboxUpdateRequest = z.input<typeof MailboxUpdateRequest>;

export const MailboxResponse = z.object({
  id: Id,
  name: z.string(),
  kind: MailboxKind,
  address: z.string(),
  isActive: z.boolean(),
  imapHost: z.string().nullable(),
  imapPort: z.number().int().nullable(),
  imapTls: MailboxTls,
  imapUser: z.string().nullable(),
  hasPassword: z.boolean().describe('A password is stored (it is never returned)'),
  imapFolder: z.string(),
  allowedDomains: z.array(z.string()),
  defaultCategoryId: Id.nullable(),
  defaultPriorityId: Id.nullable(),
  rules: z.array(
    z.object({
      field: z.enum(['sender_domain', 'subject']),
      value: z.string(),
      categoryId: Id.nullable().optional(),
      priorityId: Id.nullable().optional(),
    }),
  ),
  lastPolledAt: Timestamp.nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: Timestamp.nullable(),
  counts: z.object({
    total: z.number().int(),
    deadLetter: z.number().int(),
    ignored: z.number().int(),
  }),
  createdAt: Timestamp,
});
export type MailboxResponse = z.infer<typeof MailboxResponse>;
export const MailboxList = Page(MailboxResponse);

export const MailboxTestResponse = z.object({
  ok: z.boolean(),
  error: z.string().nullable().describe('Why the connection failed (no credentials in it)'),
  idle: z.boolean().describe('The server offers IMAP IDLE (new mail is picked up at once)'),
  messages: z.number().int().nullable().describe('Messages in the folder'),
});
export type MailboxTestResponse = z.infer<typeof MailboxTestResponse>;

export const MailMessageStatus = z.enum([
  'processing',
  'queued',
  'ticket_created',
  'comment_added',
  'ignored',
  'dead_letter',
]);
export type MailMessageStatus = z.infer<typeof MailMessageStatus>;

export const MailMessageListQuery = ListQuery.extend({
  mailboxId: Id.optional(),
  status: MailMessageStatus.optional(),
});
export type MailMessageListQuery = z.input<typeof MailMessageListQuery>;

export const MailMessageResponse = z.object({
  id: Id,
  mailboxId: Id.nullable(),
  messageId: z.string(),
  fromAddress: z.string().nullable(),
  subject: z.string().nullable(),
  status: MailMessageStatus,
  reason: z.string().nullable().describe('Why it was ignored, or what was skipped'),
  error: z.string().nullable().describe('Why it was dead-lettered'),
  ticketId: Id.nullable(),
  ticketNumber: z.string().nullable(),
  size: z.number().int(),
  attempts: z.number().int(),
  seenCount: z.number().int().describe('How many times this Message-ID was received'),
  receivedAt: Timestamp,
  processedAt: Timestamp.nullable(),
});
export type MailMessageResponse = z.infer<typeof MailMessageResponse>;
export const MailMessageList = Page(MailMessageResponse);
