import { createTheme } from '@mantine/core';
import type { CSSVariablesResolver, MantineThemeOverride } from '@mantine/core';

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
    // Filled buttons and links in shade 8: white on blue.6 (3.5:1) and blue.6 on white missed
    // WCAG AA's 4.5:1; blue.8 gives 5:1.
    primaryShade: { light: 8, dark: 8 },
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

/**
 * Contrast fixes for WCAG AA (4.5:1 for text; Lighthouse's color-contrast audit): secondary
 * ("dimmed") text in gray.7 rather than Mantine's gray.6 (3.3:1 on white), and the text of light
 * yellow badges ("on hold") in a dark amber rather than yellow.9 (2.7:1 on yellow.1; now 5.7:1).
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)', '--mantine-color-yellow-light-color': '#8f5000' },
  dark: {},
});
