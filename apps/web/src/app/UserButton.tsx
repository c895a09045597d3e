import type { UserResponse } from '@bantu/contracts';
import { Avatar, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconChevronDown } from '@tabler/icons-react';
import type { ComponentPropsWithoutRef } from 'react';
import { useTranslation } from 'react-i18next';

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts[parts.length - 1]] : [parts[0]];
  return letters
    .map((part) => part?.[0] ?? '')
    .join('')
    .toUpperCase();
}

export type UserButtonProps = { user: Pick<UserResponse, 'name' | 'role'> } & ComponentPropsWithoutRef<'button'>;

/** The header's user button (initials, name and role); it opens the user menu. */
export function UserButton({ user, ...props }: UserButtonProps) {
  const { t } = useTranslation();
  return (
    <UnstyledButton
      aria-label={t('header.userMenu', { name: user.name })}
      aria-haspopup="menu"
      style={{ borderRadius: 'var(--mantine-radius-md)' }}
      {...props}
    >
      <Group gap={8} wrap="nowrap" px={4} py={2}>
        <Avatar color="blue" radius="xl" size={34}>
          {initials(user.name)}
        </Avatar>
        <Stack gap={0} visibleFrom="sm" style={{ maxWidth: 180 }}>
          <Text size="sm" fw={500} truncate>
            {user.name}
          </Text>
          <Text size="xs" c="dimmed" truncate>
            {t(`roles.${user.role}`)}
          </Text>
        </Stack>
        <IconChevronDown size={14} />
      </Group>
    </UnstyledButton>
  );
}
