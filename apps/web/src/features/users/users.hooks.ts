import { UserLookupList, UserPage, UserResponse } from '@bantu/contracts';
import type { InvitationRequest, Role, UserCreateRequest, UserUpdateRequest } from '@bantu/contracts';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { requestJson, requestNoContent } from '@/lib/api';
import { sessionKey } from '@/features/auth/auth.hooks';

export interface UserFilters {
  q?: string;
  role?: Role;
  /** true = active accounts only, false = deactivated only */
  status?: boolean;
}

export const PAGE_SIZE = 25;

export const userKeys = {
  all: ['users'] as const,
  list: (filters: UserFilters) => [...userKeys.all, 'list', filters] as const,
};

export function useUserList(filters: UserFilters) {
  return useInfiniteQuery({
    queryKey: userKeys.list(filters),
    queryFn: ({ pageParam, signal }) =>
      requestJson('GET', '/api/users', {
        query: { ...filters, cursor: pageParam, limit: PAGE_SIZE },
        schema: UserPage,
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UserCreateRequest) => requestJson('POST', '/api/users', { body, schema: UserResponse }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}

/** Creates the account without a password and mails the user a link to choose their own. */
export function useInviteUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: InvitationRequest) =>
      requestJson('POST', '/api/users/invitations', { body, schema: UserResponse }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: UserUpdateRequest }) =>
      requestJson('PATCH', `/api/users/${encodeURIComponent(id)}`, { body: changes, schema: UserResponse }),
    onSuccess: (user) => {
      // An admin editing their own account sees the change in the header at once.
      const session = queryClient.getQueryData<UserResponse | null>(sessionKey);
      if (session?.id === user.id) queryClient.setQueryData(sessionKey, user);
      return queryClient.invalidateQueries({ queryKey: userKeys.all });
    },
  });
}

export function useResetUserPassword() {
  return useMutation({
    mutationFn: ({ id, password }: { id: string; password: string }) =>
      requestNoContent('POST', `/api/users/${encodeURIComponent(id)}/reset-password`, { body: { password } }),
  });
}

/** Every account (deactivated ones too) matching a search, for admins (the audit log's actor filter). */
export function useAccountSearch(q: string, enabled = true) {
  const query = q.trim();
  return useQuery({
    queryKey: [...userKeys.all, 'search', query] as const,
    queryFn: ({ signal }) =>
      requestJson('GET', '/api/users', { query: { q: query, limit: 10 }, schema: UserPage, signal }),
    select: (page) => page.items,
    enabled: enabled && query.length > 0,
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
}

/** Active users matching a search, for IT staff opening a ticket on someone's behalf. */
export function useUserLookup(q: string, enabled = true) {
  const query = q.trim();
  return useQuery({
    queryKey: [...userKeys.all, 'lookup', query] as const,
    queryFn: ({ signal }) =>
      requestJson('GET', '/api/users/lookup', { query: { q: query, limit: 10 }, schema: UserLookupList, signal }),
    select: (page) => page.items,
    enabled: enabled && query.length > 0,
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
}
