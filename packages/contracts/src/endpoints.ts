import { z } from 'zod';
import {
  AcceptedResponse,
  AccountTokenInfo,
  AccountTokenInfoRequest,
  AccountTokenRequest,
  ForgotPasswordRequest,
  InvitationRequest,
  LoginChallengeResponse,
  LoginChallengeToken,
  LoginEnrolConfirmRequest,
  LoginPasswordChangeRequest,
  LoginTotpRequest,
  RecoveryCodes,
  RecoveryCodesRequest,
  TotpDisableRequest,
  TotpEnableRequest,
  TotpEnrolment,
  TwoFactorStatus,
} from './account';
import { AttachmentDownloadQuery, AttachmentList } from './attachments';
import { AuditExportQuery, AuditListQuery, AuditPage } from './audit';
import { LoginRequest, LoginResponse, PasswordChangeRequest, ProfileUpdateRequest } from './auth';
import {
  CatalogListQuery,
  CategoryCreateRequest,
  CategoryList,
  CategoryResponse,
  CategoryUpdateRequest,
  PriorityCreateRequest,
  PriorityList,
  PriorityResponse,
  PriorityUpdateRequest,
  SlaRuleCreateRequest,
  SlaRuleList,
  SlaRuleResponse,
  SlaRuleUpdateRequest,
} from './catalog';
import { IdParams, ListQuery } from './common';
import { HealthResponse, ReadyResponse } from './health';
import {
  MailMessageList,
  MailMessageListQuery,
  MailMessageResponse,
  MailboxCreateRequest,
  MailboxList,
  MailboxResponse,
  MailboxTestResponse,
  MailboxUpdateRequest,
} from './mailboxes';
import {
  MyNotificationPreferences,
  MyNotificationPreferencesUpdate,
  NotificationDefaultsResponse,
  NotificationDefaultsUpdateRequest,
} from './notification-preferences';
import {
  CapturedMailPage,
  DeliveryListQuery,
  DeliveryPage,
  MarkReadRequest,
  NotificationListQuery,
  NotificationPage,
  UnreadCount,
} from './notifications';
import { PushKeyResponse, PushSubscriptionCreate, PushSubscriptionItem, PushSubscriptionList } from './push';
import {
  ExportQueued,
  ReportExportPage,
  ReportExportQuery,
  ReportExportResponse,
  ReportSubscriptionCreateRequest,
  ReportSubscriptionList,
  ReportSubscriptionResponse,
  TicketExportQuery,
} from './report-exports';
import {
  ReportCalendarResponse,
  ReportCategoriesResponse,
  ReportCsatResponse,
  ReportDivisionsResponse,
  ReportPrioritiesResponse,
  ReportQuery,
  ReportStaffResponse,
  ReportSummaryResponse,
  ReportTrendsResponse,
} from './reports';
import { PublicSettingsResponse, SettingsResponse, SettingsUpdateRequest } from './settings';
import {
  BusinessCalendarResponse,
  BusinessCalendarUpdateRequest,
  EscalationLevelCreateRequest,
  EscalationLevelList,
  EscalationLevelResponse,
  EscalationLevelUpdateRequest,
  HolidayCreateRequest,
  HolidayImportRequest,
  HolidayImportResponse,
  HolidayList,
  HolidayResponse,
  HolidayUpdateRequest,
  SlaOverviewResponse,
  SlaTicketListQuery,
  SlaTicketPage,
  TicketSlaResponse,
} from './sla';
import {
  SsoButtonList,
  SsoPolicyResponse,
  SsoPolicyUpdateRequest,
  SsoProviderCreateRequest,
  SsoProviderList,
  SsoProviderResponse,
  SsoProviderUpdateRequest,
} from './sso';
import {
  CommentCreateRequest,
  CommentList,
  CommentResponse,
  StaffList,
  TicketAssignRequest,
  TicketCountResponse,
  TicketCounts,
  TicketCreateRequest,
  TicketEventList,
  TicketListQuery,
  TicketPage,
  TicketParams,
  TicketRefParams,
  TicketResponse,
  TicketTransitionRequest,
  TicketUpdateRequest,
} from './tickets';
import {
  UserCreateRequest,
  UserListQuery,
  UserLookupList,
  UserLookupQuery,
  UserPage,
  UserResetPasswordRequest,
  UserResponse,
  UserUpdateRequest,
} from './users';

/**
 * The endpoint table: every HTTP route's method, path and schemas, defined once. The server
 * registers its routes from it (apps/server/src/http/route.ts) and the web app calls them through
 * it (apps/web/src/lib/http/client.ts), so a path or a schema cannot drift between the two.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Endpoint {
  readonly method: HttpMethod;
  /** Fastify's path syntax: `:name` marks a path parameter. */
  readonly path: string;
  readonly params?: z.ZodType;
  readonly querystring?: z.ZodType;
  readonly body?: z.ZodType;
  /** The answer's schema per status code; the server strips what the schema does not name. */
  readonly response?: Readonly<Record<number, z.ZodType>>;
}

const endpoint = <const E extends Endpoint>(definition: E): E => definition;

/** An answer without a body (204). */
export const NoContent = z.null();
/** A streamed file (or a redirect to one): the body is not JSON. */
export const FileBody = z.any().describe('The file');
const CsvFileBody = z.any().describe('The CSV file');

/** A sign-in step answers either the session or the next step's challenge. */
export const LoginAnswer = z.union([LoginResponse, LoginChallengeResponse]);
export const LoginEnrolConfirmResponse = LoginResponse.extend(RecoveryCodes.shape);
const WhatsAppVerifyQuery = z.object({
  'hub.mode': z.string(),
  'hub.verify_token': z.string(),
  'hub.challenge': z.string(),
});
const WhatsAppWebhookResponse = z.object({ updated: z.number().int() });
const RealtimeQuery = z.object({ token: z.string().max(4000).optional() });
const SsoSlugParams = z.object({ slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/) });
const oidcParam = z.string().max(4000).optional();
const OidcCallbackQuery = z.object({
  code: oidcParam,
  state: oidcParam,
  iss: oidcParam,
  error: oidcParam,
  error_description: oidcParam,
});
const SamlAcsBody = z.object({
  SAMLResponse: z.string().min(1).max(400_000),
  RelayState: z.string().max(2000).optional(),
});
export const SsoLogoutResponse = z.object({ redirectUrl: z.string().nullable() });

export const endpoints = {
  metrics: endpoint({ method: 'GET', path: '/metrics' }),
  health: endpoint({ method: 'GET', path: '/healthz', response: { 200: HealthResponse } }),
  ready: endpoint({ method: 'GET', path: '/readyz', response: { 200: ReadyResponse, 503: ReadyResponse } }),
  login: endpoint({ method: 'POST', path: '/api/auth/login', body: LoginRequest, response: { 200: LoginAnswer } }),
  refreshSession: endpoint({ method: 'POST', path: '/api/auth/refresh', response: { 200: LoginResponse } }),
  logout: endpoint({ method: 'POST', path: '/api/auth/logout', response: { 204: NoContent } }),
  logoutEverywhere: endpoint({ method: 'POST', path: '/api/auth/logout-everywhere', response: { 204: NoContent } }),
  getMe: endpoint({ method: 'GET', path: '/api/auth/me', response: { 200: UserResponse } }),
  updateMe: endpoint({
    method: 'PATCH',
    path: '/api/auth/me',
    body: ProfileUpdateRequest,
    response: { 200: UserResponse },
  }),
  changePassword: endpoint({
    method: 'POST',
    path: '/api/auth/password',
    body: PasswordChangeRequest,
    response: { 204: NoContent },
  }),
  listUsers: endpoint({ method: 'GET', path: '/api/users', querystring: UserListQuery, response: { 200: UserPage } }),
  lookupUsers: endpoint({
    method: 'GET',
    path: '/api/users/lookup',
    querystring: UserLookupQuery,
    response: { 200: UserLookupList },
  }),
  createUser: endpoint({
    method: 'POST',
    path: '/api/users',
    body: UserCreateRequest,
    response: { 201: UserResponse },
  }),
  getUser: endpoint({ method: 'GET', path: '/api/users/:id', params: IdParams, response: { 200: UserResponse } }),
  updateUser: endpoint({
    method: 'PATCH',
    path: '/api/users/:id',
    params: IdParams,
    body: UserUpdateRequest,
    response: { 200: UserResponse },
  }),
  resetUserPassword: endpoint({
    method: 'POST',
    path: '/api/users/:id/reset-password',
    params: IdParams,
    body: UserResetPasswordRequest,
    response: { 204: NoContent },
  }),
  listCategories: endpoint({
    method: 'GET',
    path: '/api/categories',
    querystring: CatalogListQuery,
    response: { 200: CategoryList },
  }),
  createCategory: endpoint({
    method: 'POST',
    path: '/api/categories',
    body: CategoryCreateRequest,
    response: { 201: CategoryResponse },
  }),
  updateCategory: endpoint({
    method: 'PATCH',
    path: '/api/categories/:id',
    params: IdParams,
    body: CategoryUpdateRequest,
    response: { 200: CategoryResponse },
  }),
  deleteCategory: endpoint({
    method: 'DELETE',
    path: '/api/categories/:id',
    params: IdParams,
    response: { 204: NoContent },
  }),
  listPriorities: endpoint({
    method: 'GET',
    path: '/api/priorities',
    querystring: CatalogListQuery,
    response: { 200: PriorityList },
  }),
  createPriority: endpoint({
    method: 'POST',
    path: '/api/priorities',
    body: PriorityCreateRequest,
    response: { 201: PriorityResponse },
  }),
  updatePriority: endpoint({
    method: 'PATCH',
    path: '/api/priorities/:id',
    params: IdParams,
    body: PriorityUpdateRequest,
    response: { 200: PriorityResponse },
  }),
  deletePriority: endpoint({
    method: 'DELETE',
    path: '/api/priorities/:id',
    params: IdParams,
    response: { 204: NoContent },
  }),
  listSlaRules: endpoint({ method: 'GET', path: '/api/sla-rules', response: { 200: SlaRuleList } }),
  createSlaRule: endpoint({
    method: 'POST',
    path: '/api/sla-rules',
    body: SlaRuleCreateRequest,
    response: { 201: SlaRuleResponse },
  }),
  updateSlaRule: endpoint({
    method: 'PATCH',
    path: '/api/sla-rules/:id',
    params: IdParams,
    body: SlaRuleUpdateRequest,
    response: { 200: SlaRuleResponse },
  }),
  deleteSlaRule: endpoint({
    method: 'DELETE',
    path: '/api/sla-rules/:id',
    params: IdParams,
    response: { 204: NoContent },
  }),
  getBusinessCalendar: endpoint({
    method: 'GET',
    path: '/api/sla/calendar',
    response: { 200: BusinessCalendarResponse },
  }),
  updateBusinessCalendar: endpoint({
    method: 'PUT',
    path: '/api/sla/calendar',
    body: BusinessCalendarUpdateRequest,
    response: { 200: BusinessCalendarResponse },
  }),
  listHolidays: endpoint({ method: 'GET', path: '/api/sla/holidays', response: { 200: HolidayList } }),
  createHoliday: endpoint({
    method: 'POST',
    path: '/api/sla/holidays',
    body: HolidayCreateRequest,
    response: { 201: HolidayResponse },
  }),
  importHolidays: endpoint({
    method: 'POST',
    path: '/api/sla/holidays/import',
    body: HolidayImportRequest,
    response: { 200: HolidayImportResponse },
  }),
  updateHoliday: endpoint({
    method: 'PATCH',
    path: '/api/sla/holidays/:id',
    params: IdParams,
    body: HolidayUpdateRequest,
    response: { 200: HolidayResponse },
  }),
  deleteHoliday: endpoint({
    method: 'DELETE',
    path: '/api/sla/holidays/:id',
    params: IdParams,
    response: { 204: NoContent },
  }),
  listEscalationLevels: endpoint({
    method: 'GET',
    path: '/api/sla/escalation-levels',
    response: { 200: EscalationLevelList },
  }),
  createEscalationLevel: endpoint({
    method: 'POST',
    path: '/api/sla/escalation-levels',
    body: EscalationLevelCreateRequest,
    response: { 201: EscalationLevelResponse },
  }),
  updateEscalationLevel: endpoint({
    method: 'PATCH',
    path: '/api/sla/escalation-levels/:id',
    params: IdParams,
    body: EscalationLevelUpdateRequest,
    response: { 200: EscalationLevelResponse },
  }),
  deleteEscalationLevel: endpoint({
    method: 'DELETE',
    path: '/api/sla/escalation-levels/:id',
    params: IdParams,
    response: { 204: NoContent },
  }),
  getTicketSla: endpoint({
    method: 'GET',
    path: '/api/tickets/:id/sla',
    params: TicketParams,
    response: { 200: TicketSlaResponse },
  }),
  getSlaOverview: endpoint({ method: 'GET', path: '/api/sla/overview', response: { 200: SlaOverviewResponse } }),
  listSlaTickets: endpoint({
    method: 'GET',
    path: '/api/sla/tickets',
    querystring: SlaTicketListQuery,
    response: { 200: SlaTicketPage },
  }),
  getPublicSettings: endpoint({
    method: 'GET',
    path: '/api/settings/public',
    response: { 200: PublicSettingsResponse },
  }),
  getSettings: endpoint({ method: 'GET', path: '/api/settings', response: { 200: SettingsResponse } }),
  updateSettings: endpoint({
    method: 'PATCH',
    path: '/api/settings',
    body: SettingsUpdateRequest,
    response: { 200: SettingsResponse },
  }),
  listTickets: endpoint({
    method: 'GET',
    path: '/api/tickets',
    querystring: TicketListQuery,
    response: { 200: TicketPage },
  }),
  countTickets: endpoint({
    method: 'GET',
    path: '/api/tickets/count',
    querystring: TicketListQuery,
    response: { 200: TicketCountResponse },
  }),
  getTicketCounts: endpoint({ method: 'GET', path: '/api/tickets/counts', response: { 200: TicketCounts } }),
  createTicket: endpoint({
    method: 'POST',
    path: '/api/tickets',
    body: TicketCreateRequest,
    response: { 201: TicketResponse },
  }),
  getTicket: endpoint({
    method: 'GET',
    path: '/api/tickets/:idOrNumber',
    params: TicketRefParams,
    response: { 200: TicketResponse },
  }),
  updateTicket: endpoint({
    method: 'PATCH',
    path: '/api/tickets/:id',
    params: TicketParams,
    body: TicketUpdateRequest,
    response: { 200: TicketResponse },
  }),
  assignTicket: endpoint({
    method: 'POST',
    path: '/api/tickets/:id/assign',
    params: TicketParams,
    body: TicketAssignRequest,
    response: { 200: TicketResponse },
  }),
  transitionTicket: endpoint({
    method: 'POST',
    path: '/api/tickets/:id/transitions',
    params: TicketParams,
    body: TicketTransitionRequest,
    response: { 200: TicketResponse },
  }),
  listTicketEvents: endpoint({
    method: 'GET',
    path: '/api/tickets/:id/events',
    params: TicketParams,
    response: { 200: TicketEventList },
  }),
  listComments: endpoint({
    method: 'GET',
    path: '/api/tickets/:id/comments',
    params: TicketParams,
    response: { 200: CommentList },
  }),
  createComment: endpoint({
    method: 'POST',
    path: '/api/tickets/:id/comments',
    params: TicketParams,
    body: CommentCreateRequest,
    response: { 201: CommentResponse },
  }),
  listStaff: endpoint({ method: 'GET', path: '/api/staff', response: { 200: StaffList } }),
  getReportCalendar: endpoint({
    method: 'GET',
    path: '/api/reports/calendar',
    response: { 200: ReportCalendarResponse },
  }),
  reportSummary: endpoint({
    method: 'GET',
    path: '/api/reports/summary',
    querystring: ReportQuery,
    response: { 200: ReportSummaryResponse },
  }),
  reportTrends: endpoint({
    method: 'GET',
    path: '/api/reports/trends',
    querystring: ReportQuery,
    response: { 200: ReportTrendsResponse },
  }),
  reportStaff: endpoint({
    method: 'GET',
    path: '/api/reports/staff',
    querystring: ReportQuery,
    response: { 200: ReportStaffResponse },
  }),
  reportCategories: endpoint({
    method: 'GET',
    path: '/api/reports/categories',
    querystring: ReportQuery,
    response: { 200: ReportCategoriesResponse },
  }),
  reportPriorities: endpoint({
    method: 'GET',
    path: '/api/reports/priorities',
    querystring: ReportQuery,
    response: { 200: ReportPrioritiesResponse },
  }),
  reportDivisions: endpoint({
    method: 'GET',
    path: '/api/reports/divisions',
    querystring: ReportQuery,
    response: { 200: ReportDivisionsResponse },
  }),
  reportCsat: endpoint({
    method: 'GET',
    path: '/api/reports/csat',
    querystring: ReportQuery,
    response: { 200: ReportCsatResponse },
  }),
  listAttachments: endpoint({
    method: 'GET',
    path: '/api/tickets/:id/attachments',
    params: IdParams,
    response: { 200: AttachmentList },
  }),
  uploadAttachments: endpoint({
    method: 'POST',
    path: '/api/tickets/:id/attachments',
    params: IdParams,
    response: { 201: AttachmentList },
  }),
  downloadAttachment: endpoint({
    method: 'GET',
    path: '/api/attachments/:id',
    params: IdParams,
    querystring: AttachmentDownloadQuery,
    response: { 200: z.any(), 206: z.any(), 302: z.any(), 416: z.any() },
  }),
  attachmentThumbnail: endpoint({
    method: 'GET',
    path: '/api/attachments/:id/thumbnail',
    params: IdParams,
    querystring: AttachmentDownloadQuery,
    response: { 200: z.any(), 206: z.any(), 302: z.any(), 416: z.any() },
  }),
  deleteAttachment: endpoint({
    method: 'DELETE',
    path: '/api/attachments/:id',
    params: IdParams,
    response: { 204: NoContent },
  }),
  listNotifications: endpoint({
    method: 'GET',
    path: '/api/notifications',
    querystring: NotificationListQuery,
    response: { 200: NotificationPage },
  }),
  getUnreadCount: endpoint({ method: 'GET', path: '/api/notifications/unread-count', response: { 200: UnreadCount } }),
  markNotificationsRead: endpoint({
    method: 'POST',
    path: '/api/notifications/read',
    body: MarkReadRequest,
    response: { 200: UnreadCount },
  }),
  listDeliveries: endpoint({
    method: 'GET',
    path: '/api/admin/deliveries',
    querystring: DeliveryListQuery,
    response: { 200: DeliveryPage },
  }),
  retryDelivery: endpoint({
    method: 'POST',
    path: '/api/admin/deliveries/:id/retry',
    params: IdParams,
    response: { 204: NoContent },
  }),
  listCapturedMails: endpoint({
    method: 'GET',
    path: '/api/admin/mails',
    querystring: ListQuery,
    response: { 200: CapturedMailPage },
  }),
  whatsappWebhookCheck: endpoint({ method: 'GET', path: '/api/webhooks/whatsapp', querystring: WhatsAppVerifyQuery }),
  whatsappWebhook: endpoint({
    method: 'POST',
    path: '/api/webhooks/whatsapp',
    response: { 200: WhatsAppWebhookResponse },
  }),
  getMyNotificationPreferences: endpoint({
    method: 'GET',
    path: '/api/notifications/preferences',
    response: { 200: MyNotificationPreferences },
  }),
  updateMyNotificationPreferences: endpoint({
    method: 'PUT',
    path: '/api/notifications/preferences',
    body: MyNotificationPreferencesUpdate,
    response: { 200: MyNotificationPreferences },
  }),
  getNotificationDefaults: endpoint({
    method: 'GET',
    path: '/api/admin/notification-defaults',
    response: { 200: NotificationDefaultsResponse },
  }),
  updateNotificationDefaults: endpoint({
    method: 'PUT',
    path: '/api/admin/notification-defaults',
    body: NotificationDefaultsUpdateRequest,
    response: { 200: NotificationDefaultsResponse },
  }),
  realtime: endpoint({ method: 'GET', path: '/api/realtime', querystring: RealtimeQuery }),
  exportTickets: endpoint({
    method: 'GET',
    path: '/api/tickets/export',
    querystring: TicketExportQuery,
    response: { 200: FileBody, 202: ExportQueued },
  }),
  exportReport: endpoint({
    method: 'GET',
    path: '/api/reports/export',
    querystring: ReportExportQuery,
    response: { 200: FileBody, 202: ExportQueued },
  }),
  listReportExports: endpoint({ method: 'GET', path: '/api/reports/exports', response: { 200: ReportExportPage } }),
  getReportExport: endpoint({
    method: 'GET',
    path: '/api/reports/exports/:id',
    params: IdParams,
    response: { 200: ReportExportResponse },
  }),
  downloadReportExport: endpoint({
    method: 'GET',
    path: '/api/reports/exports/:id/download',
    params: IdParams,
    response: { 200: FileBody },
  }),
  listReportSubscriptions: endpoint({
    method: 'GET',
    path: '/api/reports/subscriptions',
    response: { 200: ReportSubscriptionList },
  }),
  createReportSubscription: endpoint({
    method: 'POST',
    path: '/api/reports/subscriptions',
    body: ReportSubscriptionCreateRequest,
    response: { 201: ReportSubscriptionResponse },
  }),
  deleteReportSubscription: endpoint({
    method: 'DELETE',
    path: '/api/reports/subscriptions/:id',
    params: IdParams,
    response: { 204: NoContent },
  }),
  listMailboxes: endpoint({ method: 'GET', path: '/api/mailboxes', response: { 200: MailboxList } }),
  createMailbox: endpoint({
    method: 'POST',
    path: '/api/mailboxes',
    body: MailboxCreateRequest,
    response: { 201: MailboxResponse },
  }),
  getMailbox: endpoint({
    method: 'GET',
    path: '/api/mailboxes/:id',
    params: IdParams,
    response: { 200: MailboxResponse },
  }),
  updateMailbox: endpoint({
    method: 'PATCH',
    path: '/api/mailboxes/:id',
    params: IdParams,
    body: MailboxUpdateRequest,
    response: { 200: MailboxResponse },
  }),
  deleteMailbox: endpoint({
    method: 'DELETE',
    path: '/api/mailboxes/:id',
    params: IdParams,
    response: { 204: NoContent },
  }),
  testMailbox: endpoint({
    method: 'POST',
    path: '/api/mailboxes/:id/test',
    params: IdParams,
    response: { 200: MailboxTestResponse },
  }),
  listMailMessages: endpoint({
    method: 'GET',
    path: '/api/mail-messages',
    querystring: MailMessageListQuery,
    response: { 200: MailMessageList },
  }),
  retryMailMessage: endpoint({
    method: 'POST',
    path: '/api/mail-messages/:id/retry',
    params: IdParams,
    response: { 202: MailMessageResponse },
  }),
  listSsoButtons: endpoint({ method: 'GET', path: '/api/auth/sso/providers', response: { 200: SsoButtonList } }),
  startSso: endpoint({ method: 'GET', path: '/api/auth/sso/:slug/start', params: SsoSlugParams }),
  ssoCallback: endpoint({
    method: 'GET',
    path: '/api/auth/sso/:slug/callback',
    params: SsoSlugParams,
    querystring: OidcCallbackQuery,
  }),
  samlAcs: endpoint({ method: 'POST', path: '/api/auth/sso/:slug/acs', params: SsoSlugParams, body: SamlAcsBody }),
  samlMetadata: endpoint({ method: 'GET', path: '/api/auth/sso/:slug/metadata', params: SsoSlugParams }),
  ssoLogout: endpoint({ method: 'POST', path: '/api/auth/sso/logout', response: { 200: SsoLogoutResponse } }),
  listSsoProviders: endpoint({ method: 'GET', path: '/api/sso/providers', response: { 200: SsoProviderList } }),
  createSsoProvider: endpoint({
    method: 'POST',
    path: '/api/sso/providers',
    body: SsoProviderCreateRequest,
    response: { 201: SsoProviderResponse },
  }),
  getSsoProvider: endpoint({
    method: 'GET',
    path: '/api/sso/providers/:id',
    params: IdParams,
    response: { 200: SsoProviderResponse },
  }),
  updateSsoProvider: endpoint({
    method: 'PATCH',
    path: '/api/sso/providers/:id',
    params: IdParams,
    body: SsoProviderUpdateRequest,
    response: { 200: SsoProviderResponse },
  }),
  deleteSsoProvider: endpoint({
    method: 'DELETE',
    path: '/api/sso/providers/:id',
    params: IdParams,
    response: { 204: NoContent },
  }),
  getSsoPolicy: endpoint({ method: 'GET', path: '/api/sso/policy', response: { 200: SsoPolicyResponse } }),
  updateSsoPolicy: endpoint({
    method: 'PATCH',
    path: '/api/sso/policy',
    body: SsoPolicyUpdateRequest,
    response: { 200: SsoPolicyResponse },
  }),
  loginTotp: endpoint({
    method: 'POST',
    path: '/api/auth/login/2fa',
    body: LoginTotpRequest,
    response: { 200: LoginResponse },
  }),
  loginEnrol: endpoint({
    method: 'POST',
    path: '/api/auth/login/enrol',
    body: LoginChallengeToken,
    response: { 200: TotpEnrolment },
  }),
  loginEnrolConfirm: endpoint({
    method: 'POST',
    path: '/api/auth/login/enrol/confirm',
    body: LoginEnrolConfirmRequest,
    response: { 200: LoginEnrolConfirmResponse },
  }),
  loginPasswordChange: endpoint({
    method: 'POST',
    path: '/api/auth/login/password',
    body: LoginPasswordChangeRequest,
    response: { 200: LoginAnswer },
  }),
  forgotPassword: endpoint({
    method: 'POST',
    path: '/api/auth/forgot-password',
    body: ForgotPasswordRequest,
    response: { 202: AcceptedResponse },
  }),
  accountTokenInfo: endpoint({
    method: 'POST',
    path: '/api/auth/account-token',
    body: AccountTokenInfoRequest,
    response: { 200: AccountTokenInfo },
  }),
  resetPassword: endpoint({
    method: 'POST',
    path: '/api/auth/reset-password',
    body: AccountTokenRequest,
    response: { 204: NoContent },
  }),
  acceptInvitation: endpoint({
    method: 'POST',
    path: '/api/auth/accept-invitation',
    body: AccountTokenRequest,
    response: { 204: NoContent },
  }),
  getTwoFactor: endpoint({ method: 'GET', path: '/api/account/2fa', response: { 200: TwoFactorStatus } }),
  setupTotp: endpoint({ method: 'POST', path: '/api/account/2fa/setup', response: { 200: TotpEnrolment } }),
  enableTotp: endpoint({
    method: 'POST',
    path: '/api/account/2fa/enable',
    body: TotpEnableRequest,
    response: { 200: RecoveryCodes },
  }),
  disableTotp: endpoint({
    method: 'POST',
    path: '/api/account/2fa/disable',
    body: TotpDisableRequest,
    response: { 204: NoContent },
  }),
  regenerateRecoveryCodes: endpoint({
    method: 'POST',
    path: '/api/account/2fa/recovery-codes',
    body: RecoveryCodesRequest,
    response: { 200: RecoveryCodes },
  }),
  inviteUser: endpoint({
    method: 'POST',
    path: '/api/users/invitations',
    body: InvitationRequest,
    response: { 201: UserResponse },
  }),
  listAudit: endpoint({ method: 'GET', path: '/api/audit', querystring: AuditListQuery, response: { 200: AuditPage } }),
  exportAudit: endpoint({
    method: 'GET',
    path: '/api/audit/export',
    querystring: AuditExportQuery,
    response: { 200: CsvFileBody },
  }),
  getPushKey: endpoint({ method: 'GET', path: '/api/push/key', response: { 200: PushKeyResponse } }),
  listPushSubscriptions: endpoint({
    method: 'GET',
    path: '/api/push/subscriptions',
    response: { 200: PushSubscriptionList },
  }),
  createPushSubscription: endpoint({
    method: 'POST',
    path: '/api/push/subscriptions',
    body: PushSubscriptionCreate,
    response: { 201: PushSubscriptionItem },
  }),
  deletePushSubscription: endpoint({
    method: 'DELETE',
    path: '/api/push/subscriptions/:id',
    params: IdParams,
    response: { 204: NoContent },
  }),
} as const;

export type EndpointName = keyof typeof endpoints;
