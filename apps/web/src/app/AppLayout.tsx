import { HOME_AREA } from '@bantu/contracts';
import { AppShell, Avatar, Burger, Group, Menu, NavLink, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconLifebuoy, IconLogout, IconUserCircle } from '@tabler/icons-react';
import { useEffect } from 'react';
import { Link, NavigationType, Outlet, useLocation, useNavigate, useNavigationType } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useCurrentUser, useLogout } from '@/features/auth/auth.hooks';
import { startOfflineQueue } from '@/features/offline/offlineQueue';
import { NotificationBell } from '@/features/notifications/NotificationBell';
import { RealtimeProvider } from '@/features/realtime/RealtimeProvider';
import { useSwitchLocale } from '@/features/profile/profile.hooks';
import { usePublicSettings } from '@/features/settings/settings.hooks';
import { currentLocale } from '@/i18n';
import { isApiError } from '@/lib/http';
import { LanguageSwitcher } from '@/ui/LanguageSwitcher';
import { notifyProblem } from '@/ui/notify';
import { activeEntry, navigationFor } from './navigation';
import { loadToastRenderer } from './Providers';

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts[parts.length - 1]] : [parts[0]];
  return letters
    .map((part) => part?.[0] ?? '')
    .join('')
    .toUpperCase();
}

function UserMenu() {
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
    <Menu position="bottom-end" withinPortal shadow="md" width={240}>
      <Menu.Target>
        <UnstyledButton
          aria-label={t('header.userMenu', { name: user.name })}
          style={{ borderRadius: 'var(--mantine-radius-md)' }}
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

/** The signed-in frame: header with organisation, language and user menu; role-aware navbar. */
export function AppLayout() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  const switchLocale = useSwitchLocale();
  const publicSettings = usePublicSettings();
  const organizationName = publicSettings.data?.organizationName ?? t('app.name');

  const navigationType = useNavigationType();
  const sections = navigationFor(user.role);
  const active = activeEntry(sections, location.pathname);

  // Signed in: changes kept on this device while offline go out now and whenever the
  // connection returns (the queue's code is not part of the signed-out first load).
  // The toasts' renderer too: "kept on this device" must be able to show without a connection.
  useEffect(() => {
    startOfflineQueue();
    void loadToastRenderer().catch(() => undefined);
  }, []);

  // A new page opens at its top; going back (POP) leaves the browser's restoration alone.
  useEffect(() => {
    if (navigationType !== NavigationType.Pop) window.scrollTo({ top: 0, left: 0 });
  }, [location.pathname, navigationType]);

  return (
    <RealtimeProvider>
      <AppShell
        header={{ height: 60 }}
        navbar={{ width: 250, breakpoint: 'sm', collapsed: { mobile: !opened } }}
        padding={{ base: 'sm', sm: 'lg' }}
      >
        <AppShell.Header>
          <Group h="100%" px={{ base: 'xs', sm: 'md' }} justify="space-between" wrap="nowrap" gap="xs">
            <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
              <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.toggle')} />
              <Link
                to={`/${HOME_AREA[user.role]}`}
                onClick={close}
                style={{
                  display: 'flex',
                  alignItems: 'center',
                  gap: 8,
                  color: 'inherit',
                  textDecoration: 'none',
                  minWidth: 0,
                }}
              >
                <IconLifebuoy
                  size={26}
                  stroke={1.6}
                  color="var(--mantine-color-blue-6)"
                  aria-hidden
                  style={{ flexShrink: 0 }}
                />
                <Text fw={700} size="lg" truncate>
                  {organizationName}
                </Text>
              </Link>
            </Group>
            <Group gap={4} wrap="nowrap">
              <NotificationBell />
              <LanguageSwitcher value={currentLocale()} onChange={switchLocale} />
              <UserMenu />
            </Group>
          </Group>
        </AppShell.Header>

        <AppShell.Navbar p="sm" aria-label={t('nav.label')}>
          <AppShell.Section grow component={ScrollArea}>
            <Stack gap="md">
              {sections.map((section, index) => (
                <Stack gap={2} key={section.title ?? index}>
                  {section.title ? (
                    <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pb={4}>
                      {t(section.title)}
                    </Text>
                  ) : null}
                  {section.entries.map((entry) => (
                    <NavLink
                      key={entry.to}
                      component={Link}
                      to={entry.to}
                      label={t(entry.label)}
                      leftSection={entry.icon}
                      active={entry.to === active}
                      aria-current={entry.to === active ? 'page' : undefined}
                      onClick={close}
                      style={{ borderRadius: 'var(--mantine-radius-md)' }}
                    />
                  ))}
                </Stack>
              ))}
            </Stack>
          </AppShell.Section>
        </AppShell.Navbar>

        <AppShell.Main>
          <Outlet />
        </AppShell.Main>
      </AppShell>
    </RealtimeProvider>
  );
}
