import type { Plugin } from 'vite';

/** Mantine's AppShell header, footer and aside modules (the files whose import is rewritten). */
const APP_SHELL_SECTION =
  /@mantine[\\/]core[\\/]esm[\\/]components[\\/]AppShell[\\/]AppShell(Header|Footer|Aside)[\\/][^\\/]+\.mjs$/;
const REMOVE_SCROLL_IMPORT = 'import { RemoveScroll } from "react-remove-scroll";';

/**
 * Mantine's AppShell header imports all of react-remove-scroll (3.7 KB brotli of every signed-in
 * first load) for one class name, `RemoveScroll.classNames.zeroRight`, which marks fixed
 * elements that a modal's scroll lock must offset. The sections get that constant from
 * react-remove-scroll-bar's constants module instead (the value RemoveScroll itself re-exports;
 * `shell-plugin.test.ts` checks they are the same); modals still load the real library.
 */
export function appShellWithoutRemoveScroll(): Plugin {
  return {
    name: 'bantu:app-shell-without-remove-scroll',
    enforce: 'pre',
    transform(code, id) {
      if (!APP_SHELL_SECTION.test(id) || !code.includes(REMOVE_SCROLL_IMPORT)) return null;
      return code.replace(
        REMOVE_SCROLL_IMPORT,
        'import { zeroRightClassName } from "react-remove-scroll-bar/constants";\n' +
          'const RemoveScroll = { classNames: { zeroRight: zeroRightClassName } };',
      );
    },
  };
}
