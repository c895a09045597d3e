import type { TicketSummary } from '@bantu/contracts';
import { Anchor, Group, Paper, Stack, Text } from '@mantine/core';
import { Link } from '@/lib/router';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '@/lib/format';
import { PriorityLabel, SlaBadge, TicketStatusBadge } from './TicketBadges';

export interface TicketCardProps {
  ticket: TicketSummary;
  href: string;
  /** Staff see who asked, who works on it and the SLA. */
  showStaffFields?: boolean;
}

/** A ticket in a list: number, title, status, priority, category and when it last changed. */
export function TicketCard({ ticket, href, showStaffFields = false }: TicketCardProps) {
  const { t, i18n } = useTranslation();
  return (
    <Paper withBorder radius="md" p="sm" component="article" aria-label={`${ticket.ticketNumber} ${ticket.title}`}>
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Text size="xs" c="dimmed" ff="monospace">
            {ticket.ticketNumber}
          </Text>
          <TicketStatusBadge status={ticket.status} size="sm" />
        </Group>
        <Anchor component={Link} to={href} fw={600} size="md" style={{ overflowWrap: 'anywhere' }}>
          {ticket.title}
        </Anchor>
        <Group gap="md" wrap="wrap" style={{ rowGap: 4 }}>
          <PriorityLabel priority={ticket.priority} />
          <Text size="sm" c="dimmed">
            {ticket.category.name}
          </Text>
          {showStaffFields ? (
            <>
              <SlaBadge ticket={ticket} />
              <Text size="sm" c="dimmed">
                {t('tickets.fields.requester')}: {ticket.requester.name}
              </Text>
              <Text size="sm" c="dimmed">
                {t('tickets.fields.assignee')}: {ticket.assignee?.name ?? t('tickets.unassigned')}
              </Text>
            </>
          ) : null}
          <Text size="xs" c="dimmed">
            {t('tickets.updatedAt', { time: formatDateTime(ticket.updatedAt, i18n.language) })}
          </Text>
        </Group>
      </Stack>
    </Paper>
  );
}
