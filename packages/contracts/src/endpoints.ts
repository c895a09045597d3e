import { z } from 'zod';
import { routes, type Route, type RouteName } from './routes';
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
 * The endpoint table: every HTTP route (method and path from routes.ts) with its schemas, defined
 * once. The server registers its routes from it (apps/server/src/http/route.ts); the web app
 * calls the routes and takes its types from here (apps/web/src/lib/http/client.ts), so a path or
 * a schema cannot drift between the two.
 */

export interface Endpoint extends Route {
  readonly params?: z.ZodType;
  readonly querystring?: z.ZodType;
  readonly body?: z.ZodType;
  /** The answer's schema per status code; the server strips what the schema does not name. */
  readonly response?: Readonly<Record<number, z.ZodType>>;
}

type Schemas = Omit<Endpoint, keyof Route>;

const endpoint = <const R extends Route, const S extends Schemas = Record<never, never>>(
  route: R,
  schemas?: S,
): R & S => ({ ...route, ...schemas }) as R & S;

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
  metrics: endpoint(routes.metrics),
  health: endpoint(routes.health, { response: { 200: HealthResponse } }),
  ready: endpoint(routes.ready, { response: { 200: ReadyResponse, 503: ReadyResponse } }),
  login: endpoint(routes.login, { body: LoginRequest, response: { 200: LoginAnswer } }),
  refreshSession: endpoint(routes.refreshSession, { response: { 200: LoginResponse } }),
  logout: endpoint(routes.logout, { response: { 204: NoContent } }),
  logoutEverywhere: endpoint(routes.logoutEverywhere, { response: { 204: NoContent } }),
  getMe: endpoint(routes.getMe, { response: { 200: UserResponse } }),
  updateMe: endpoint(routes.updateMe, { body: ProfileUpdateRequest, response: { 200: UserResponse } }),
  changePassword: endpoint(routes.changePassword, { body: PasswordChangeRequest, response: { 204: NoContent } }),
  listUsers: endpoint(routes.listUsers, { querystring: UserListQuery, response: { 200: UserPage } }),
  lookupUsers: endpoint(routes.lookupUsers, { querystring: UserLookupQuery, response: { 200: UserLookupList } }),
  createUser: endpoint(routes.createUser, { body: UserCreateRequest, response: { 201: UserResponse } }),
  getUser: endpoint(routes.getUser, { params: IdParams, response: { 200: UserResponse } }),
  updateUser: endpoint(routes.updateUser, {
    params: IdParams,
    body: UserUpdateRequest,
    response: { 200: UserResponse },
  }),
  resetUserPassword: endpoint(routes.resetUserPassword, {
    params: IdParams,
    body: UserResetPasswordRequest,
    response: { 204: NoContent },
  }),
  listCategories: endpoint(routes.listCategories, { querystring: CatalogListQuery, response: { 200: CategoryList } }),
  createCategory: endpoint(routes.createCategory, { body: CategoryCreateRequest, response: { 201: CategoryResponse } }),
  updateCategory: endpoint(routes.updateCategory, {
    params: IdParams,
    body: CategoryUpdateRequest,
    response: { 200: CategoryResponse },
  }),
  deleteCategory: endpoint(routes.deleteCategory, { params: IdParams, response: { 204: NoContent } }),
  listPriorities: endpoint(routes.listPriorities, { querystring: CatalogListQuery, response: { 200: PriorityList } }),
  createPriority: endpoint(routes.createPriority, { body: PriorityCreateRequest, response: { 201: PriorityResponse } }),
  updatePriority: endpoint(routes.updatePriority, {
    params: IdParams,
    body: PriorityUpdateRequest,
    response: { 200: PriorityResponse },
  }),
  deletePriority: endpoint(routes.deletePriority, { params: IdParams, response: { 204: NoContent } }),
  listSlaRules: endpoint(routes.listSlaRules, { response: { 200: SlaRuleList } }),
  createSlaRule: endpoint(routes.createSlaRule, { body: SlaRuleCreateRequest, response: { 201: SlaRuleResponse } }),
  updateSlaRule: endpoint(routes.updateSlaRule, {
    params: IdParams,
    body: SlaRuleUpdateRequest,
    response: { 200: SlaRuleResponse },
  }),
  deleteSlaRule: endpoint(routes.deleteSlaRule, { params: IdParams, response: { 204: NoContent } }),
  getBusinessCalendar: endpoint(routes.getBusinessCalendar, { response: { 200: BusinessCalendarResponse } }),
  updateBusinessCalendar: endpoint(routes.updateBusinessCalendar, {
    body: BusinessCalendarUpdateRequest,
    response: { 200: BusinessCalendarResponse },
  }),
  listHolidays: endpoint(routes.listHolidays, { response: { 200: HolidayList } }),
  createHoliday: endpoint(routes.createHoliday, { body: HolidayCreateRequest, response: { 201: HolidayResponse } }),
  importHolidays: endpoint(routes.importHolidays, {
    body: HolidayImportRequest,
    response: { 200: HolidayImportResponse },
  }),
  updateHoliday: endpoint(routes.updateHoliday, {
    params: IdParams,
    body: HolidayUpdateRequest,
    response: { 200: HolidayResponse },
  }),
  deleteHoliday: endpoint(routes.deleteHoliday, { params: IdParams, response: { 204: NoContent } }),
  listEscalationLevels: endpoint(routes.listEscalationLevels, { response: { 200: EscalationLevelList } }),
  createEscalationLevel: endpoint(routes.createEscalationLevel, {
    body: EscalationLevelCreateRequest,
    response: { 201: EscalationLevelResponse },
  }),
  updateEscalationLevel: endpoint(routes.updateEscalationLevel, {
    params: IdParams,
    body: EscalationLevelUpdateRequest,
    response: { 200: EscalationLevelResponse },
  }),
  deleteEscalationLevel: endpoint(routes.deleteEscalationLevel, { params: IdParams, response: { 204: NoContent } }),
  getTicketSla: endpoint(routes.getTicketSla, { params: TicketParams, response: { 200: TicketSlaResponse } }),
  getSlaOverview: endpoint(routes.getSlaOverview, { response: { 200: SlaOverviewResponse } }),
  listSlaTickets: endpoint(routes.listSlaTickets, {
    querystring: SlaTicketListQuery,
    response: { 200: SlaTicketPage },
  }),
  getPublicSettings: endpoint(routes.getPublicSettings, { response: { 200: PublicSettingsResponse } }),
  getSettings: endpoint(routes.getSettings, { response: { 200: SettingsResponse } }),
  updateSettings: endpoint(routes.updateSettings, { body: SettingsUpdateRequest, response: { 200: SettingsResponse } }),
  listTickets: endpoint(routes.listTickets, { querystring: TicketListQuery, response: { 200: TicketPage } }),
  countTickets: endpoint(routes.countTickets, { querystring: TicketListQuery, response: { 200: TicketCountResponse } }),
  getTicketCounts: endpoint(routes.getTicketCounts, { response: { 200: TicketCounts } }),
  createTicket: endpoint(routes.createTicket, { body: TicketCreateRequest, response: { 201: TicketResponse } }),
  getTicket: endpoint(routes.getTicket, { params: TicketRefParams, response: { 200: TicketResponse } }),
  updateTicket: endpoint(routes.updateTicket, {
    params: TicketParams,
    body: TicketUpdateRequest,
    response: { 200: TicketResponse },
  }),
  assignTicket: endpoint(routes.assignTicket, {
    params: TicketParams,
    body: TicketAssignRequest,
    response: { 200: TicketResponse },
  }),
  transitionTicket: endpoint(routes.transitionTicket, {
    params: TicketParams,
    body: TicketTransitionRequest,
    response: { 200: TicketResponse },
  }),
  listTicketEvents: endpoint(routes.listTicketEvents, { params: TicketParams, response: { 200: TicketEventList } }),
  listComments: endpoint(routes.listComments, { params: TicketParams, response: { 200: CommentList } }),
  createComment: endpoint(routes.createComment, {
    params: TicketParams,
    body: CommentCreateRequest,
    response: { 201: CommentResponse },
  }),
  listStaff: endpoint(routes.listStaff, { response: { 200: StaffList } }),
  getReportCalendar: endpoint(routes.getReportCalendar, { response: { 200: ReportCalendarResponse } }),
  reportSummary: endpoint(routes.reportSummary, { querystring: ReportQuery, response: { 200: ReportSummaryResponse } }),
  reportTrends: endpoint(routes.reportTrends, { querystring: ReportQuery, response: { 200: ReportTrendsResponse } }),
  reportStaff: endpoint(routes.reportStaff, { querystring: ReportQuery, response: { 200: ReportStaffResponse } }),
  reportCategories: endpoint(routes.reportCategories, {
    querystring: ReportQuery,
    response: { 200: ReportCategoriesResponse },
  }),
  reportPriorities: endpoint(routes.reportPriorities, {
    querystring: ReportQuery,
    response: { 200: ReportPrioritiesResponse },
  }),
  reportDivisions: endpoint(routes.reportDivisions, {
    querystring: ReportQuery,
    response: { 200: ReportDivisionsResponse },
  }),
  reportCsat: endpoint(routes.reportCsat, { querystring: ReportQuery, response: { 200: ReportCsatResponse } }),
  listAttachments: endpoint(routes.listAttachments, { params: IdParams, response: { 200: AttachmentList } }),
  uploadAttachments: endpoint(routes.uploadAttachments, { params: IdParams, response: { 201: AttachmentList } }),
  downloadAttachment: endpoint(routes.downloadAttachment, {
    params: IdParams,
    querystring: AttachmentDownloadQuery,
    response: { 200: z.any(), 206: z.any(), 302: z.any(), 416: z.any() },
  }),
  attachmentThumbnail: endpoint(routes.attachmentThumbnail, {
    params: IdParams,
    querystring: AttachmentDownloadQuery,
    response: { 200: z.any(), 206: z.any(), 302: z.any(), 416: z.any() },
  }),
  deleteAttachment: endpoint(routes.deleteAttachment, { params: IdParams, response: { 204: NoContent } }),
  listNotifications: endpoint(routes.listNotifications, {
    querystring: NotificationListQuery,
    response: { 200: NotificationPage },
  }),
  getUnreadCount: endpoint(routes.getUnreadCount, { response: { 200: UnreadCount } }),
  markNotificationsRead: endpoint(routes.markNotificationsRead, {
    body: MarkReadRequest,
    response: { 200: UnreadCount },
  }),
  listDeliveries: endpoint(routes.listDeliveries, { querystring: DeliveryListQuery, response: { 200: DeliveryPage } }),
  retryDelivery: endpoint(routes.retryDelivery, { params: IdParams, response: { 204: NoContent } }),
  listCapturedMails: endpoint(routes.listCapturedMails, {
    querystring: ListQuery,
    response: { 200: CapturedMailPage },
  }),
  whatsappWebhookCheck: endpoint(routes.whatsappWebhookCheck, { querystring: WhatsAppVerifyQuery }),
  whatsappWebhook: endpoint(routes.whatsappWebhook, { response: { 200: WhatsAppWebhookResponse } }),
  getMyNotificationPreferences: endpoint(routes.getMyNotificationPreferences, {
    response: { 200: MyNotificationPreferences },
  }),
  updateMyNotificationPreferences: endpoint(routes.updateMyNotificationPreferences, {
    body: MyNotificationPreferencesUpdate,
    response: { 200: MyNotificationPreferences },
  }),
  getNotificationDefaults: endpoint(routes.getNotificationDefaults, {
    response: { 200: NotificationDefaultsResponse },
  }),
  updateNotificationDefaults: endpoint(routes.updateNotificationDefaults, {
    body: NotificationDefaultsUpdateRequest,
    response: { 200: NotificationDefaultsResponse },
  }),
  realtime: endpoint(routes.realtime, { querystring: RealtimeQuery }),
  exportTickets: endpoint(routes.exportTickets, {
    querystring: TicketExportQuery,
    response: { 200: FileBody, 202: ExportQueued },
  }),
  exportReport: endpoint(routes.exportReport, {
    querystring: ReportExportQuery,
    response: { 200: FileBody, 202: ExportQueued },
  }),
  listReportExports: endpoint(routes.listReportExports, { response: { 200: ReportExportPage } }),
  getReportExport: endpoint(routes.getReportExport, { params: IdParams, response: { 200: ReportExportResponse } }),
  downloadReportExport: endpoint(routes.downloadReportExport, { params: IdParams, response: { 200: FileBody } }),
  listReportSubscriptions: endpoint(routes.listReportSubscriptions, { response: { 200: ReportSubscriptionList } }),
  createReportSubscription: endpoint(routes.createReportSubscription, {
    body: ReportSubscriptionCreateRequest,
    response: { 201: ReportSubscriptionResponse },
  }),
  deleteReportSubscription: endpoint(routes.deleteReportSubscription, {
    params: IdParams,
    response: { 204: NoContent },
  }),
  listMailboxes: endpoint(routes.listMailboxes, { response: { 200: MailboxList } }),
  createMailbox: endpoint(routes.createMailbox, { body: MailboxCreateRequest, response: { 201: MailboxResponse } }),
  getMailbox: endpoint(routes.getMailbox, { params: IdParams, response: { 200: MailboxResponse } }),
  updateMailbox: endpoint(routes.updateMailbox, {
    params: IdParams,
    body: MailboxUpdateRequest,
    response: { 200: MailboxResponse },
  }),
  deleteMailbox: endpoint(routes.deleteMailbox, { params: IdParams, response: { 204: NoContent } }),
  testMailbox: endpoint(routes.testMailbox, { params: IdParams, response: { 200: MailboxTestResponse } }),
  listMailMessages: endpoint(routes.listMailMessages, {
    querystring: MailMessageListQuery,
    response: { 200: MailMessageList },
  }),
  retryMailMessage: endpoint(routes.retryMailMessage, { params: IdParams, response: { 202: MailMessageResponse } }),
  listSsoButtons: endpoint(routes.listSsoButtons, { response: { 200: SsoButtonList } }),
  startSso: endpoint(routes.startSso, { params: SsoSlugParams }),
  ssoCallback: endpoint(routes.ssoCallback, { params: SsoSlugParams, querystring: OidcCallbackQuery }),
  samlAcs: endpoint(routes.samlAcs, { params: SsoSlugParams, body: SamlAcsBody }),
  samlMetadata: endpoint(routes.samlMetadata, { params: SsoSlugParams }),
  ssoLogout: endpoint(routes.ssoLogout, { response: { 200: SsoLogoutResponse } }),
  listSsoProviders: endpoint(routes.listSsoProviders, { response: { 200: SsoProviderList } }),
  createSsoProvider: endpoint(routes.createSsoProvider, {
    body: SsoProviderCreateRequest,
    response: { 201: SsoProviderResponse },
  }),
  getSsoProvider: endpoint(routes.getSsoProvider, { params: IdParams, response: { 200: SsoProviderResponse } }),
  updateSsoProvider: endpoint(routes.updateSsoProvider, {
    params: IdParams,
    body: SsoProviderUpdateRequest,
    response: { 200: SsoProviderResponse },
  }),
  deleteSsoProvider: endpoint(routes.deleteSsoProvider, { params: IdParams, response: { 204: NoContent } }),
  getSsoPolicy: endpoint(routes.getSsoPolicy, { response: { 200: SsoPolicyResponse } }),
  updateSsoPolicy: endpoint(routes.updateSsoPolicy, {
    body: SsoPolicyUpdateRequest,
    response: { 200: SsoPolicyResponse },
  }),
  loginTotp: endpoint(routes.loginTotp, { body: LoginTotpRequest, response: { 200: LoginResponse } }),
  loginEnrol: endpoint(routes.loginEnrol, { body: LoginChallengeToken, response: { 200: TotpEnrolment } }),
  loginEnrolConfirm: endpoint(routes.loginEnrolConfirm, {
    body: LoginEnrolConfirmRequest,
    response: { 200: LoginEnrolConfirmResponse },
  }),
  loginPasswordChange: endpoint(routes.loginPasswordChange, {
    body: LoginPasswordChangeRequest,
    response: { 200: LoginAnswer },
  }),
  forgotPassword: endpoint(routes.forgotPassword, { body: ForgotPasswordRequest, response: { 202: AcceptedResponse } }),
  accountTokenInfo: endpoint(routes.accountTokenInfo, {
    body: AccountTokenInfoRequest,
    response: { 200: AccountTokenInfo },
  }),
  resetPassword: endpoint(routes.resetPassword, { body: AccountTokenRequest, response: { 204: NoContent } }),
  acceptInvitation: endpoint(routes.acceptInvitation, { body: AccountTokenRequest, response: { 204: NoContent } }),
  getTwoFactor: endpoint(routes.getTwoFactor, { response: { 200: TwoFactorStatus } }),
  setupTotp: endpoint(routes.setupTotp, { response: { 200: TotpEnrolment } }),
  enableTotp: endpoint(routes.enableTotp, { body: TotpEnableRequest, response: { 200: RecoveryCodes } }),
  disableTotp: endpoint(routes.disableTotp, { body: TotpDisableRequest, response: { 204: NoContent } }),
  regenerateRecoveryCodes: endpoint(routes.regenerateRecoveryCodes, {
    body: RecoveryCodesRequest,
    response: { 200: RecoveryCodes },
  }),
  inviteUser: endpoint(routes.inviteUser, { body: InvitationRequest, response: { 201: UserResponse } }),
  listAudit: endpoint(routes.listAudit, { querystring: AuditListQuery, response: { 200: AuditPage } }),
  exportAudit: endpoint(routes.exportAudit, { querystring: AuditExportQuery, response: { 200: CsvFileBody } }),
  getPushKey: endpoint(routes.getPushKey, { response: { 200: PushKeyResponse } }),
  listPushSubscriptions: endpoint(routes.listPushSubscriptions, { response: { 200: PushSubscriptionList } }),
  createPushSubscription: endpoint(routes.createPushSubscription, {
    body: PushSubscriptionCreate,
    response: { 201: PushSubscriptionItem },
  }),
  deletePushSubscription: endpoint(routes.deletePushSubscription, { params: IdParams, response: { 204: NoContent } }),
} as const satisfies { readonly [K in RouteName]: Endpoint };

export type EndpointName = keyof typeof endpoints;
