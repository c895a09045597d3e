import { Badge, Button, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '@/lib/format';
import { notifyProblem, notifySuccess } from '@/ui/notify';
import { PageHeader } from '@/ui/PageHeader';
import { ProblemAlert } from '@/ui/ProblemAlert';
import { TableShell } from '@/ui/TableShell';
import { LoadMore } from '@/ui/LoadMore';
import { useDeliveries, useRetryDelivery } from './outbox.hooks';
import type { DeliveryStatus } from './outbox.hooks';

const STATUSES: readonly DeliveryStatus[] = ['failed', 'pending', 'sent'];

/** "Pengiriman gagal": notifications that could not be delivered, with a way to send them again. */
export function DeliveriesPanel() {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState<DeliveryStatus>('failed');
  const list = useDeliveries(status);
  const retry = useRetryDelivery();
  const deliveries = list.data?.pages.flatMap((page) => page.items) ?? [];

  const retryOne = (id: string, name: string) =>
    retry.mutate(id, {
      onSuccess: () => notifySuccess(t('outbox.deliveries.retried', { name })),
      onError: (error) => notifyProblem(error),
    });

  return (
    <>
      <PageHeader title={t('outbox.deliveries.title')} description={t('outbox.deliveries.subtitle')} />
      <Stack gap="md">
        <SegmentedControl
          value={status}
          onChange={(value) => setStatus(STATUSES.find((s) => s === value) ?? 'failed')}
          data={STATUSES.map((s) => ({ value: s, label: t(`outbox.deliveries.status.${s}`) }))}
          aria-label={t('outbox.deliveries.statusFilter')}
          style={{ alignSelf: 'flex-start' }}
        />
        {list.isError ? <ProblemAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
        <TableShell
          caption={t('outbox.deliveries.title')}
          minWidth={860}
          phoneColumns={[0, 3, 4, 6]}
          loading={list.isPending}
          empty={!list.isPending && !list.isError && deliveries.length === 0 ? t('outbox.deliveries.empty') : false}
          head={
            <Table.Tr>
              <Table.Th>{t('outbox.deliveries.recipient')}</Table.Th>
              <Table.Th>{t('outbox.deliveries.channel')}</Table.Th>
              <Table.Th>{t('outbox.deliveries.notification')}</Table.Th>
              <Table.Th ta="right">{t('outbox.deliveries.attempts')}</Table.Th>
              <Table.Th>{t('outbox.deliveries.lastError')}</Table.Th>
              <Table.Th>{t('outbox.deliveries.createdAt')}</Table.Th>
              {status === 'failed' ? <Table.Th ta="right">{t('common.actions')}</Table.Th> : null}
            </Table.Tr>
          }
        >
          {deliveries.map((d) => (
            <Table.Tr key={d.id}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {d.recipient.name}
                </Text>
                <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                  {d.recipient.email}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge
                  variant="light"
                  color={d.channel === 'whatsapp' ? 'green' : d.channel === 'digest' ? 'grape' : 'blue'}
                  miw="max-content"
                >
                  {t(`outbox.deliveries.channels.${d.channel}`)}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{t(`outbox.deliveries.kinds.${d.kind}`)}</Text>
                {d.ticketNumber ? (
                  <Text size="xs" c="dimmed" ff="monospace">
                    {d.ticketNumber}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td ta="right">{d.attempts}</Table.Td>
              <Table.Td maw={280}>
                <Text size="xs" c={d.lastError ? 'red' : 'dimmed'} lineClamp={3} title={d.lastError ?? undefined}>
                  {d.lastError ?? '—'}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                  {formatDateTime(d.createdAt, i18n.language)}
                </Text>
              </Table.Td>
              {status === 'failed' ? (
                <Table.Td ta="right">
                  <Button
                    size="compact-sm"
                    variant="light"
                    leftSection={<IconRefresh size={14} />}
                    loading={retry.isPending && retry.variables === d.id}
                    onClick={() => retryOne(d.id, d.recipient.name)}
                    aria-label={t('outbox.deliveries.retryFor', { name: d.recipient.name })}
                  >
                    {t('outbox.deliveries.retry')}
                  </Button>
                </Table.Td>
              ) : null}
            </Table.Tr>
          ))}
        </TableShell>
        <LoadMore list={list} />
      </Stack>
    </>
  );
}
