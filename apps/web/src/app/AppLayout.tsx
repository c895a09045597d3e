import { HOME_AREA } from '@bantu/contracts';
import { AppShell, Burger, Group, NavLink, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconLifebuoy } from '@tabler/icons-react';
import { createElement, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '@/features/auth/auth.hooks';
import { startOfflineQueue } from '@/features/offline/offlineQueue';
import { NotificationBell } from '@/features/notifications/NotificationBell';
import { RealtimeProvider } from '@/features/realtime/RealtimeProvider';
import { useSwitchLocale } from '@/features/profile/profile.hooks';
import { usePublicSettings } from '@/features/settings/settings.hooks';
import { currentLocale } from '@/i18n';
import { Link, useLocation, useNavigationType } from '@/lib/router';
import { LanguageSwitcher } from '@/ui/LanguageSwitcher';
import { useDeferredComponent } from '@/ui/useDeferredComponent';
import { activeEntry, navigationFor } from './navigation';
import { UserButton } from './UserButton';

const loadUserMenu = () => import('./UserMenu').then((m) => m.UserMenu);

/** The user button; the menu itself is fetched when the button is first pointed at, focused or pressed. */
function UserMenuSwitch() {
  const user = useCurrentUser();
  const [opened, setOpened] = useState(false);
  const UserMenu = useDeferredComponent(loadUserMenu, opened);
  if (UserMenu) return createElement(UserMenu);
  const preload = () => void loadUserMenu();
  return (
    <UserButton
      user={user}
      onPointerEnter={preload}
      onPointerDown={preload}
      onFocus={preload}
      onClick={() => setOpened(true)}
    />
  );
}

/** The signed-in frame: header with organisation, language and user menu; role-aware navbar. */
export function AppLayout({ children }: { children: ReactNode }) {
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
  // connection returns (the queue's code is not part of the signed-out first load). The toasts'
  // renderer comes with the first toast; offline it comes from the service worker's precache.
  useEffect(() => {
    startOfflineQueue();
  }, []);

  // A new page opens at its top; going back (POP) leaves the browser's restoration alone.
  useEffect(() => {
    if (navigationType !== 'POP') window.scrollTo({ top: 0, left: 0 });
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
              <UserMenuSwitch />
            </Group>
          </Group>
        </AppShell.Header>

        <AppShell.Navbar p="sm" aria-label={t('nav.label')}>
          {/* A native scroll area: Mantine's ScrollArea brings floating-ui (~14 KB) into every first load. */}
          <AppShell.Section grow style={{ overflowY: 'auto', overscrollBehavior: 'contain' }}>
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

        <AppShell.Main>{children}</AppShell.Main>
      </AppShell>
    </RealtimeProvider>
  );
}
