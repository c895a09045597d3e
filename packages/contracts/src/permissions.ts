import type { Role } from './enums';

/**
 * Every action a route or a control can need. The server enforces them (each route declares
 * one); the web app uses the same map to show or hide controls. Ownership (a requester sees
 * only their own tickets) is enforced in queries on top of this.
 */
export const PERMISSIONS = [
  'ticket:view_own',
  'ticket:view_all',
  'ticket:create',
  'ticket:create_on_behalf',
  'ticket:comment',
  'ticket:comment_internal',
  'ticket:assign',
  'ticket:change_status',
  'ticket:close_own',
  'ticket:rate',
  'attachment:upload',
  'attachment:upload_solution',
  'sla:view',
  'sla:monitor',
  'report:view',
  'report:export',
  'staff_performance:view',
  'catalog:read',
  'user:manage',
  'category:manage',
  'priority:manage',
  'sla_rule:manage',
  'sla_calendar:manage',
  'sla_escalation:manage',
  'settings:manage',
  'data:view_all',
  'notification:preferences',
  'notification:defaults',
  'mailbox:manage',
  'audit:view',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const user: Permission[] = [
  'ticket:view_own',
  'ticket:create',
  'ticket:comment',
  'ticket:close_own',
  'ticket:rate',
  'attachment:upload',
  'catalog:read',
  'notification:preferences',
];

const itStaff: Permission[] = [
  'ticket:view_all',
  'ticket:create',
  'ticket:create_on_behalf',
  'ticket:comment',
  'ticket:comment_internal',
  'ticket:assign',
  'ticket:change_status',
  'attachment:upload',
  'attachment:upload_solution',
  'sla:view',
  'catalog:read',
  'notification:preferences',
];

/** Managers read every ticket but change none (no assign, transition or comment: issue 12). */
const manager: Permission[] = [
  'ticket:view_all',
  'sla:view',
  'sla:monitor',
  'report:view',
  'report:export',
  'staff_performance:view',
  'catalog:read',
  'notification:preferences',
];

const admin: Permission[] = [
  'ticket:view_all',
  'ticket:comment',
  'ticket:comment_internal',
  'ticket:change_status',
  'catalog:read',
  'sla:view',
  'user:manage',
  'category:manage',
  'priority:manage',
  'sla_rule:manage',
  'sla_calendar:manage',
  'sla_escalation:manage',
  'settings:manage',
  'data:view_all',
  // "View All Data" (the spec): the dashboard, reports, staff performance and their exports, read-only.
  'report:view',
  'report:export',
  'staff_performance:view',
  'notification:preferences',
  'notification:defaults',
  'mailbox:manage',
  'audit:view',
];

export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  user: new Set(user),
  it_staff: new Set(itStaff),
  manager: new Set(manager),
  admin: new Set(admin),
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}

/** The area of the web app a role lands in after sign-in. */
export const HOME_AREA: Readonly<Record<Role, 'user' | 'staff' | 'manager' | 'admin'>> = {
  user: 'user',
  it_staff: 'staff',
  manager: 'manager',
  admin: 'admin',
};
