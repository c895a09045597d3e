import { describe, expect, it } from 'vitest';
import { emailDomain, mapDivision, mapRole, normaliseEmail, stringList } from './sso.mapping';

const rules = {
  defaultRole: 'user' as const,
  roleMappings: [
    { group: 'it-managers', role: 'manager' as const },
    { group: 'IT-Helpdesk', role: 'it_staff' as const },
  ],
  divisionMappings: [{ group: 'finance', division: 'Keuangan' }],
};

describe('claim mappings', () => {
  it('takes the first matching role mapping, case-insensitively, else the default', () => {
    expect(mapRole(['it-helpdesk'], rules)).toBe('it_staff');
    expect(mapRole(['it-helpdesk', 'it-managers'], rules)).toBe('manager');
    expect(mapRole(['sales'], rules)).toBe('user');
    expect(mapRole([], { ...rules, defaultRole: 'it_staff' })).toBe('it_staff');
  });

  it('prefers a division mapping over the division claim, and answers null without either', () => {
    expect(mapDivision(['Finance'], 'Operasional', rules)).toBe('Keuangan');
    expect(mapDivision(['sales'], '  Operasional ', rules)).toBe('Operasional');
    expect(mapDivision([], '   ', rules)).toBeNull();
    expect(mapDivision([], null, rules)).toBeNull();
  });

  it('reads claims defensively', () => {
    expect(stringList('one')).toEqual(['one']);
    expect(stringList(['a', 2, null, 'b'])).toEqual(['a', 'b']);
    expect(stringList({ a: 1 })).toEqual([]);
    expect(normaliseEmail(' Ana@Corp.Test ')).toBe('ana@corp.test');
    expect(normaliseEmail('not an email')).toBeNull();
    expect(normaliseEmail(42)).toBeNull();
    expect(emailDomain('ana@Corp.Test')).toBe('corp.test');
  });
});
