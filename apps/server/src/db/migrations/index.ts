import type { Migration } from 'kysely';
import * as initialSchema from './20261125090000_initial_schema';
import * as ticketWorkflow from './20261125100000_ticket_workflow';
import * as attachmentLifecycle from './20261125110000_attachment_lifecycle';
import * as notifications from './20261125120000_notifications';
import * as whatsappOptIn from './20261125130000_whatsapp_opt_in';
import * as ticketListIndexes from './20261130100000_ticket_list_indexes';
import * as slaEngine from './20261130110000_sla_engine';
import * as notificationPreferences from './20261130120000_notification_preferences';
import * as reportStats from './20261203100000_report_stats';
import * as reportSubscriptions from './20261203110000_report_subscriptions';
import * as outboxBaseUrl from './20261203120000_outbox_base_url';
import * as keysetMilliseconds from './20261203143000_keyset_millisecond_precision';
import * as mailIntake from './20261203140000_mail_intake';
import * as deliverySentIndex from './20261203230000_delivery_sent_index';
import * as changeNotifications from './20261204050000_change_notifications';
import * as reportOpen from './20261204070000_report_open';
import * as dropReportOpenIndex from './20261205040000_drop_report_open_index';
import * as reportHistograms from './20261203220000_report_histograms';
import * as sso from './20261203200000_sso';
import * as accountSecurity from './20261203210000_account_security';
import * as webPush from './20261203190000_web_push';
import * as referenceChangeNotifications from './20261205010000_reference_change_notifications';
import * as ticketNumberDigits from './20261206100000_ticket_number_digits';
import * as ginPendingListLimit from './20261207100000_gin_pending_list_limit';

/**
 * Every migration, in order. Imported statically so the bundled server carries them; a file
 * is never edited after it lands: add a new one.
 */
export const migrations: Record<string, Migration> = {
  '20261125090000_initial_schema': initialSchema,
  '20261125100000_ticket_workflow': ticketWorkflow,
  '20261125110000_attachment_lifecycle': attachmentLifecycle,
  '20261125120000_notifications': notifications,
  '20261125130000_whatsapp_opt_in': whatsappOptIn,
  '20261130100000_ticket_list_indexes': ticketListIndexes,
  '20261130110000_sla_engine': slaEngine,
  '20261130120000_notification_preferences': notificationPreferences,
  '20261203100000_report_stats': reportStats,
  '20261203110000_report_subscriptions': reportSubscriptions,
  '20261203120000_outbox_base_url': outboxBaseUrl,
  '20261203140000_mail_intake': mailIntake,
  '20261203143000_keyset_millisecond_precision': keysetMilliseconds,
  '20261203190000_web_push': webPush,
  '20261203200000_sso': sso,
  '20261203210000_account_security': accountSecurity,
  '20261203220000_report_histograms': reportHistograms,
  '20261203230000_delivery_sent_index': deliverySentIndex,
  '20261204050000_change_notifications': changeNotifications,
  '20261204070000_report_open': reportOpen,
  '20261205010000_reference_change_notifications': referenceChangeNotifications,
  '20261205040000_drop_report_open_index': dropReportOpenIndex,
  '20261206100000_ticket_number_digits': ticketNumberDigits,
  '20261207100000_gin_pending_list_limit': ginPendingListLimit,
};
