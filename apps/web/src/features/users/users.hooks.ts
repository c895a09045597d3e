import type { UserResponse } from '@bantu/contracts';
import type { InvitationRequest, Role, UserCreateRequest, UserUpdateRequest } from '@bantu/contracts';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, endpoints } from '@/lib/http';
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
      api(endpoints.listUsers, { query: { ...filters, cursor: pageParam, limit: PAGE_SIZE }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UserCreateRequest) => api(endpoints.createUser, { body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}

/** Creates the account without a password and mails the user a link to choose their own. */
export function useInviteUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: InvitationRequest) => api(endpoints.inviteUser, { body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: UserUpdateRequest }) =>
      api(endpoints.updateUser, { params: { id }, body: changes }),
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
      api(endpoints.resetUserPassword, { params: { id }, body: { password } }),
  });
}

/** Every account (deactivated ones too) matching a search, for admins (the audit log's actor filter). */
export function useAccountSearch(q: string, enabled = true) {
  const query = q.trim();
  return useQuery({
    queryKey: [...userKeys.all, 'search', query] as const,
    queryFn: ({ signal }) => api(endpoints.listUsers, { query: { q: query, limit: 10 }, signal }),
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
    queryFn: ({ signal }) => api(endpoints.lookupUsers, { query: { q: query, limit: 10 }, signal }),
    select: (page) => page.items,
    enabled: enabled && query.length > 0,
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
}
