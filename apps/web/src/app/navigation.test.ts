import { describe, expect, it } from 'vitest';
import { activeEntry, navigationFor } from './navigation';

describe('the active menu entry', () => {
  it('lights exactly one entry, the most specific one, for every page of every role', () => {
    const staff = navigationFor('it_staff');
    expect(activeEntry(staff, '/staff')).toBe('/staff');
    expect(activeEntry(staff, '/staff/')).toBe('/staff');
    expect(activeEntry(staff, '/staff/tickets/TKT-202612-00001')).toBe('/staff');
    expect(activeEntry(staff, '/staff/tickets/new')).toBe('/staff/tickets/new');
    expect(activeEntry(staff, '/staff/sla')).toBe('/staff/sla');
    expect(activeEntry(staff, '/profile')).toBe('/profile');

    const admin = navigationFor('admin');
    // /admin/sla is the monitor; it does not own /admin/sla-rules or /admin/sla-calendar.
    expect(activeEntry(admin, '/admin/sla-rules')).toBe('/admin/sla-rules');
    expect(activeEntry(admin, '/admin/sla-calendar')).toBe('/admin/sla-calendar');
    expect(activeEntry(admin, '/admin/sla')).toBe('/admin/sla');
    expect(activeEntry(admin, '/admin')).toBe('/admin');
    expect(activeEntry(admin, '/admin/tickets/x')).toBe('/admin/tickets');
    // Admins see all data: the dashboard and the reports, as managers do.
    expect(activeEntry(admin, '/admin/dashboard')).toBe('/admin/dashboard');
    expect(activeEntry(admin, '/admin/reports')).toBe('/admin/reports');

    const manager = navigationFor('manager');
    expect(activeEntry(manager, '/manager')).toBe('/manager');
    expect(activeEntry(manager, '/manager/tickets/TKT-202612-00001')).toBe('/manager/tickets');
    expect(activeEntry(manager, '/manager/reports')).toBe('/manager/reports');

    const user = navigationFor('user');
    expect(activeEntry(user, '/user/tickets/abc')).toBe('/user');
    expect(activeEntry(user, '/user/tickets/new')).toBe('/user/tickets/new');
    expect(activeEntry(user, '/somewhere-else')).toBeNull();
  });

  it('never has two entries with the same target', () => {
    for (const role of ['user', 'it_staff', 'manager', 'admin'] as const) {
      const targets = navigationFor(role).flatMap((s) => s.entries.map((e) => e.to));
      expect(new Set(targets).size).toBe(targets.length);
    }
  });
});
