import type { SlaState, TicketStatus, TicketSummary } from '@bantu/contracts';
import { Badge, ColorSwatch, Group, Text } from '@mantine/core';
import { IconClockPause } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '@/lib/format';
import { formatDuration, SLA_COLORS, slaCountdown } from './sla';
import { useNow } from './useNow';
import { DeferredTooltip } from '@/ui/DeferredTooltip';

export const STATUS_COLORS: Record<TicketStatus, string> = {
  OPEN: 'blue',
  IN_PROGRESS: 'violet',
  ON_HOLD: 'yellow',
  RESOLVED: 'teal',
  CLOSED: 'gray',
};

export interface TicketStatusBadgeProps {
  status: TicketStatus;
  size?: 'sm' | 'md' | 'lg';
}

export function TicketStatusBadge({ status, size = 'md' }: TicketStatusBadgeProps) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLORS[status]} variant="light" size={size} miw="max-content" data-status={status}>
      {t(`tickets.status.${status}`)}
    </Badge>
  );
}

export interface PriorityLabelProps {
  priority: { name: string; color: string };
}

export function PriorityLabel({ priority }: PriorityLabelProps) {
  return (
    <Group gap={6} wrap="nowrap">
      <ColorSwatch color={priority.color} size={12} aria-hidden style={{ flexShrink: 0 }} />
      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
        {priority.name}
      </Text>
    </Group>
  );
}

export interface SlaBadgeProps {
  ticket: Pick<TicketSummary, 'slaDeadline' | 'slaState' | 'status'>;
  /** Also say how much time is left or how long ago the deadline passed. */
  withCountdown?: boolean;
}

/** On track / at risk / breached, with "2 jam lagi" or "lewat 3 jam". */
export function SlaBadge({ ticket, withCountdown = true }: SlaBadgeProps) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const state: SlaState = ticket.slaState;
  const countdown = withCountdown ? slaCountdown(ticket.slaDeadline, ticket.status, now) : null;
  const paused = ticket.status === 'ON_HOLD' && ticket.slaDeadline !== null;
  const time = countdown ? formatDuration(countdown.amount, countdown.unit, i18n.language) : null;
  const label = paused
    ? t('tickets.sla.paused')
    : countdown && time
      ? `${t(`tickets.sla.state.${state}`)} · ${countdown.overdue ? t('tickets.sla.overdueBy', { time }) : t('tickets.sla.dueIn', { time })}`
      : t(`tickets.sla.state.${state}`);
  const deadline = formatDateTime(ticket.slaDeadline, i18n.language);
  const badge = (
    <Badge
      color={paused ? 'gray' : SLA_COLORS[state]}
      variant={state === 'breached' || state === 'missed' ? 'filled' : 'light'}
      leftSection={paused ? <IconClockPause size={12} /> : null}
      miw="max-content"
      tt="none"
      data-sla={state}
    >
      {label}
    </Badge>
  );
  return deadline ? (
    <DeferredTooltip label={t('tickets.sla.deadlineAt', { time: deadline })} withArrow openDelay={300}>
      {badge}
    </DeferredTooltip>
  ) : (
    badge
  );
}
