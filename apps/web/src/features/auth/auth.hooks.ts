import { HOME_AREA } from '@bantu/contracts';
import type { Role, UserResponse } from '@bantu/contracts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { logout, refreshSession } from '@/lib/http';

/** The signed-in user (null when signed out); filled by the refresh call on app load. */
export const sessionKey = ['auth', 'session'] as const;

let firstCheck: Promise<UserResponse | null> | null = null;
/** The first check's answer once it came, until the session query takes it. */
let firstAnswer: { user: UserResponse | null } | null = null;

/**
 * Starts the app load's session check at once (main.tsx), beside the strings and the first
 * page's chunks, instead of when the first screen renders; the session query takes its answer.
 * Settles (never rejects) with the user, or null, when the answer is in, so the first render can
 * wait for it.
 */
export function startSessionCheck(): Promise<UserResponse | null> {
  if (!firstCheck) {
    const started = refreshSession();
    firstCheck = started;
    started.then(
      (user) => {
        if (firstCheck === started) firstAnswer = { user };
      },
      () => undefined, // handled by the session query; must not surface as unhandled
    );
  }
  return firstCheck.catch(() => null);
}

function checkSession(): Promise<UserResponse | null> {
  const started = firstCheck;
  firstCheck = null;
  firstAnswer = null;
  return started ?? refreshSession();
}

/** The first check's answer if it is already in: the session query starts with it (no pending render). */
function answeredSession(): UserResponse | null | undefined {
  const answer = firstAnswer;
  if (!answer) return undefined;
  firstCheck = null;
  firstAnswer = null;
  return answer.user;
}

export function useSession() {
  return useQuery<UserResponse | null>({
    queryKey: sessionKey,
    queryFn: checkSession,
    initialData: answeredSession,
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
