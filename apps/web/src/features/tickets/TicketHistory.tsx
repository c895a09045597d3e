import { TICKET_STATUSES } from '@bantu/contracts';
import type { TicketEventResponse, TicketStatus } from '@bantu/contracts';
import { Text, Timeline } from '@mantine/core';
import {
  IconArrowsExchange,
  IconBell,
  IconEdit,
  IconPaperclip,
  IconPlus,
  IconStar,
  IconTrash,
  IconUserCheck,
} from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '@/lib/format';

function statusLabel(t: TFunction, value: string | null): string {
  return value && (TICKET_STATUSES as readonly string[]).includes(value)
    ? t(`tickets.status.${value as TicketStatus}`)
    : (value ?? '—');
}

const FIELDS = ['title', 'description', 'category', 'priority'] as const;

function describe(t: TFunction, event: TicketEventResponse): string {
  switch (event.type) {
    case 'created':
      return t('tickets.history.created');
    case 'status_changed':
      return t('tickets.history.status', { from: statusLabel(t, event.from), to: statusLabel(t, event.to) });
    case 'assigned':
      return event.to
        ? t('tickets.history.assigned', { name: event.to })
        : t('tickets.history.unassigned', { name: event.from ?? '—' });
    case 'updated': {
      const field = FIELDS.find((f) => f === event.field);
      const label = field ? t(`tickets.fields.${field}`) : (event.field ?? '');
      if (event.from === null && event.to === null) return t('tickets.history.changed', { field: label });
      return t('tickets.history.updated', { field: label, from: event.from ?? '—', to: event.to ?? '—' });
    }
    case 'rated':
      return t('tickets.history.rated', { rating: event.to ?? '—' });
    case 'attachment_added':
      return t('tickets.history.attachmentAdded', { name: event.to ?? '' });
    case 'attachment_deleted':
      return t('tickets.history.attachmentDeleted', { name: event.from ?? '' });
    case 'sla_escalated':
      return t('sla.history.escalated', { level: event.to ?? '—' });
    default:
      return event.type;
  }
}

function bullet(type: string) {
  switch (type) {
    case 'created':
      return <IconPlus size={12} />;
    case 'status_changed':
      return <IconArrowsExchange size={12} />;
    case 'assigned':
      return <IconUserCheck size={12} />;
    case 'rated':
      return <IconStar size={12} />;
    case 'attachment_added':
      return <IconPaperclip size={12} />;
    case 'attachment_deleted':
      return <IconTrash size={12} />;
    case 'sla_escalated':
      return <IconBell size={12} />;
    default:
      return <IconEdit size={12} />;
  }
}

export interface TicketHistoryProps {
  events: TicketEventResponse[];
}

/** Who changed what, and when. */
export function TicketHistory({ events }: TicketHistoryProps) {
  const { t, i18n } = useTranslation();
  if (events.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('tickets.history.empty')}
      </Text>
    );
  }
  return (
    <Timeline active={events.length - 1} bulletSize={22} lineWidth={2} aria-label={t('tickets.history.title')}>
      {events.map((event) => (
        <Timeline.Item key={event.id} bullet={bullet(event.type)} title={<Text size="sm">{describe(t, event)}</Text>}>
          <Text size="xs" c="dimmed">
            {event.actor ? `${event.actor.name} · ` : `${t('tickets.history.system')} · `}
            <time dateTime={event.createdAt}>{formatDateTime(event.createdAt, i18n.language)}</time>
          </Text>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
