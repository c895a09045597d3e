import { ActionIcon } from '@mantine/core';
import type { ActionIconProps } from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import type { ComponentPropsWithoutRef } from 'react';
import { useTranslation } from 'react-i18next';

export type BellButtonProps = { count: number; opened: boolean } & ActionIconProps &
  Omit<ComponentPropsWithoutRef<'button'>, keyof ActionIconProps>;

/** The bell's button, named with the unread count; it opens the notifications popover. */
export function BellButton({ count, opened, ...props }: BellButtonProps) {
  const { t } = useTranslation();
  return (
    <ActionIcon
      variant="subtle"
      color="gray"
      size="lg"
      radius="xl"
      aria-label={count > 0 ? t('notifications.bellUnread', { count }) : t('notifications.bell')}
      aria-haspopup="dialog"
      aria-expanded={opened}
      {...props}
    >
      <IconBell size={22} stroke={1.6} />
    </ActionIcon>
  );
}
