import { createTheme, Modal, MultiSelect, Notification, PasswordInput, Select } from '@mantine/core';
import type { MantineThemeOverride } from '@mantine/core';

export interface ThemeLabels {
  close: string;
  clear: string;
  togglePassword: string;
}

/** The theme, with accessible names for Mantine's icon-only buttons in the current language. */
export function createAppTheme(labels: ThemeLabels): MantineThemeOverride {
  return createTheme({
    primaryColor: 'blue',
    defaultRadius: 'md',
    fontFamily: 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
    headings: { fontWeight: '650' },
    cursorType: 'pointer',
    components: {
      Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': labels.close } } }),
      Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': labels.close } } }),
      PasswordInput: PasswordInput.extend({
        defaultProps: { visibilityToggleButtonProps: { 'aria-label': labels.togglePassword } },
      }),
      Select: Select.extend({ defaultProps: { clearButtonProps: { 'aria-label': labels.clear } } }),
      MultiSelect: MultiSelect.extend({ defaultProps: { clearButtonProps: { 'aria-label': labels.clear } } }),
    },
  });
}
