import type { ComponentType } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { homePath, useCurrentUser } from '@/features/auth/auth.hooks';
import { loadMoreStrings } from '@/i18n';
import { FullPageLoader } from '@/ui/FullPageLoader';
import { RequireArea, RequireAuth, RequirePermission } from './guards';
import { RouteError } from './RouteError';

function HomeRedirect() {
  const user = useCurrentUser();
  return <Navigate to={homePath(user.role)} replace />;
}

/**
 * Every page is its own chunk, loaded when its route is first opened: the first load brings
 * only the shell and the page asked for (the login page, or the requester's home).
 */
function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return () => load().then((m) => ({ Component: m[name] }));
}

/** "All tickets" of managers and admins (one page, loaded on first use). */
const allTicketsPage = () => import('@/portals/shared/AllTicketsPage').then((m) => ({ Component: m.AllTicketsPage }));

/** The pages whose strings are all in the first-load part (i18n/areas.ts). */
const FIRST_LOAD_PATHS = new Set(['/', '/login', '/user']);
let moreStringsLoaded = false;

/**
 * Before any other page opens, the rest of the language's strings are fetched (in parallel
 * with the page's own chunk): the first load of the sign-in page and the requester's home
 * brings only the strings they show.
 */
async function stringsFor({ request }: { request: Request }): Promise<null> {
  const { pathname } = new URL(request.url);
  if (!moreStringsLoaded && !FIRST_LOAD_PATHS.has(pathname.replace(/\/+$/, '') || '/')) {
    await loadMoreStrings();
    moreStringsLoaded = true;
  }
  return null;
}

/** The Admin Panel, the Manager Dashboard and reports are loaded only when someone opens them. */
export const router = createBrowserRouter([
  {
    errorElement: <RouteError />,
    hydrateFallbackElement: <FullPageLoader />,
    loader: stringsFor,
    // Runs on every navigation until the rest of the strings is there.
    shouldRevalidate: () => !moreStringsLoaded,
    children: [
      // Signed out: its own chunk (the form, its validation, second-factor steps), so a signed-in
      // first load does not bring it.
      { path: '/login', lazy: page(() => import('./LoginRoute'), 'LoginRoute') },
      // The links of password-reset and invitation mails, and "forgot password" (signed out).
      {
        path: '/account/forgot',
        lazy: page(() => import('@/features/account/AccountLinkPages'), 'ForgotPasswordPage'),
      },
      {
        path: '/account/reset',
        lazy: () =>
          import('@/features/account/AccountLinkPages').then(({ SetPasswordPage }) => ({
            Component: () => <SetPasswordPage purpose="reset" />,
          })),
      },
      {
        path: '/account/invite',
        lazy: () =>
          import('@/features/account/AccountLinkPages').then(({ SetPasswordPage }) => ({
            Component: () => <SetPasswordPage purpose="invite" />,
          })),
      },
      {
        element: <RequireAuth />,
        children: [
          {
            lazy: page(() => import('./AppLayout'), 'AppLayout'),
            children: [
              { index: true, element: <HomeRedirect /> },
              { path: 'profile', lazy: page(() => import('@/portals/shared/ProfilePage'), 'ProfilePage') },
              // The links in notification e-mails.
              {
                path: 'tickets/:ticketRef',
                lazy: page(() => import('@/portals/shared/TicketLinkRedirect'), 'TicketLinkRedirect'),
              },
              {
                path: 'user',
                element: <RequireArea area="user" />,
                children: [
                  { index: true, lazy: page(() => import('@/portals/user/UserTicketsPage'), 'UserTicketsPage') },
                  {
                    path: 'tickets/new',
                    lazy: page(() => import('@/portals/user/UserNewTicketPage'), 'UserNewTicketPage'),
                  },
                  {
                    path: 'tickets/:ticketRef',
                    lazy: page(() => import('@/portals/user/UserTicketPage'), 'UserTicketPage'),
                  },
                ],
              },
              {
                path: 'staff',
                element: <RequireArea area="staff" />,
                children: [
                  { index: true, lazy: page(() => import('@/portals/staff/StaffQueuePage'), 'StaffQueuePage') },
                  {
                    path: 'tickets/new',
                    lazy: page(() => import('@/portals/staff/StaffNewTicketPage'), 'StaffNewTicketPage'),
                  },
                  {
                    path: 'tickets/:ticketRef',
                    lazy: page(() => import('@/portals/staff/StaffTicketPage'), 'StaffTicketPage'),
                  },
                  {
                    element: <RequirePermission permission="sla:view" />,
                    children: [
                      { path: 'sla', lazy: page(() => import('@/portals/shared/SlaMonitorPage'), 'SlaMonitorPage') },
                    ],
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
                  {
                    path: 'tickets/:ticketRef',
                    lazy: page(() => import('@/portals/shared/AreaTicketPage'), 'AreaTicketPage'),
                  },
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
                    children: [
                      { path: 'sla', lazy: page(() => import('@/portals/shared/SlaMonitorPage'), 'SlaMonitorPage') },
                    ],
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
                  {
                    path: 'tickets/:ticketRef',
                    lazy: page(() => import('@/portals/shared/AreaTicketPage'), 'AreaTicketPage'),
                  },
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
                    children: [
                      { path: 'sla', lazy: page(() => import('@/portals/shared/SlaMonitorPage'), 'SlaMonitorPage') },
                    ],
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
              { path: '*', lazy: page(() => import('@/portals/shared/NotFoundPage'), 'NotFoundPage') },
            ],
          },
        ],
      },
    ],
  },
]);
