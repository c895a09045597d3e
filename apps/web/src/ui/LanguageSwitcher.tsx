import type { Locale } from '@bantu/contracts';
import { createElement, useState } from 'react';
import { LanguageButton } from './LanguageButton';
import { useDeferredComponent } from './useDeferredComponent';

export interface LanguageSwitcherProps {
  value: Locale;
  onChange: (locale: Locale) => void;
}

const loadMenu = () => import('./LanguageMenu').then((m) => m.LanguageMenu);

/**
 * The current language, and a menu to pick another. The menu (Mantine's Menu and its
 * positioning library, ~15 KB) is fetched when the button is first pointed at, focused or
 * pressed, not with the page: the sign-in page does not need it to show.
 */
export function LanguageSwitcher({ value, onChange }: LanguageSwitcherProps) {
  const [opened, setOpened] = useState(false);
  const LanguageMenu = useDeferredComponent(loadMenu, opened);
  if (!LanguageMenu) {
    const preload = () => void loadMenu();
    return (
      <LanguageButton
        value={value}
        onPointerEnter={preload}
        onPointerDown={preload}
        onFocus={preload}
        onClick={() => setOpened(true)}
      />
    );
  }
  // createElement: the menu arrives once and keeps its identity (not made during render).
  return createElement(LanguageMenu, { value, onChange });
}
