import type { Permission } from '@bantu/contracts';
import { createElement, lazy, Suspense } from 'react';
import type { ComponentType, ReactNode } from 'react';
import { Route, Switch } from 'wouter';
import { homePath, useCurrentUser } from '@/features/auth/auth.hooks';
import type { Area } from '@/features/auth/auth.hooks';
import { loadMoreStrings } from '@/i18n';
import { Navigate } from '@/lib/router';
import { FullPageLoader } from '@/ui/FullPageLoader';
import { RequireArea, RequireAuth, RequirePermission } from './guards';
import { RouteErrorBoundary } from './RouteError';

function HomeRedirect() {
  const user = useCurrentUser();
  return <Navigate to={homePath(user.role)} replace />;
}

interface Page<P extends object = object> {
  Component: ComponentType<P>;
  /** Starts fetching the page's chunk (once); the first load calls it before the session is known. */
  preload: () => Promise<unknown>;
}

/**
 * Every page is its own chunk, fetched when its route is first opened (or preloaded for the
 * first screen). Pages outside the first load also wait for the rest of the language's strings,
 * fetched in parallel with the chunk: the sign-in page and the requester's home bring only the
 * strings they show (i18n/areas.ts).
 *
 * A page whose chunk is already there renders directly: through React.lazy it would suspend
 * once anyway, and React 19 shows a boundary's content at the earliest 300 ms after its fallback
 * (measured on the requester's first load: the ticket list was requested 320 ms after its chunk
 * had arrived).
 */
function page<P extends object = object>(
  load: () => Promise<ComponentType<P>>,
  strings: 'first' | 'more' = 'more',
): Page<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<{ default: ComponentType<P> }> | null = null;
  const preload = () => {
    loading ??= Promise.all([load(), strings === 'more' ? loadMoreStrings() : null]).then(([component]) => {
      loaded = component;
      return { default: component };
    });
    // A failed preload (offline) is tried again when the page renders; a failed render goes to
    // the error boundary, whose way back reloads the app.
    loading.catch(() => (loading = null));
    return loading;
  };
  const Lazy = lazy(preload);
  // `loaded` is set before React's own callback on the same promise runs, so a lazy element
  // never commits and is then swapped for the loaded component (which would remount it).
  const Component = (props: P) => (loaded ? createElement(loaded, props) : createElement(Lazy, props));
  return { Component, preload };
}

const pages = {
  login: page(() => import('./LoginRoute').then((m) => m.LoginRoute), 'first'),
  forgotPassword: page(() => import('@/features/account/AccountLinkPages').then((m) => m.ForgotPasswordPage)),
  resetPassword: page(() => import('@/features/account/AccountLinkPages').then((m) => m.ResetPasswordPage)),
  acceptInvitation: page(() => import('@/features/account/AccountLinkPages').then((m) => m.AcceptInvitationPage)),
  layout: page<{ children: ReactNode }>(() => import('./AppLayout').then((m) => m.AppLayout), 'first'),
  profile: page(() => import('@/portals/shared/ProfilePage').then((m) => m.ProfilePage)),
  ticketLink: page(() => import('@/portals/shared/TicketLinkRedirect').then((m) => m.TicketLinkRedirect)),
  userTickets: page(() => import('@/portals/user/UserTicketsPage').then((m) => m.UserTicketsPage), 'first'),
  userNewTicket: page(() => import('@/portals/user/UserNewTicketPage').then((m) => m.UserNewTicketPage)),
  userTicket: page(() => import('@/portals/user/UserTicketPage').then((m) => m.UserTicketPage)),
  staffQueue: page(() => import('@/portals/staff/StaffQueuePage').then((m) => m.StaffQueuePage)),
  staffNewTicket: page(() => import('@/portals/staff/StaffNewTicketPage').then((m) => m.StaffNewTicketPage)),
  staffTicket: page(() => import('@/portals/staff/StaffTicketPage').then((m) => m.StaffTicketPage)),
  slaMonitor: page(() => import('@/portals/shared/SlaMonitorPage').then((m) => m.SlaMonitorPage)),
  // The dashboard brings the charts; they load only when a manager opens it.
  managerHome: page(() => import('@/portals/manager/ManagerHomePage').then((m) => m.ManagerHomePage)),
  allTickets: page(() => import('@/portals/shared/AllTicketsPage').then((m) => m.AllTicketsPage)),
  areaTicket: page(() => import('@/portals/shared/AreaTicketPage').then((m) => m.AreaTicketPage)),
  reports: page(() => import('@/portals/manager/ReportsPage').then((m) => m.ReportsPage)),
  adminHome: page(() => import('@/portals/admin/AdminHomePage').then((m) => m.AdminHomePage)),
  users: page(() => import('@/portals/admin/UsersPage').then((m) => m.UsersPage)),
  categories: page(() => import('@/portals/admin/CategoriesPage').then((m) => m.CategoriesPage)),
  priorities: page(() => import('@/portals/admin/PrioritiesPage').then((m) => m.PrioritiesPage)),
  slaRules: page(() => import('@/portals/admin/SlaRulesPage').then((m) => m.SlaRulesPage)),
  slaCalendar: page(() => import('@/portals/admin/SlaCalendarPage').then((m) => m.SlaCalendarPage)),
  escalationLevels: page(() => import('@/portals/admin/EscalationLevelsPage').then((m) => m.EscalationLevelsPage)),
  settings: page(() => import('@/portals/admin/SettingsPage').then((m) => m.SettingsPage)),
  sso: page(() => import('@/portals/admin/SsoPage').then((m) => m.SsoPage)),
  mails: page(() => import('@/portals/admin/MailsPage').then((m) => m.MailsPage)),
  deliveries: page(() => import('@/portals/admin/DeliveriesPage').then((m) => m.DeliveriesPage)),
  audit: page(() => import('@/portals/admin/AuditPage').then((m) => m.AuditPage)),
  mailboxes: page(() => import('@/portals/admin/MailboxesPage').then((m) => m.MailboxesPage)),
  notFound: page(() => import('@/portals/shared/NotFoundPage').then((m) => m.NotFoundPage)),
};

/** Pages a signed-out visitor opens (no session needed). */
const signedOutRoutes: { path: string; page: Page }[] = [
  { path: '/login', page: pages.login },
  // The links of password-reset and invitation mails, and "forgot password".
  { path: '/account/forgot', page: pages.forgotPassword },
  { path: '/account/reset', page: pages.resetPassword },
  { path: '/account/invite', page: pages.acceptInvitation },
];

interface SignedInRoute {
  path: string;
  page: Page;
  /** The role's home area the page belongs to; another role is sent to its own home. */
  area?: Area;
  /** Needed besides the area; without it the user is sent home. */
  permission?: Permission;
}

/** Inside the signed-in shell; the first match wins (`tickets/new` before `tickets/:ticketRef`). */
const signedInRoutes: SignedInRoute[] = [
  { path: '/profile', page: pages.profile },
  // The links in notification e-mails.
  { path: '/tickets/:ticketRef', page: pages.ticketLink },
  { path: '/user', area: 'user', page: pages.userTickets },
  { path: '/user/tickets/new', area: 'user', page: pages.userNewTicket },
  { path: '/user/tickets/:ticketRef', area: 'user', page: pages.userTicket },
  { path: '/staff', area: 'staff', page: pages.staffQueue },
  { path: '/staff/tickets/new', area: 'staff', page: pages.staffNewTicket },
  { path: '/staff/tickets/:ticketRef', area: 'staff', page: pages.staffTicket },
  { path: '/staff/sla', area: 'staff', permission: 'sla:view', page: pages.slaMonitor },
  { path: '/manager', area: 'manager', page: pages.managerHome },
  { path: '/manager/tickets', area: 'manager', permission: 'ticket:view_all', page: pages.allTickets },
  { path: '/manager/tickets/:ticketRef', area: 'manager', page: pages.areaTicket },
  { path: '/manager/reports', area: 'manager', permission: 'report:view', page: pages.reports },
  { path: '/manager/sla', area: 'manager', permission: 'sla:view', page: pages.slaMonitor },
  { path: '/admin', area: 'admin', page: pages.adminHome },
  { path: '/admin/tickets', area: 'admin', permission: 'ticket:view_all', page: pages.allTickets },
  { path: '/admin/tickets/:ticketRef', area: 'admin', page: pages.areaTicket },
  { path: '/admin/dashboard', area: 'admin', permission: 'report:view', page: pages.managerHome },
  { path: '/admin/reports', area: 'admin', permission: 'report:view', page: pages.reports },
  { path: '/admin/users', area: 'admin', permission: 'user:manage', page: pages.users },
  { path: '/admin/categories', area: 'admin', permission: 'category:manage', page: pages.categories },
  { path: '/admin/priorities', area: 'admin', permission: 'priority:manage', page: pages.priorities },
  { path: '/admin/sla-rules', area: 'admin', permission: 'sla_rule:manage', page: pages.slaRules },
  { path: '/admin/sla', area: 'admin', permission: 'sla:view', page: pages.slaMonitor },
  { path: '/admin/sla-calendar', area: 'admin', permission: 'sla_calendar:manage', page: pages.slaCalendar },
  {
    path: '/admin/escalation-levels',
    area: 'admin',
    permission: 'sla_escalation:manage',
    page: pages.escalationLevels,
  },
  { path: '/admin/settings', area: 'admin', permission: 'settings:manage', page: pages.settings },
  { path: '/admin/sso', area: 'admin', permission: 'settings:manage', page: pages.sso },
  { path: '/admin/mails', area: 'admin', permission: 'settings:manage', page: pages.mails },
  { path: '/admin/deliveries', area: 'admin', permission: 'settings:manage', page: pages.deliveries },
  { path: '/admin/audit', area: 'admin', permission: 'audit:view', page: pages.audit },
  { path: '/admin/mailboxes', area: 'admin', permission: 'mailbox:manage', page: pages.mailboxes },
];

function Guarded({ route, children }: { route: SignedInRoute; children: ReactNode }) {
  let guarded = children;
  if (route.permission) guarded = <RequirePermission permission={route.permission}>{guarded}</RequirePermission>;
  if (route.area) guarded = <RequireArea area={route.area}>{guarded}</RequireArea>;
  return guarded;
}

function SignedInPages() {
  const Layout = pages.layout.Component;
  const NotFound = pages.notFound.Component;
  return (
    <Layout>
      {/* The shell stays while a page's chunk arrives. */}
      <Suspense fallback={<FullPageLoader inline />}>
        <Switch>
          <Route path="/">
            <HomeRedirect />
          </Route>
          {signedInRoutes.map((route) => (
            <Route key={route.path} path={route.path}>
              <Guarded route={route}>
                <route.page.Component />
              </Guarded>
            </Route>
          ))}
          <Route>
            <NotFound />
          </Route>
        </Switch>
      </Suspense>
    </Layout>
  );
}

/** The whole app's routes: signed-out pages, then everything else behind the session guard. */
export function AppRoutes() {
  return (
    <RouteErrorBoundary>
      <Suspense fallback={<FullPageLoader />}>
        <Switch>
          {signedOutRoutes.map((route) => (
            <Route key={route.path} path={route.path}>
              <route.page.Component />
            </Route>
          ))}
          <Route>
            <RequireAuth>
              <SignedInPages />
            </RequireAuth>
          </Route>
        </Switch>
      </Suspense>
    </RouteErrorBoundary>
  );
}

/**
 * The first screen's chunks are fetched at once, beside the session check, the strings and
 * the framework, instead of one after another (shell, then page, then data).
 */
export function preloadFirstScreen(pathname: string): Promise<void> {
  const path = pathname.replace(/\/+$/, '') || '/';
  // A failed preload is tried again when the page renders (page()).
  const warm = (...targets: Pick<Page, 'preload'>[]) =>
    Promise.all(targets.map((target) => target.preload().catch(() => undefined))).then(() => undefined);
  const signedOut = signedOutRoutes.find((route) => route.path === path);
  if (signedOut) return warm(signedOut.page);
  // Only a path without parameters equals a table entry; a ticket page's chunk comes on render.
  const signedIn = signedInRoutes.find((route) => route.path === path);
  return signedIn ? warm(pages.layout, signedIn.page) : warm(pages.layout);
}
