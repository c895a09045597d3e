import type { SlaClockEvent, SlaClockEventKind, SlaMetricClock, TicketSlaResponse } from '@bantu/contracts';
import { Badge, Group, Loader, Paper, Progress, Stack, Text, Timeline, Title } from '@mantine/core';
import {
  IconAlertTriangle,
  IconArrowsExchange,
  IconBell,
  IconCheck,
  IconClockPause,
  IconClockPlay,
  IconFlame,
  IconPlayerPlay,
  IconX,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '@/lib/format';
import { SLA_COLORS } from '@/features/tickets/sla';
import { ProblemAlert } from '@/ui/ProblemAlert';
import { formatBusinessMinutes } from './businessTime';
import { clockSummary, describeClockEvent } from './clockText';
import { useTicketSla } from './sla.hooks';

const EVENT_ICONS: Record<SlaClockEventKind, { icon: ReactNode; color: string }> = {
  started: { icon: <IconClockPlay size={12} />, color: 'blue' },
  paused: { icon: <IconClockPause size={12} />, color: 'gray' },
  resumed: { icon: <IconPlayerPlay size={12} />, color: 'blue' },
  target_changed: { icon: <IconArrowsExchange size={12} />, color: 'violet' },
  warning: { icon: <IconAlertTriangle size={12} />, color: 'orange' },
  breached: { icon: <IconFlame size={12} />, color: 'red' },
  escalated: { icon: <IconBell size={12} />, color: 'grape' },
  fulfilled: { icon: <IconCheck size={12} />, color: 'teal' },
  missed: { icon: <IconX size={12} />, color: 'red' },
};

const CLOCK_COLORS: Record<SlaMetricClock['clock'], string> = {
  running: 'blue',
  paused: 'gray',
  met: 'teal',
  missed: 'red',
  stopped: 'gray',
};

function MetricClock({
  title,
  clock,
  sla,
  testId,
}: {
  title: string;
  clock: SlaMetricClock;
  sla: TicketSlaResponse;
  testId: string;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const overdue = clock.remainingMinutes < 0;
  const used = clock.targetMinutes > 0 ? Math.min(100, (clock.usedMinutes / clock.targetMinutes) * 100) : 100;
  const pauses = sla.events.filter((e) => e.kind === 'paused');
  // A business-hours rule on a 24x7 calendar counts every minute too.
  const business = sla.businessHours && !sla.calendar.alwaysOpen;
  const summary = clockSummary(t, clock, {
    businessHours: business,
    locale,
    pausedOnHoldOnly: pauses.length > 0 && pauses.every((e) => e.reason === 'on_hold'),
  });
  const mode = business ? 'business' : 'wall';
  return (
    <Stack gap={6} data-testid={testId}>
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Text size="sm" fw={600}>
          {title}
        </Text>
        <Badge
          size="sm"
          variant="light"
          color={overdue && clock.clock === 'running' ? 'red' : CLOCK_COLORS[clock.clock]}
        >
          {t(`sla.clock.state.${clock.clock}`)}
        </Badge>
      </Group>
      <Text size="sm">
        {t('sla.clock.deadline')}{' '}
        <time dateTime={clock.deadline} data-testid={`${testId}-deadline`}>
          {formatDateTime(clock.deadline, locale)}
        </time>
        {clock.clock === 'paused' ? (
          <Text span size="xs" c="dimmed">
            {' '}
            {t('sla.clock.movesOnResume')}
          </Text>
        ) : null}
      </Text>
      {clock.clock === 'running' || clock.clock === 'paused' ? (
        <Text size="lg" fw={700} c={overdue ? 'red' : undefined}>
          {overdue
            ? t(`sla.clock.overdue_${mode}`, { time: formatBusinessMinutes(clock.remainingMinutes, locale) })
            : t(`sla.clock.left_${mode}`, { time: formatBusinessMinutes(clock.remainingMinutes, locale) })}
        </Text>
      ) : null}
      <Progress
        value={used}
        color={overdue ? 'red' : used >= 80 ? 'orange' : 'teal'}
        size="sm"
        aria-label={t('sla.clock.usedOf', {
          used: formatBusinessMinutes(clock.usedMinutes, locale),
          target: formatBusinessMinutes(clock.targetMinutes, locale),
        })}
      />
      <Text size="xs" c="dimmed">
        {t('sla.clock.target', { time: formatBusinessMinutes(clock.targetMinutes, locale) })}
      </Text>
      <Text size="sm" data-testid={`${testId}-summary`}>
        {summary}
      </Text>
      {clock.decidedAt ? (
        <Text size="xs" c="dimmed">
          {t('sla.clock.decidedAt', { time: formatDateTime(clock.decidedAt, locale) })}
        </Text>
      ) : null}
    </Stack>
  );
}

function ClockTimeline({ events, alwaysOpen }: { events: SlaClockEvent[]; alwaysOpen: boolean }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  return (
    <Timeline active={events.length - 1} bulletSize={22} lineWidth={2} aria-label={t('sla.clock.timeline')}>
      {events.map((event, index) => {
        const previous = index > 0 ? events[index - 1] : undefined;
        const moved =
          event.deadline !== null && previous?.deadline !== undefined && previous.deadline !== event.deadline;
        const style = EVENT_ICONS[event.kind];
        return (
          <Timeline.Item
            key={event.id}
            bullet={style.icon}
            color={style.color}
            data-kind={event.kind}
            title={<Text size="sm">{describeClockEvent(t, event, locale, alwaysOpen)}</Text>}
          >
            <Text size="xs" c="dimmed">
              <time dateTime={event.at}>{formatDateTime(event.at, locale)}</time>
              {event.usedMinutes !== null
                ? ` · ${t('sla.clock.usedAt', { time: formatBusinessMinutes(event.usedMinutes, locale) })}`
                : ''}
            </Text>
            {event.deadline && (index === 0 || moved) ? (
              <Text size="xs" c="dimmed">
                {index === 0
                  ? t('sla.clock.deadlineWas', { time: formatDateTime(event.deadline, locale) })
                  : t('sla.clock.deadlineMoved', { time: formatDateTime(event.deadline, locale) })}
              </Text>
            ) : null}
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}

export interface TicketSlaPanelProps {
  ticketId: string;
}

/** The ticket's SLA clock: targets, deadline, business minutes, and the log that explains them. */
export function TicketSlaPanel({ ticketId }: TicketSlaPanelProps) {
  const { t, i18n } = useTranslation();
  const query = useTicketSla(ticketId);
  const sla = query.data;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={t('sla.clock.title')} data-testid="sla-clock">
      <Group justify="space-between" gap="xs" mb="sm">
        <Title order={3} size="h5">
          {t('sla.clock.title')}
        </Title>
        {sla && sla.state !== 'none' ? (
          <Badge
            size="sm"
            variant={sla.state === 'breached' || sla.state === 'missed' ? 'filled' : 'light'}
            color={SLA_COLORS[sla.state]}
          >
            {t(`tickets.sla.state.${sla.state}`)}
          </Badge>
        ) : null}
      </Group>
      {query.isError ? <ProblemAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.isPending ? <Loader size="sm" /> : null}
      {sla ? (
        <Stack gap="md">
          {!sla.resolution ? (
            <Text size="sm" c="dimmed">
              {t('sla.clock.noRule')}
            </Text>
          ) : (
            <>
              <Text size="xs" c="dimmed">
                {sla.businessHours && !sla.calendar.alwaysOpen
                  ? t('sla.clock.countsBusiness', { timezone: sla.calendar.timezone })
                  : t('sla.clock.countsWall')}
              </Text>
              <MetricClock title={t('sla.clock.resolution')} clock={sla.resolution} sla={sla} testId="sla-resolution" />
              {sla.firstResponse ? (
                <MetricClock
                  title={t('sla.clock.firstResponse')}
                  clock={sla.firstResponse}
                  sla={sla}
                  testId="sla-first-response"
                />
              ) : null}
            </>
          )}
          {sla.levels.length > 0 ? (
            <Stack gap={4}>
              <Text size="sm" fw={600}>
                {t('sla.clock.levels')}
              </Text>
              {sla.levels.map((level) => (
                <Group key={level.id} justify="space-between" gap="xs" wrap="nowrap">
                  <Text size="sm">{level.name}</Text>
                  <Text size="xs" c={level.firedAt ? 'red' : 'dimmed'} ta="right">
                    {level.firedAt
                      ? t('sla.clock.levelFired', { time: formatDateTime(level.firedAt, i18n.language) })
                      : level.dueAt
                        ? t('sla.clock.levelDue', { time: formatDateTime(level.dueAt, i18n.language) })
                        : t('sla.clock.levelWaiting')}
                  </Text>
                </Group>
              ))}
            </Stack>
          ) : null}
          {sla.events.length > 0 ? (
            <Stack gap="xs">
              <Text size="sm" fw={600}>
                {t('sla.clock.timeline')}
              </Text>
              <ClockTimeline events={sla.events} alwaysOpen={sla.calendar.alwaysOpen} />
            </Stack>
          ) : null}
        </Stack>
      ) : null}
    </Paper>
  );
}
