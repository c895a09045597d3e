import type { MailboxCreateRequest, MailboxUpdateRequest, MailMessageStatus } from '@bantu/contracts';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, endpoints } from '@/lib/http';

const PAGE_SIZE = 25;

export const mailboxKeys = {
  all: ['mailboxes'] as const,
  list: () => [...mailboxKeys.all, 'list'] as const,
  messages: (mailboxId: string, status: MailMessageStatus | 'all') =>
    [...mailboxKeys.all, 'messages', mailboxId, status] as const,
};

export function useMailboxes() {
  return useQuery({
    queryKey: mailboxKeys.list(),
    queryFn: ({ signal }) => api(endpoints.listMailboxes, { signal }),
  });
}

export function useCreateMailbox() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: MailboxCreateRequest) => api(endpoints.createMailbox, { body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mailboxKeys.all }),
  });
}

export function useUpdateMailbox() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: MailboxUpdateRequest }) =>
      api(endpoints.updateMailbox, { params: { id }, body: changes }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mailboxKeys.all }),
  });
}

export function useDeleteMailbox() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api(endpoints.deleteMailbox, { params: { id } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mailboxKeys.all }),
  });
}

/** Logs in to the IMAP server with the stored credentials; the answer says what went wrong. */
export function useTestMailbox() {
  return useMutation({
    mutationFn: (id: string) => api(endpoints.testMailbox, { params: { id } }),
  });
}

/** The mailbox's audit log: every received message and its fate, newest first. */
export function useMailMessages(mailboxId: string, status: MailMessageStatus | 'all') {
  return useInfiniteQuery({
    queryKey: mailboxKeys.messages(mailboxId, status),
    queryFn: ({ pageParam, signal }) =>
      api(endpoints.listMailMessages, {
        query: { mailboxId, status: status === 'all' ? undefined : status, cursor: pageParam, limit: PAGE_SIZE },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useRetryMailMessage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api(endpoints.retryMailMessage, { params: { id } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mailboxKeys.all }),
  });
}
