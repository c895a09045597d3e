import type { FormErrors } from '@mantine/form';
import type { core, z } from 'zod';
import { i18n } from '@/i18n';

/**
 * A field's own message: a string replaces the generic text for format and custom rules (a
 * regex, a refine); a function sees every issue and returns undefined to keep the generic text.
 */
export type FieldMessage = string | ((issue: core.$ZodIssue) => string | undefined);

export interface ZodResolverOptions<Values> {
  /** Turns the form's values (strings from inputs) into what the schema expects. */
  transform?: (values: Values) => unknown;
  /** Messages by field path. */
  messages?: Partial<Record<string, FieldMessage>>;
}

function ownMessage(message: FieldMessage | undefined, issue: core.$ZodIssue): string | undefined {
  if (typeof message === 'function') return message(issue);
  const generic = issue.code === 'too_small' || issue.code === 'too_big' || issue.code === 'invalid_type';
  const empty = issue.input === '' || issue.input === undefined || issue.input === null;
  return generic || empty ? undefined : message;
}

function bound(value: number | bigint): number {
  return Number(value);
}

/** A translated message for one zod issue; the contract's English texts never reach the user. */
export function issueMessage(issue: core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string') {
        return bound(issue.minimum) <= 1
          ? i18n.t('validation.required')
          : i18n.t('validation.minLength', { min: bound(issue.minimum) });
      }
      if (issue.origin === 'array' || issue.origin === 'set') {
        return i18n.t('validation.minItems', { min: bound(issue.minimum) });
      }
      return i18n.t('validation.min', { min: bound(issue.minimum) });
    case 'too_big':
      if (issue.origin === 'string') return i18n.t('validation.maxLength', { max: bound(issue.maximum) });
      if (issue.origin === 'array' || issue.origin === 'set') {
        return i18n.t('validation.maxItems', { max: bound(issue.maximum) });
      }
      return i18n.t('validation.max', { max: bound(issue.maximum) });
    case 'invalid_type':
      if (issue.expected === 'int') return i18n.t('validation.integer');
      return issue.input === undefined || issue.input === null || issue.input === ''
        ? i18n.t('validation.required')
        : i18n.t('validation.invalid');
    case 'invalid_format':
      if (issue.input === '') return i18n.t('validation.required');
      return issue.format === 'email' ? i18n.t('validation.email') : i18n.t('validation.format');
    case 'invalid_value':
      return i18n.t('validation.invalidOption');
    case 'not_multiple_of':
      return i18n.t('validation.integer');
    case 'custom':
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
    case 'unrecognized_keys':
      return i18n.t('validation.invalid');
  }
}

/**
 * A Mantine form `validate` function from a zod schema of the contract: each issue becomes an
 * error on the field at its path (`['address', 'city']` -> `address.city`).
 */
export function zodResolver<Values>(
  schema: z.ZodType,
  options: ZodResolverOptions<Values> = {},
): (values: Values) => FormErrors {
  return (values) => {
    const input = options.transform ? options.transform(values) : values;
    const result = schema.safeParse(input, { reportInput: true });
    if (result.success) return {};
    const errors: FormErrors = {};
    for (const issue of result.error.issues) {
      const path = issue.path.map(String).join('.');
      if (!path || errors[path] !== undefined) continue;
      errors[path] = ownMessage(options.messages?.[path], issue) ?? issueMessage(issue);
    }
    return errors;
  };
}
