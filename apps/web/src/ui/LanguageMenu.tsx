import { LOCALES } from '@bantu/contracts';
import { Menu } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { LanguageButton } from './LanguageButton';
import type { LanguageSwitcherProps } from './LanguageSwitcher';

/** The language menu itself (with its positioning code), opened as soon as it is mounted. */
export function LanguageMenu({ value, onChange }: LanguageSwitcherProps) {
  const { t } = useTranslation();
  return (
    <Menu position="bottom-end" withinPortal shadow="md" defaultOpened>
      <Menu.Target>
        <LanguageButton value={value} />
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('header.language')}</Menu.Label>
        {LOCALES.map((locale) => (
          <Menu.Item
            key={locale}
            lang={locale}
            onClick={() => onChange(locale)}
            rightSection={locale === value ? <IconCheck size={16} /> : null}
          >
            {t(`languages.${locale}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
