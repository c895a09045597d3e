import { can, HOME_AREA } from '@bantu/contracts';
import type { Permission, Role } from '@bantu/contracts';
import {
  IconCategory,
  IconChartBar,
  IconFileAnalytics,
  IconListDetails,
  IconAlarm,
  IconCalendarTime,
  IconClockHour4,
  IconGauge,
  IconFlag,
  IconMail,
  IconMailExclamation,
  IconKey,
  IconMailbox,
  IconShieldCheck,
  IconHome,
  IconInbox,
  IconSettings,
  IconSquarePlus,
  IconTicket,
  IconUserCircle,
  IconUsers,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';

export type NavLabelKey =
  | 'nav.home'
  | 'nav.users'
  | 'nav.categories'
  | 'nav.priorities'
  | 'nav.slaRules'
  | 'nav.settings'
  | 'nav.mails'
  | 'nav.deliveries'
  | 'nav.mailboxes'
  | 'nav.sso'
  | 'nav.audit'
  | 'nav.profile'
  | 'nav.myTickets'
  | 'nav.queue'
  | 'nav.newTicket'
  | 'nav.dashboard'
  | 'nav.allTickets'
  | 'nav.reports'
  | 'sla.nav.status'
  | 'sla.nav.monitor'
  | 'sla.nav.calendar'
  | 'sla.nav.levels';

export interface NavEntry {
  to: string;
  label: NavLabelKey;
  icon: ReactNode;
  /** An area home page: the one lit for pages no other entry names (a ticket opened from the list). */
  end?: boolean;
}

export interface NavSection {
  title?: 'nav.adminSection';
  entries: NavEntry[];
}

/** Admin Panel pages and the permission each needs. */
export const ADMIN_PAGES: readonly { path: string; label: NavLabelKey; permission: Permission; icon: ReactNode }[] = [
  { path: 'users', label: 'nav.users', permission: 'user:manage', icon: <IconUsers size={18} /> },
  { path: 'categories', label: 'nav.categories', permission: 'category:manage', icon: <IconCategory size={18} /> },
  { path: 'priorities', label: 'nav.priorities', permission: 'priority:manage', icon: <IconFlag size={18} /> },
  { path: 'sla-rules', label: 'nav.slaRules', permission: 'sla_rule:manage', icon: <IconClockHour4 size={18} /> },
  {
    path: 'sla-calendar',
    label: 'sla.nav.calendar',
    permission: 'sla_calendar:manage',
    icon: <IconCalendarTime size={18} />,
  },
  {
    path: 'escalation-levels',
    label: 'sla.nav.levels',
    permission: 'sla_escalation:manage',
    icon: <IconAlarm size={18} />,
  },
  { path: 'settings', label: 'nav.settings', permission: 'settings:manage', icon: <IconSettings size={18} /> },
  { path: 'mails', label: 'nav.mails', permission: 'settings:manage', icon: <IconMail size={18} /> },
  {
    path: 'deliveries',
    label: 'nav.deliveries',
    permission: 'settings:manage',
    icon: <IconMailExclamation size={18} />,
  },
  { path: 'mailboxes', label: 'nav.mailboxes', permission: 'mailbox:manage', icon: <IconMailbox size={18} /> },
  { path: 'sso', label: 'nav.sso', permission: 'settings:manage', icon: <IconKey size={18} /> },
  { path: 'audit', label: 'nav.audit', permission: 'audit:view', icon: <IconShieldCheck size={18} /> },
];

/** What the navbar offers a role: only entries it may use. */
export function navigationFor(role: Role): NavSection[] {
  const home = `/${HOME_AREA[role]}`;
  const sections: NavSection[] = [
    { entries: [{ to: home, label: 'nav.home', icon: <IconHome size={18} />, end: true }] },
  ];
  // The User Portal and the IT Staff Portal open on their ticket lists.
  const area = HOME_AREA[role];
  if (area === 'user' || area === 'staff') {
    const entries: NavEntry[] = [
      area === 'user'
        ? { to: home, label: 'nav.myTickets', icon: <IconTicket size={18} />, end: true }
        : { to: home, label: 'nav.queue', icon: <IconInbox size={18} />, end: true },
    ];
    if (can(role, 'ticket:create')) {
      entries.push({ to: `${home}/tickets/new`, label: 'nav.newTicket', icon: <IconSquarePlus size={18} /> });
    }
    sections[0] = { entries };
  }
  // Managers land on their dashboard; managers and admins list every ticket, read-only for managers.
  if (area === 'manager') {
    sections[0] = { entries: [{ to: home, label: 'nav.dashboard', icon: <IconChartBar size={18} />, end: true }] };
  }
  if ((area === 'manager' || area === 'admin') && can(role, 'ticket:view_all')) {
    sections[0]?.entries.push({ to: `${home}/tickets`, label: 'nav.allTickets', icon: <IconListDetails size={18} /> });
  }
  // Admins see all data: the same dashboard and reports as managers, under /admin.
  if (area === 'admin' && can(role, 'report:view')) {
    sections[0]?.entries.push({ to: `${home}/dashboard`, label: 'nav.dashboard', icon: <IconChartBar size={18} /> });
  }
  if ((area === 'manager' || area === 'admin') && can(role, 'report:view')) {
    sections[0]?.entries.push({ to: `${home}/reports`, label: 'nav.reports', icon: <IconFileAnalytics size={18} /> });
  }
  // The SLA view: "Status SLA" for IT staff, "Monitor SLA" for managers and admins.
  if (can(role, 'sla:view')) {
    sections[0]?.entries.push({
      to: `${home}/sla`,
      label: area === 'staff' ? 'sla.nav.status' : 'sla.nav.monitor',
      icon: <IconGauge size={18} />,
    });
  }
  const admin = ADMIN_PAGES.filter((page) => can(role, page.permission)).map((page) => ({
    to: `/admin/${page.path}`,
    label: page.label,
    icon: page.icon,
  }));
  if (HOME_AREA[role] === 'admin' && admin.length > 0) sections.push({ title: 'nav.adminSection', entries: admin });
  sections.push({ entries: [{ to: '/profile', label: 'nav.profile', icon: <IconUserCircle size={18} /> }] });
  return sections;
}

/**
 * The one entry to light for a path: the entry whose path is the longest prefix of it at a
 * segment boundary (/admin/sla does not own /admin/sla-rules; /staff/tickets/new beats /staff),
 * so a ticket page lights its list and no two entries are ever active together.
 */
export function activeEntry(sections: NavSection[], pathname: string): string | null {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  let best: string | null = null;
  for (const entry of sections.flatMap((s) => s.entries)) {
    const matches = path === entry.to || path.startsWith(entry.to.endsWith('/') ? entry.to : `${entry.to}/`);
    if (matches && (best === null || entry.to.length > best.length)) best = entry.to;
  }
  return best;
}
