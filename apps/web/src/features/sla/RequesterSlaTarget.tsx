import type { TicketResponse } from '@bantu/contracts';
import { Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '@/lib/format';

export interface RequesterSlaTargetProps {
  ticket: Pick<TicketResponse, 'slaDeadline' | 'status' | 'resolvedAt'>;
}

/** What a requester needs of the SLA: when the ticket should be resolved, in plain words. */
export function RequesterSlaTarget({ ticket }: RequesterSlaTargetProps) {
  const { t, i18n } = useTranslation();
  const when = (iso: string) => formatDateTime(iso, i18n.language);
  const resolved = ticket.status === 'RESOLVED' || ticket.status === 'CLOSED';
  if (!ticket.slaDeadline && !(resolved && ticket.resolvedAt)) return null;
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      component="section"
      aria-label={t('sla.target.title')}
      data-testid="sla-target"
    >
      <Stack gap={4}>
        <Title order={3} size="h5">
          {t('sla.target.title')}
        </Title>
        {resolved && ticket.resolvedAt ? (
          <Text size="sm">{t('sla.target.resolvedAt', { time: when(ticket.resolvedAt) })}</Text>
        ) : ticket.slaDeadline ? (
          <>
            <Text size="sm" fw={500}>
              {t('sla.target.resolveBy', { time: when(ticket.slaDeadline) })}
            </Text>
            {ticket.status === 'ON_HOLD' ? (
              <Text size="xs" c="dimmed">
                {t('sla.target.onHold')}
              </Text>
            ) : null}
          </>
        ) : null}
      </Stack>
    </Paper>
  );
}
