import { HOME_AREA } from '@bantu/contracts';
import type { Role, UserResponse } from '@bantu/contracts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { logout, refreshSession } from '@/lib/http';

/** The signed-in user (null when signed out); filled by the refresh call on app load. */
export const sessionKey = ['auth', 'session'] as const;

export function useSession() {
  return useQuery<UserResponse | null>({
    queryKey: sessionKey,
    queryFn: refreshSession,
    staleTime: Infinity,
    gcTime: Infinity,
    retry: false,
    refetchOnWindowFocus: false,
  });
}

/** The signed-in user; only for components rendered behind the auth guard. */
export function useCurrentUser(): UserResponse {
  const { data } = useSession();
  if (!data) throw new Error('useCurrentUser() used outside a signed-in area');
  return data;
}

/** Ends the session on the server; the cache is cleared when the session-change event arrives. */
export function useLogout() {
  return useMutation({ mutationFn: logout });
}

export type Area = (typeof HOME_AREA)[Role];

export function homePath(role: Role): string {
  return `/${HOME_AREA[role]}`;
}
