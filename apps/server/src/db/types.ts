import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Role, TicketStatus } from '@bantu/contracts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface UsersTable {
  id: Generated<string>;
  name: string;
  email: string;
  password_hash: string | null;
  division: string | null;
  role: Role;
  status: Generated<boolean>;
  phone: string | null;
  locale: Generated<string>;
  whatsapp_opt_in: Generated<boolean>;
  last_login_at: Date | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface CategoriesTable {
  id: Generated<string>;
  name: string;
  description: string | null;
  is_active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface PrioritiesTable {
  id: Generated<string>;
  name: string;
  description: string | null;
  level: number;
  color: string;
  is_active: Generated<boolean>;
  is_default: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface SlaRulesTable {
  id: Generated<string>;
  priority_id: string;
  duration_hours: number;
  first_response_hours: number | null;
  business_hours: Generated<boolean>;
  description: string | null;
  is_active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface TicketsTable {
  id: Generated<string>;
  ticket_number: string;
  user_id: string;
  assigned_to: string | null;
  category_id: string;
  priority_id: string;
  title: string;
  description: string;
  status: Generated<TicketStatus>;
  sla_deadline: Date | null;
  first_response_at: Date | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  version: Generated<number>;
  priority_level: Generated<number>;
  first_response_due_at: Date | null;
  sla_at_risk_at: Date | null;
  sla_paused_seconds: Generated<number>;
  on_hold_since: Date | null;
  hold_reason: string | null;
  resolution_note: string | null;
  rating: number | null;
  feedback: string | null;
  sla_next_check_at: Date | null;
  sla_first_response_met: boolean | null;
  sla_resolution_met: boolean | null;
  /** The requester's division when the ticket was created (reports, all-tickets filter). */
  requester_division: string | null;
  /** SLA clock minutes at the resolution (business minutes when resolution_business). */
  resolution_minutes: number | null;
  resolution_business: boolean | null;
  /** SLA clock minutes at the first staff response (business minutes when first_response_business). */
  first_response_minutes: number | null;
  first_response_business: boolean | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  updated_at: Timestamp;
}

export interface TicketNumberCountersTable {
  period: string;
  last_value: number;
}

export interface OutboxEventsTable {
  id: Generated<number>;
  topic: string;
  ticket_id: string | null;
  actor_id: string | null;
  payload: ColumnType<unknown, string, string>;
  /** Where the request that wrote the event came in (scheme://host), for links; null from jobs. */
  base_url: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  processed_at: Date | null;
}

export interface TicketCommentsTable {
  id: Generated<string>;
  ticket_id: string;
  user_id: string;
  comment: string;
  is_internal: Generated<boolean>;
  created_at: CreatedAt;
}

export interface TicketAttachmentsTable {
  id: Generated<string>;
  ticket_id: string;
  user_id: string;
  comment_id: string | null;
  file_name: string;
  file_path: string;
  file_type: string;
  file_size: number;
  description: string | null;
  thumbnail_path: string | null;
  deleted_at: Date | null;
  deleted_by: string | null;
  purged_at: Date | null;
  created_at: CreatedAt;
}

export interface TicketEventsTable {
  id: Generated<string>;
  ticket_id: string;
  actor_id: string | null;
  type: string;
  field: string | null;
  from_value: string | null;
  to_value: string | null;
  data: ColumnType<unknown, string | undefined, string> | null;
  seq: Generated<number>;
  created_at: CreatedAt;
}

export interface SettingsTable {
  key: string;
  value: ColumnType<unknown, string, string>;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface RefreshTokensTable {
  id: Generated<string>;
  user_id: string;
  family_id: string;
  token_hash: string;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
  user_agent: string | null;
  ip: string | null;
  created_at: CreatedAt;
}

export interface NotificationsTable {
  id: Generated<string>;
  user_id: string;
  ticket_id: string | null;
  outbox_id: number;
  kind: string;
  data: ColumnType<unknown, string | undefined, string>;
  read_at: Date | null;
  created_at: CreatedAt;
  /** false: hidden from the notification centre (the user turned in-app off); deliveries still hang on it. */
  in_app: Generated<boolean>;
  /** Its e-mail waits for the user's daily digest due then. */
  digest_at: Date | null;
  digest_id: string | null;
}

export interface NotificationDefaultsTable {
  kind: string;
  in_app: boolean;
  email: boolean;
  whatsapp: boolean;
  lock_in_app: Generated<boolean>;
  lock_email: Generated<boolean>;
  lock_whatsapp: Generated<boolean>;
  push: Generated<boolean>;
  lock_push: Generated<boolean>;
  updated_by: string | null;
  updated_at: Generated<Date>;
}

export interface NotificationPreferencesTable {
  user_id: string;
  kind: string;
  in_app: boolean;
  email: boolean;
  whatsapp: boolean;
  push: Generated<boolean>;
  updated_at: Generated<Date>;
}

export interface NotificationSettingsTable {
  user_id: string;
  quiet_start: number | null;
  quiet_end: number | null;
  time_zone: string | null;
  digest_enabled: Generated<boolean>;
  digest_at: Generated<number>;
  updated_at: Generated<Date>;
}

export interface NotificationDigestsTable {
  id: Generated<string>;
  user_id: string;
  day: string;
  status: Generated<'pending' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  last_error: string | null;
  sent_at: Date | null;
  created_at: CreatedAt;
}

export interface NotificationDeliveriesTable {
  id: Generated<string>;
  notification_id: string;
  user_id: string;
  channel: 'email' | 'whatsapp' | 'push';
  status: Generated<'pending' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  provider_id: string | null;
  provider_status: string | null;
  sent_at: Date | null;
  created_at: CreatedAt;
  /** Quiet hours held it until then (next_attempt_at was pushed there). */
  held_until: Generated<Date | null>;
}

export interface CapturedMailsTable {
  id: Generated<string>;
  delivery_id: string | null;
  message_id: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  created_at: CreatedAt;
}

export interface SlaCalendarTable {
  id: Generated<number>;
  timezone: Generated<string>;
  always_open: Generated<boolean>;
  week: ColumnType<[number, number][][], string, string>;
  updated_at: Date | null;
}

export interface SlaHolidaysTable {
  id: Generated<string>;
  /** 'YYYY-MM-DD' (read as text, never converted through a JS Date). */
  date: ColumnType<string, string, string>;
  name: string;
  yearly: Generated<boolean>;
  created_at: CreatedAt;
}

export interface SlaClockEventsTable {
  id: Generated<number>;
  ticket_id: string;
  kind: string;
  metric: 'resolution' | 'first_response' | null;
  at: Date;
  data: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface SlaEscalationLevelsTable {
  id: Generated<string>;
  name: string;
  action: 'warning' | 'breach' | 'escalation';
  trigger: 'at_risk' | 'percent' | 'after_deadline';
  percent: number | null;
  offset_minutes: number | null;
  recipients: string[];
  channels: string[];
  priority_ids: Generated<string[]>;
  urgent: Generated<boolean>;
  is_active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface SlaEscalationsFiredTable {
  ticket_id: string;
  level_id: string;
  fired_at: Date;
}

export interface SlaComplianceAlertsTable {
  id: Generated<number>;
  alerted_at: Date;
  percent: ColumnType<number, number, number>;
  resolved: number;
  met: number;
  window_days: number;
  threshold: number;
}

/** An export too large for a request, made by the report-export job (modules/reports). */
export interface ReportExportsTable {
  id: Generated<string>;
  user_id: string;
  kind: 'tickets' | 'report';
  format: 'csv' | 'xlsx' | 'pdf';
  params: ColumnType<unknown, string | undefined, string>;
  locale: Generated<string>;
  status: Generated<'queued' | 'running' | 'ready' | 'failed'>;
  file_name: string;
  storage_key: string | null;
  size_bytes: number | null;
  row_count: number | null;
  error: string | null;
  expires_at: Date | null;
  created_at: CreatedAt;
  completed_at: Date | null;
}

export interface ReportSubscriptionsTable {
  id: Generated<string>;
  user_id: string;
  frequency: 'daily' | 'weekly' | 'monthly';
  filters: ColumnType<unknown, string | undefined, string>;
  created_at: CreatedAt;
}

/** One row per (subscription, period): claimed before the mail is sent, so it is sent once. */
export interface ReportSubscriptionSendsTable {
  subscription_id: string;
  /** The period's first day in the organisation's time zone, YYYY-MM-DD. */
  period: string;
  status: Generated<'sending' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  claimed_at: Timestamp;
  sent_at: Date | null;
  error: string | null;
}

export const REPORT_MEASURES = [
  'created',
  'resolved',
  'res_met',
  'res_missed',
  'res_timed',
  'res_business',
  'res_minutes',
  'fr_met',
  'fr_missed',
  'fr_timed',
  'fr_business',
  'fr_minutes',
  'closed',
  'csat_count',
  'csat_sum',
  'csat_1',
  'csat_2',
  'csat_3',
  'csat_4',
  'csat_5',
  'resolutions',
  'rejections',
  'assigned',
  'backlog_delta',
] as const;
export type ReportMeasure = (typeof REPORT_MEASURES)[number];

/** One hour (UTC) x dimension combination of report sums; see migration 20261203100000_report_stats. */
export type ReportStatsTable = {
  grain: number;
  bucket: Date;
  category_id: string | null;
  priority_id: string | null;
  assignee_id: string | null;
  division: string | null;
} & { [M in ReportMeasure]: Generated<number> };
export interface MailboxesTable {
  id: Generated<string>;
  name: string;
  kind: 'imap' | 'smtp';
  address: string;
  is_active: Generated<boolean>;
  imap_host: string | null;
  imap_port: number | null;
  imap_tls: Generated<'tls' | 'starttls' | 'none'>;
  imap_user: string | null;
  imap_password_enc: string | null;
  imap_folder: Generated<string>;
  /** JSON array of domains; write with JSON.stringify. */
  allowed_domains: ColumnType<string[], string | undefined, string>;
  default_category_id: string | null;
  default_priority_id: string | null;
  /** JSON array of MailboxRule; write with JSON.stringify. */
  rules: ColumnType<unknown[], string | undefined, string>;
  uid_validity: ColumnType<string | null, string | number | null, string | number | null>;
  last_uid: ColumnType<string, string | number | undefined, string | number>;
  lease_owner: string | null;
  lease_until: Date | null;
  last_polled_at: Date | null;
  last_error: string | null;
  last_error_at: Date | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface MailMessagesTable {
  id: Generated<string>;
  mailbox_id: string | null;
  message_id: string;
  from_address: string | null;
  subject: string | null;
  status: 'processing' | 'queued' | 'ticket_created' | 'comment_added' | 'ignored' | 'dead_letter';
  reason: string | null;
  error: string | null;
  ticket_id: string | null;
  comment_id: string | null;
  raw: Buffer | null;
  size: Generated<number>;
  attempts: Generated<number>;
  seen_count: Generated<number>;
  received_at: Generated<Date>;
  processed_at: Date | null;
}

export interface MailAutoRepliesTable {
  address: string;
  last_sent_at: Date;
  sent_count: Generated<number>;
}

export interface PushSubscriptionsTable {
  id: Generated<string>;
  user_id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  label: Generated<string>;
  created_at: CreatedAt;
  last_used_at: Date | null;
}

export interface PushVapidKeysTable {
  id: number;
  public_key: string;
  private_key: string;
  created_at: CreatedAt;
}

export interface Database {
  mailboxes: MailboxesTable;
  mail_messages: MailMessagesTable;
  mail_auto_replies: MailAutoRepliesTable;
  sla_calendar: SlaCalendarTable;
  sla_holidays: SlaHolidaysTable;
  sla_clock_events: SlaClockEventsTable;
  sla_escalation_levels: SlaEscalationLevelsTable;
  sla_escalations_fired: SlaEscalationsFiredTable;
  sla_compliance_alerts: SlaComplianceAlertsTable;
  report_exports: ReportExportsTable;
  report_subscriptions: ReportSubscriptionsTable;
  report_subscription_sends: ReportSubscriptionSendsTable;
  users: UsersTable;
  categories: CategoriesTable;
  priorities: PrioritiesTable;
  sla_rules: SlaRulesTable;
  tickets: TicketsTable;
  ticket_comments: TicketCommentsTable;
  ticket_attachments: TicketAttachmentsTable;
  ticket_events: TicketEventsTable;
  settings: SettingsTable;
  refresh_tokens: RefreshTokensTable;
  ticket_number_counters: TicketNumberCountersTable;
  outbox_events: OutboxEventsTable;
  notifications: NotificationsTable;
  notification_deliveries: NotificationDeliveriesTable;
  captured_mails: CapturedMailsTable;
  notification_defaults: NotificationDefaultsTable;
  notification_preferences: NotificationPreferencesTable;
  notification_settings: NotificationSettingsTable;
  notification_digests: NotificationDigestsTable;
  report_stats: ReportStatsTable;
  push_subscriptions: PushSubscriptionsTable;
  push_vapid_keys: PushVapidKeysTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type CategoryRow = Selectable<CategoriesTable>;
export type PriorityRow = Selectable<PrioritiesTable>;
export type SlaRuleRow = Selectable<SlaRulesTable>;
export type TicketRow = Selectable<TicketsTable>;
export type CommentRow = Selectable<TicketCommentsTable>;
export type AttachmentRow = Selectable<TicketAttachmentsTable>;
