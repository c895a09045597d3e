import { createTheme } from '@mantine/core';
import type { MantineThemeOverride } from '@mantine/core';

export interface ThemeLabels {
  close: string;
  clear: string;
  togglePassword: string;
}

/**
 * The theme, with accessible names for Mantine's icon-only buttons in the current language.
 * Plain `{ defaultProps }` objects rather than `Modal.extend(...)`: importing the components
 * here would put Modal, Select and MultiSelect into the first load of every page.
 */
export function createAppTheme(labels: ThemeLabels): MantineThemeOverride {
  return createTheme({
    primaryColor: 'blue',
    defaultRadius: 'md',
    fontFamily: 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
    headings: { fontWeight: '650' },
    cursorType: 'pointer',
    components: {
      Modal: { defaultProps: { closeButtonProps: { 'aria-label': labels.close } } },
      Notification: { defaultProps: { closeButtonProps: { 'aria-label': labels.close } } },
      PasswordInput: { defaultProps: { visibilityToggleButtonProps: { 'aria-label': labels.togglePassword } } },
      Select: { defaultProps: { clearButtonProps: { 'aria-label': labels.clear } } },
      MultiSelect: { defaultProps: { clearButtonProps: { 'aria-label': labels.clear } } },
    },
  });
}
