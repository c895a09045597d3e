import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as contracts from './index';

/**
 * Partial updates stay partial: no update schema may carry a create default, or a PATCH of one
 * field would also send the default of every other (e.g. `isActive: true` re-activating an
 * inactive category). Walks every exported *UpdateRequest / *Update schema, so new ones are
 * covered without being listed here.
 */
const updateSchemas: [string, z.ZodObject][] = Object.entries(contracts as Record<string, unknown>).flatMap(
  ([name, value]) => (/Update(Request)?$/.test(name) && value instanceof z.ZodObject ? [[name, value]] : []),
);

describe('update request schemas', () => {
  it('finds the update schemas of every admin resource and of the profile, settings and preferences', () => {
    expect(updateSchemas.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        'CategoryUpdateRequest',
        'PriorityUpdateRequest',
        'SlaRuleUpdateRequest',
        'EscalationLevelUpdateRequest',
        'HolidayUpdateRequest',
        'UserUpdateRequest',
        'ProfileUpdateRequest',
        'SettingsUpdateRequest',
        'TicketUpdateRequest',
        'MyNotificationPreferencesUpdate',
        'NotificationDefaultsUpdateRequest',
        'BusinessCalendarUpdateRequest',
      ]),
    );
  });

  it.each(updateSchemas)('%s adds no field that was not sent', (_name, schema) => {
    // Each field on its own, then the object as a PATCH with nothing in it.
    for (const [field, fieldSchema] of Object.entries(schema.shape)) {
      const parsed = fieldSchema.safeParse(undefined);
      if (parsed.success) expect(parsed.data, field).toBeUndefined();
    }
    expect(z.object(schema.shape).partial().parse({})).toEqual({});
    const whole = schema.safeParse({});
    if (whole.success) expect(whole.data).toEqual({});
    else expect(whole.error.issues.length).toBeGreaterThan(0);
  });

  it('keeps only the field sent when one field is edited', () => {
    expect(contracts.CategoryUpdateRequest.parse({ description: 'Printers' })).toEqual({ description: 'Printers' });
    expect(contracts.PriorityUpdateRequest.parse({ description: 'Soon' })).toEqual({ description: 'Soon' });
    expect(contracts.SlaRuleUpdateRequest.parse({ description: 'Office' })).toEqual({ description: 'Office' });
    expect(contracts.EscalationLevelUpdateRequest.parse({ name: 'Late' })).toEqual({ name: 'Late' });
    expect(contracts.HolidayUpdateRequest.parse({ name: 'Nyepi' })).toEqual({ name: 'Nyepi' });
    expect(contracts.UserUpdateRequest.parse({ name: 'Sari' })).toEqual({ name: 'Sari' });
  });

  it('create schemas still default isActive to true', () => {
    expect(contracts.CategoryCreateRequest.parse({ name: 'Jaringan' }).isActive).toBe(true);
    expect(contracts.PriorityCreateRequest.parse({ name: 'P9', level: 9, color: '#123456' }).isActive).toBe(true);
  });
});

describe('the text rule (FORBIDDEN_TEXT)', () => {
  it('refuses NUL and lone surrogates in names and free text, and keeps real pairs (emoji)', () => {
    for (const bad of ['a\u0000b', 'a\ud800b', 'a\udc00', '\ud83d']) {
      expect(contracts.hasForbiddenText(bad), JSON.stringify(bad)).toBe(true);
      expect(contracts.Name(50).safeParse(bad).success, JSON.stringify(bad)).toBe(false);
      expect(contracts.Text(50).safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
    for (const good of ['Printer rusak 😀', 'Jaringan\nkantor', 'ü']) {
      expect(contracts.hasForbiddenText(good)).toBe(false);
      expect(contracts.Text(50).parse(good)).toBe(good);
    }
  });
});
