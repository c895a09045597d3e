import fs from 'node:fs';
import { createRequire } from 'node:module';
import { RemoveScroll } from 'react-remove-scroll';
import { zeroRightClassName } from 'react-remove-scroll-bar/constants';
import { describe, expect, it } from 'vitest';
import { appShellWithoutRemoveScroll } from '../../shell-plugin';

describe("the build's AppShell rewrite (shell-plugin.ts)", () => {
  it('gives the sections the class name RemoveScroll itself uses', () => {
    expect(zeroRightClassName).toBe(RemoveScroll.classNames.zeroRight);
  });

  it("rewrites Mantine's header module, and only its import of react-remove-scroll", () => {
    const require = createRequire(import.meta.url);
    const file = require
      .resolve('@mantine/core')
      .replace(/cjs[\\/]index\.c?js$/, 'esm/components/AppShell/AppShellHeader/AppShellHeader.mjs');
    const code = fs.readFileSync(file, 'utf8');
    const plugin = appShellWithoutRemoveScroll();
    const transform = plugin.transform as (code: string, id: string) => string | null;
    const out = transform(code, file);
    expect(out).not.toBeNull();
    expect(out).not.toContain('from "react-remove-scroll"');
    expect(out).toContain('RemoveScroll.classNames.zeroRight');
    expect(out?.replace(/import \{ zeroRightClassName \}[^\n]*\nconst RemoveScroll = [^\n]*/, '')).toBe(
      code.replace('import { RemoveScroll } from "react-remove-scroll";', ''),
    );
    expect(transform('import { RemoveScroll } from "react-remove-scroll";', '/x/Modal/Modal.mjs')).toBeNull();
  });
});
