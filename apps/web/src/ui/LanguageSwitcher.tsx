import type { Locale } from '@bantu/contracts';
import { lazy, Suspense, useState } from 'react';
import { LanguageButton } from './LanguageButton';

export interface LanguageSwitcherProps {
  value: Locale;
  onChange: (locale: Locale) => void;
}

const loadMenu = () => import('./LanguageMenu');
const LanguageMenu = lazy(() => loadMenu().then((m) => ({ default: m.LanguageMenu })));

/**
 * The current language, and a menu to pick another. The menu (Mantine's Menu and its
 * positioning library, ~15 KB) is fetched when the button is first pointed at, focused or
 * pressed, not with the page: the sign-in page does not need it to show.
 */
export function LanguageSwitcher({ value, onChange }: LanguageSwitcherProps) {
  const [opened, setOpened] = useState(false);
  if (!opened) {
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
  return (
    <Suspense fallback={<LanguageButton value={value} />}>
      <LanguageMenu value={value} onChange={onChange} />
    </Suspense>
  );
}
