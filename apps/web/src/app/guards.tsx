import { can, HOME_AREA } from '@bantu/contracts';
import type { Permission } from '@bantu/contracts';
import { Button, Center, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { homePath, useSession } from '@/features/auth/auth.hooks';
import type { Area } from '@/features/auth/auth.hooks';
import { Navigate, useLocation } from '@/lib/router';
import { FullPageLoader } from '@/ui/FullPageLoader';
import { ProblemAlert } from '@/ui/ProblemAlert';

export interface LoginRedirectState {
  from?: string;
}

/** Signed-in users only; others go to /login and come back afterwards. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <FullPageLoader />;
  if (session.isError) {
    return (
      <Center h="100dvh" p="md">
        <Stack maw={480}>
          <ProblemAlert error={session.error} />
          <Button onClick={() => void session.refetch()}>{t('common.retry')}</Button>
        </Stack>
      </Center>
    );
  }
  if (!session.data) {
    const state: LoginRedirectState = { from: `${location.pathname}${location.search}` };
    return <Navigate to="/login" replace state={state} />;
  }
  return children;
}

export interface RequireAreaProps {
  area: Area;
  children: ReactNode;
}

/** An area the role may not use sends the user to their own home area. */
export function RequireArea({ area, children }: RequireAreaProps) {
  const { data: user } = useSession();
  if (!user) return <Navigate to="/login" replace />;
  if (HOME_AREA[user.role] !== area) return <Navigate to={homePath(user.role)} replace />;
  return children;
}

export interface RequirePermissionProps {
  permission: Permission;
  children: ReactNode;
}

export function RequirePermission({ permission, children }: RequirePermissionProps) {
  const { data: user } = useSession();
  if (!user) return <Navigate to="/login" replace />;
  if (!can(user.role, permission)) return <Navigate to={homePath(user.role)} replace />;
  return children;
}

/** Where to go after signing in: the page that asked for it, if the role may use it, else home. */
export function afterLoginPath(role: Parameters<typeof homePath>[0], from: string | undefined): string {
  const home = homePath(role);
  if (!from || !from.startsWith('/') || from.startsWith('//') || from.startsWith('/login')) return home;
  const area = from.split('/')[1];
  const areas = Object.values(HOME_AREA) as string[];
  if (area && areas.includes(area) && area !== HOME_AREA[role]) return home;
  return from === '/' ? home : from;
}
