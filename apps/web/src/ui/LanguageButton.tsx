import type { Locale } from '@bantu/contracts';
import { Button } from '@mantine/core';
import type { ButtonProps } from '@mantine/core';
import { IconLanguage } from '@tabler/icons-react';
import type { ComponentPropsWithoutRef } from 'react';
import { useTranslation } from 'react-i18next';

export type LanguageButtonProps = { value: Locale } & ButtonProps &
  Omit<ComponentPropsWithoutRef<'button'>, keyof ButtonProps | 'value'>;

/** The language switcher's button: the current language's code. */
export function LanguageButton({ value, ...props }: LanguageButtonProps) {
  const { t } = useTranslation();
  return (
    <Button
      variant="subtle"
      color="gray"
      size="compact-md"
      leftSection={<IconLanguage size={18} />}
      aria-label={t('header.languageCurrent', { language: t(`languages.${value}`) })}
      aria-haspopup="menu"
      {...props}
    >
      {value.toUpperCase()}
    </Button>
  );
}
