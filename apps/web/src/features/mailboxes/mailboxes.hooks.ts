import {
  MailboxList,
  MailboxResponse,
  MailboxTestResponse,
  MailMessageList,
  MailMessageResponse,
} from '@bantu/contracts';
import type { MailboxCreateRequest, MailboxUpdateRequest, MailMessageStatus } from '@bantu/contracts';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { requestJson, requestNoContent } from '@/lib/api';

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
    queryFn: ({ signal }) => requestJson('GET', '/api/mailboxes', { schema: MailboxList, signal }),
  });
}

export function useCreateMailbox() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: MailboxCreateRequest) =>
      requestJson('POST', '/api/mailboxes', { body, schema: MailboxResponse }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mailboxKeys.all }),
  });
}

export function useUpdateMailbox() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: MailboxUpdateRequest }) =>
      requestJson('PATCH', `/api/mailboxes/${encodeURIComponent(id)}`, { body: changes, schema: MailboxResponse }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mailboxKeys.all }),
  });
}

export function useDeleteMailbox() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => requestNoContent('DELETE', `/api/mailboxes/${encodeURIComponent(id)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mailboxKeys.all }),
  });
}

/** Logs in to the IMAP server with the stored credentials; the answer says what went wrong. */
export function useTestMailbox() {
  return useMutation({
    mutationFn: (id: string) =>
      requestJson('POST', `/api/mailboxes/${encodeURIComponent(id)}/test`, { schema: MailboxTestResponse }),
  });
}

/** The mailbox's audit log: every received message and its fate, newest first. */
export function useMailMessages(mailboxId: string, status: MailMessageStatus | 'all') {
  return useInfiniteQuery({
    queryKey: mailboxKeys.messages(mailboxId, status),
    queryFn: ({ pageParam, signal }) =>
      requestJson('GET', '/api/mail-messages', {
        query: { mailboxId, status: status === 'all' ? undefined : status, cursor: pageParam, limit: PAGE_SIZE },
        schema: MailMessageList,
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
    mutationFn: (id: string) =>
      requestJson('POST', `/api/mail-messages/${encodeURIComponent(id)}/retry`, { schema: MailMessageResponse }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mailboxKeys.all }),
  });
}
