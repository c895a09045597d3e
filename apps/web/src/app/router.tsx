import { createBrowserRouter, Navigate } from 'react-router';
import { homePath, useCurrentUser } from '@/features/auth/auth.hooks';
import { ForgotPasswordPage, SetPasswordPage } from '@/features/account/AccountLinkPages';
import { FullPageLoader } from '@/ui/FullPageLoader';
import { AreaTicketPage } from '@/portals/shared/AreaTicketPage';
import { NotFoundPage } from '@/portals/shared/NotFoundPage';
import { ProfilePage } from '@/portals/shared/ProfilePage';
import { SlaMonitorPage } from '@/portals/shared/SlaMonitorPage';
import { TicketLinkRedirect } from '@/portals/shared/TicketLinkRedirect';
import { StaffNewTicketPage } from '@/portals/staff/StaffNewTicketPage';
import { StaffQueuePage } from '@/portals/staff/StaffQueuePage';
import { StaffTicketPage } from '@/portals/staff/StaffTicketPage';
import { UserNewTicketPage } from '@/portals/user/UserNewTicketPage';
import { UserTicketPage } from '@/portals/user/UserTicketPage';
import { UserTicketsPage } from '@/portals/user/UserTicketsPage';
import { AppLayout } from './AppLayout';
import { RequireArea, RequireAuth, RequirePermission } from './guards';
import { LoginRoute } from './LoginRoute';
import { RouteError } from './RouteError';

function HomeRedirect() {
  const user = useCurrentUser();
  return <Navigate to={homePath(user.role)} replace />;
}

/** "All tickets" of managers and admins (one page, loaded on first use). */
const allTicketsPage = () => import('@/portals/shared/AllTicketsPage').then((m) => ({ Component: m.AllTicketsPage }));

/** The Admin Panel, the Manager Dashboard and reports are loaded only when someone opens them. */
export const router = createBrowserRouter([
  {
    errorElement: <RouteError />,
    hydrateFallbackElement: <FullPageLoader />,
    children: [
      { path: '/login', element: <LoginRoute /> },
      // The links of password-reset and invitation mails, and "forgot password" (signed out).
      { path: '/account/forgot', element: <ForgotPasswordPage /> },
      { path: '/account/reset', element: <SetPasswordPage purpose="reset" /> },
      { path: '/account/invite', element: <SetPasswordPage purpose="invite" /> },
      {
        element: <RequireAuth />,
        children: [
          {
            element: <AppLayout />,
            children: [
              { index: true, element: <HomeRedirect /> },
              { path: 'profile', element: <ProfilePage /> },
              // The links in notification e-mails.
              { path: 'tickets/:ticketRef', element: <TicketLinkRedirect /> },
              {
                path: 'user',
                element: <RequireArea area="user" />,
                children: [
                  { index: true, element: <UserTicketsPage /> },
                  { path: 'tickets/new', element: <UserNewTicketPage /> },
                  { path: 'tickets/:ticketRef', element: <UserTicketPage /> },
                ],
              },
              {
                path: 'staff',
                element: <RequireArea area="staff" />,
                children: [
                  { index: true, element: <StaffQueuePage /> },
                  { path: 'tickets/new', element: <StaffNewTicketPage /> },
                  { path: 'tickets/:ticketRef', element: <StaffTicketPage /> },
                  {
                    element: <RequirePermission permission="sla:view" />,
                    children: [{ path: 'sla', element: <SlaMonitorPage /> }],
                  },
                ],
              },
              {
                path: 'manager',
                element: <RequireArea area="manager" />,
                children: [
                  // The dashboard brings the charts; they load only when a manager opens it.
                  {
                    index: true,
                    lazy: () =>
                      import('@/portals/manager/ManagerHomePage').then((m) => ({ Component: m.ManagerHomePage })),
                  },
                  {
                    element: <RequirePermission permission="ticket:view_all" />,
                    children: [{ path: 'tickets', lazy: allTicketsPage }],
                  },
                  { path: 'tickets/:ticketRef', element: <AreaTicketPage /> },
                  {
                    element: <RequirePermission permission="report:view" />,
                    children: [
                      {
                        path: 'reports',
                        lazy: () => import('@/portals/manager/ReportsPage').then((m) => ({ Component: m.ReportsPage })),
                      },
                    ],
                  },
                  {
                    element: <RequirePermission permission="sla:view" />,
                    children: [{ path: 'sla', element: <SlaMonitorPage /> }],
                  },
                ],
              },
              {
                path: 'admin',
                element: <RequireArea area="admin" />,
                children: [
                  {
                    index: true,
                    lazy: () => import('@/portals/admin/AdminHomePage').then((m) => ({ Component: m.AdminHomePage })),
                  },
                  {
                    element: <RequirePermission permission="ticket:view_all" />,
                    children: [{ path: 'tickets', lazy: allTicketsPage }],
                  },
                  { path: 'tickets/:ticketRef', element: <AreaTicketPage /> },
                  {
                    element: <RequirePermission permission="report:view" />,
                    children: [
                      {
                        path: 'dashboard',
                        lazy: () =>
                          import('@/portals/manager/ManagerHomePage').then((m) => ({ Component: m.ManagerHomePage })),
                      },
                      {
                        path: 'reports',
                        lazy: () => import('@/portals/manager/ReportsPage').then((m) => ({ Component: m.ReportsPage })),
                      },
                    ],
                  },
                  {
                    element: <RequirePermission permission="user:manage" />,
                    children: [
                      {
                        path: 'users',
                        lazy: () => import('@/portals/admin/UsersPage').then((m) => ({ Component: m.UsersPage })),
                      },
                    ],
                  },
                  {
                    element: <RequirePermission permission="category:manage" />,
                    children: [
                      {
                        path: 'categories',
                        lazy: () =>
                          import('@/portals/admin/CategoriesPage').then((m) => ({ Component: m.CategoriesPage })),
                      },
                    ],
                  },
                  {
                    element: <RequirePermission permission="priority:manage" />,
                    children: [
                      {
                        path: 'priorities',
                        lazy: () =>
                          import('@/portals/admin/PrioritiesPage').then((m) => ({ Component: m.PrioritiesPage })),
                      },
                    ],
                  },
                  {
                    element: <RequirePermission permission="sla_rule:manage" />,
                    children: [
                      {
                        path: 'sla-rules',
                        lazy: () => import('@/portals/admin/SlaRulesPage').then((m) => ({ Component: m.SlaRulesPage })),
                      },
                    ],
                  },
                  {
                    element: <RequirePermission permission="sla:view" />,
                    children: [{ path: 'sla', element: <SlaMonitorPage /> }],
                  },
                  {
                    element: <RequirePermission permission="sla_calendar:manage" />,
                    children: [
                      {
                        path: 'sla-calendar',
                        lazy: () =>
                          import('@/portals/admin/SlaCalendarPage').then((m) => ({ Component: m.SlaCalendarPage })),
                      },
                    ],
                  },
                  {
                    element: <RequirePermission permission="sla_escalation:manage" />,
                    children: [
                      {
                        path: 'escalation-levels',
                        lazy: () =>
                          import('@/portals/admin/EscalationLevelsPage').then((m) => ({
                            Component: m.EscalationLevelsPage,
                          })),
                      },
                    ],
                  },
                  {
                    element: <RequirePermission permission="settings:manage" />,
                    children: [
                      {
                        path: 'settings',
                        lazy: () => import('@/portals/admin/SettingsPage').then((m) => ({ Component: m.SettingsPage })),
                      },
                      {
                        path: 'sso',
                        lazy: () => import('@/portals/admin/SsoPage').then((m) => ({ Component: m.SsoPage })),
                      },
                      {
                        path: 'mails',
                        lazy: () => import('@/portals/admin/MailsPage').then((m) => ({ Component: m.MailsPage })),
                      },
                      {
                        path: 'deliveries',
                        lazy: () =>
                          import('@/portals/admin/DeliveriesPage').then((m) => ({ Component: m.DeliveriesPage })),
                      },
                    ],
                  },
                  {
                    element: <RequirePermission permission="audit:view" />,
                    children: [
                      {
                        path: 'audit',
                        lazy: () => import('@/portals/admin/AuditPage').then((m) => ({ Component: m.AuditPage })),
                      },
                    ],
                  },
                  {
                    element: <RequirePermission permission="mailbox:manage" />,
                    children: [
                      {
                        path: 'mailboxes',
                        lazy: () =>
                          import('@/portals/admin/MailboxesPage').then((m) => ({ Component: m.MailboxesPage })),
                      },
                    ],
                  },
                ],
              },
              { path: '*', element: <NotFoundPage /> },
            ],
          },
        ],
      },
    ],
  },
]);
