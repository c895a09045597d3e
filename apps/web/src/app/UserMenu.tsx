import { Menu, Text } from '@mantine/core';
import { IconLogout, IconUserCircle } from '@tabler/icons-react';
import { Link, useNavigate } from '@/lib/router';
import { useTranslation } from 'react-i18next';
import { useCurrentUser, useLogout } from '@/features/auth/auth.hooks';
import { isApiError } from '@/lib/http';
import { notifyProblem } from '@/ui/notify';
import { UserButton } from './UserButton';

/**
 * The user menu (profile, sign out), opened as soon as it is mounted. Its own chunk (Mantine's
 * Menu and its positioning code), fetched when the user button is first pointed at, focused or
 * pressed (UserMenuSwitch in AppLayout.tsx).
 */
export function UserMenu() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const logout = useLogout();
  const navigate = useNavigate();
  const signOut = () => {
    logout.mutate(undefined, {
      onSettled: () => void navigate('/login', { replace: true }),
      // A session that had already ended needs no message; anything else may have left it open.
      onError: (error) => {
        if (!isApiError(error) || error.status !== 401) notifyProblem(error);
      },
    });
  };
  return (
    <Menu position="bottom-end" withinPortal shadow="md" width={240} defaultOpened>
      <Menu.Target>
        <UserButton user={user} />
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="sm" fw={500} c="var(--mantine-color-text)" truncate>
            {user.name}
          </Text>
          <Text size="xs" c="dimmed" truncate>
            {user.email}
          </Text>
        </Menu.Label>
        <Menu.Divider />
        <Menu.Item component={Link} to="/profile" leftSection={<IconUserCircle size={16} />}>
          {t('header.profile')}
        </Menu.Item>
        <Menu.Item color="red" leftSection={<IconLogout size={16} />} onClick={signOut} disabled={logout.isPending}>
          {t('header.logout')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
