import { z } from 'zod';
import { Name } from './common';
import { Locale } from './enums';

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

/** MIME types the upload validator can recognise from file content. */
export const KNOWN_UPLOAD_TYPES = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/pdf',
  'application/zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/msword',
  'application/vnd.ms-excel',
  'text/plain',
  'text/csv',
  'application/x-7z-compressed',
  'image/svg+xml',
  'text/html',
] as const;

export const SettingsResponse = z.object({
  organizationName: z.string(),
  defaultLocale: Locale,
  timezone: z.string().describe('IANA time zone, e.g. Asia/Jakarta'),
  ticketNumberPrefix: z.string().describe('Ticket numbers look like PREFIX-YYYYMM-00042'),
  autoCloseDays: z.number().int().describe('RESOLVED tickets close automatically after this many days; 0 = never'),
  uploadMaxBytes: z.number().int(),
  allowedUploadTypes: z.array(z.string()),
  slaAtRiskPercent: z.number().int().describe('A ticket is at risk once this share of its SLA time is used'),
  slaComplianceThreshold: z.number().int().describe('Managers are alerted when SLA compliance falls below this %'),
  slaPauseOnHold: z.boolean().describe('The SLA clock stops while a ticket is ON_HOLD'),
  slaComplianceWindowDays: z.number().int().describe('SLA compliance is measured over this many past days'),
  attachmentDownloadRedirect: z
    .boolean()
    .describe('With S3 storage: send downloads to a short-lived signed URL instead of through the server'),
  require2faForPrivileged: z
    .boolean()
    .describe('Admins and managers must sign in with a second factor (TOTP); they enrol at their next sign-in'),
});
export type SettingsResponse = z.infer<typeof SettingsResponse>;

export const SettingsUpdateRequest = z
  .object({
    organizationName: Name(120),
    defaultLocale: Locale,
    timezone: z.string().refine(isTimeZone, 'Must be an IANA time zone such as Asia/Jakarta'),
    ticketNumberPrefix: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z][A-Z0-9]{0,9}$/, '1-10 letters or digits, starting with a letter'),
    autoCloseDays: z.number().int().min(0).max(365),
    uploadMaxBytes: z
      .number()
      .int()
      .min(1024)
      .max(1024 * 1024 * 1024),
    allowedUploadTypes: z.array(z.enum(KNOWN_UPLOAD_TYPES)).min(1).max(KNOWN_UPLOAD_TYPES.length),
    slaAtRiskPercent: z.number().int().min(1).max(99),
    slaComplianceThreshold: z.number().int().min(1).max(100),
    slaPauseOnHold: z.boolean(),
    slaComplianceWindowDays: z.number().int().min(1).max(90),
    attachmentDownloadRedirect: z.boolean(),
    require2faForPrivileged: z.boolean(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'Nothing to update' });
export type SettingsUpdateRequest = z.input<typeof SettingsUpdateRequest>;

export const DEFAULT_SETTINGS: SettingsResponse = {
  organizationName: 'Bantu',
  defaultLocale: 'id',
  timezone: 'Asia/Jakarta',
  ticketNumberPrefix: 'TKT',
  autoCloseDays: 3,
  uploadMaxBytes: 25 * 1024 * 1024,
  allowedUploadTypes: [
    'image/png',
    'image/jpeg',
    'image/gif',
    'image/webp',
    'application/pdf',
    'application/zip',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    'text/plain',
    'text/csv',
  ],
  slaAtRiskPercent: 80,
  slaComplianceThreshold: 90,
  slaPauseOnHold: true,
  slaComplianceWindowDays: 7,
  attachmentDownloadRedirect: false,
  require2faForPrivileged: false,
};

/** What anyone, signed in or not, may read: the sign-in page and the upload forms need it. */
export const PublicSettingsResponse = SettingsResponse.pick({
  organizationName: true,
  defaultLocale: true,
  uploadMaxBytes: true,
  allowedUploadTypes: true,
});
export type PublicSettingsResponse = z.infer<typeof PublicSettingsResponse>;
