import type { MailMessageStatus } from '@bantu/contracts';
import { Anchor, Badge, Button, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '@/lib/router';
import { formatDateTime } from '@/lib/format';
import { notifyProblem, notifySuccess } from '@/ui/notify';
import { ProblemAlert } from '@/ui/ProblemAlert';
import { TableShell } from '@/ui/TableShell';
import { LoadMore } from '@/ui/LoadMore';
import { useMailMessages, useRetryMailMessage } from './mailboxes.hooks';

const FILTERS = ['all', 'dead_letter', 'ignored', 'ticket_created', 'comment_added'] as const;
type Filter = (typeof FILTERS)[number];

export const FATE_COLORS: Record<MailMessageStatus, string> = {
  ticket_created: 'teal',
  comment_added: 'blue',
  ignored: 'gray',
  dead_letter: 'red',
  processing: 'yellow',
  queued: 'yellow',
};

export interface MailLogProps {
  mailboxId: string;
  initialFilter?: Filter;
}

/** A mailbox's audit log: every message's fate, and the dead letters with their error and a retry. */
export function MailLog({ mailboxId, initialFilter = 'all' }: MailLogProps) {
  const { t, i18n } = useTranslation();
  const [filter, setFilter] = useState<Filter>(initialFilter);
  const list = useMailMessages(mailboxId, filter);
  const retry = useRetryMailMessage();
  const messages = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack gap="md">
      <SegmentedControl
        value={filter}
        onChange={(v) => setFilter(FILTERS.find((f) => f === v) ?? 'all')}
        data={FILTERS.map((f) => ({ value: f, label: t(`mailboxes.log.filters.${f}`) }))}
        aria-label={t('mailboxes.log.filter')}
        style={{ alignSelf: 'flex-start' }}
      />
      {list.isError ? <ProblemAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      <TableShell
        caption={t('mailboxes.log.title')}
        minWidth={820}
        loading={list.isPending}
        empty={!list.isPending && !list.isError && messages.length === 0 ? t('mailboxes.log.empty') : false}
        head={
          <Table.Tr>
            <Table.Th>{t('mailboxes.log.receivedAt')}</Table.Th>
            <Table.Th>{t('mailboxes.log.message')}</Table.Th>
            <Table.Th>{t('mailboxes.log.fate')}</Table.Th>
            <Table.Th>{t('mailboxes.log.ticket')}</Table.Th>
            <Table.Th ta="right">{t('common.actions')}</Table.Th>
          </Table.Tr>
        }
      >
        {messages.map((m) => (
          <Table.Tr key={m.id}>
            <Table.Td>
              <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                {formatDateTime(m.receivedAt, i18n.language)}
              </Text>
              {m.seenCount > 1 ? (
                <Text size="xs" c="dimmed">
                  {t('mailboxes.log.seen', { count: m.seenCount })}
                </Text>
              ) : null}
            </Table.Td>
            <Table.Td maw={320}>
              <Text size="sm" fw={500} lineClamp={1} title={m.subject ?? undefined}>
                {m.subject || t('mailboxes.log.noSubject')}
              </Text>
              <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                {m.fromAddress ?? '—'}
              </Text>
            </Table.Td>
            <Table.Td maw={300}>
              <Badge variant="light" color={FATE_COLORS[m.status]} miw="max-content">
                {t(`mailboxes.log.status.${m.status}`)}
              </Badge>
              {m.error || m.reason ? (
                <Text size="xs" c={m.error ? 'red' : 'dimmed'} lineClamp={3} title={m.error ?? m.reason ?? undefined}>
                  {m.error ?? m.reason}
                </Text>
              ) : null}
            </Table.Td>
            <Table.Td>
              {m.ticketNumber ? (
                <Anchor
                  component={Link}
                  to={`/tickets/${m.ticketNumber}`}
                  size="sm"
                  ff="monospace"
                  style={{ whiteSpace: 'nowrap' }}
                >
                  {m.ticketNumber}
                </Anchor>
              ) : (
                '—'
              )}
            </Table.Td>
            <Table.Td ta="right">
              {m.status === 'dead_letter' ? (
                <Button
                  size="compact-sm"
                  variant="light"
                  leftSection={<IconRefresh size={14} />}
                  loading={retry.isPending && retry.variables === m.id}
                  aria-label={t('mailboxes.log.retryFor', { subject: m.subject ?? m.messageId })}
                  onClick={() =>
                    retry.mutate(m.id, {
                      onSuccess: () => notifySuccess(t('mailboxes.log.retried')),
                      onError: (error) => notifyProblem(error),
                    })
                  }
                >
                  {t('mailboxes.log.retry')}
                </Button>
              ) : null}
            </Table.Td>
          </Table.Tr>
        ))}
      </TableShell>
      <LoadMore list={list} />
    </Stack>
  );
}
