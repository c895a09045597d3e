import type { ReportSummaryResponse } from '@bantu/contracts';
import { Group, Paper, SimpleGrid, Text, UnstyledButton } from '@mantine/core';
import { IconArrowDownRight, IconArrowRight, IconArrowUpRight } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from '@/lib/router';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '@/lib/format';
import { changeOf, durationMinuteUnitKey, durationUnitKey, minutesToHours, signed } from './reportFormat';
import type { Change, Direction } from './reportFormat';

interface FigureCardProps {
  id: string;
  label: string;
  value: string;
  unit?: string;
  detail?: ReactNode;
  change: Change | null;
  /** How the change is written: in percentage points, or as a count with its relative change. */
  changeKind: 'points' | 'count' | 'value';
  href?: string;
}

function ChangeLine({ change, kind }: { change: Change | null; kind: FigureCardProps['changeKind'] }) {
  const { t, i18n } = useTranslation();
  if (!change) {
    return (
      <Text size="xs" c="dimmed">
        {t('reports.change.none')}
      </Text>
    );
  }
  const color = change.tone === 'good' ? 'teal' : change.tone === 'bad' ? 'red' : 'dimmed';
  const Icon = change.delta > 0 ? IconArrowUpRight : change.delta < 0 ? IconArrowDownRight : IconArrowRight;
  const amount =
    kind === 'points'
      ? t('reports.change.points', { value: signed(change.delta, i18n.language) })
      : kind === 'count'
        ? change.relative !== null
          ? `${signed(change.delta, i18n.language, 0)} (${signed(change.relative, i18n.language, 0)}%)`
          : signed(change.delta, i18n.language, 0)
        : signed(change.delta, i18n.language, 1);
  return (
    <Group gap={4} wrap="nowrap">
      <Icon size={14} color={`var(--mantine-color-${color === 'dimmed' ? 'gray-6' : `${color}-7`})`} />
      <Text size="xs" c={color === 'dimmed' ? 'dimmed' : `${color}.8`} fw={500}>
        {t('reports.change.vsPrevious', { amount })}
      </Text>
    </Group>
  );
}

function FigureCard({ id, label, value, unit, detail, change, changeKind, href }: FigureCardProps) {
  const body = (
    <Paper withBorder radius="md" p="md" h="100%" data-figure={id}>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase" lh={1.3}>
        {label}
      </Text>
      <Group gap={6} align="baseline" mt={6} wrap="nowrap">
        <Text fz={28} fw={700} lh={1.1} data-testid={`figure-${id}`}>
          {value}
        </Text>
        {unit ? (
          <Text size="sm" c="dimmed">
            {unit}
          </Text>
        ) : null}
      </Group>
      {detail ? (
        <Text size="xs" c="dimmed" mt={4}>
          {detail}
        </Text>
      ) : null}
      <div style={{ marginTop: 6 }}>
        <ChangeLine change={change} kind={changeKind} />
      </div>
    </Paper>
  );
  if (!href) return body;
  return (
    <UnstyledButton component={Link} to={href} aria-label={`${label}: ${value}${unit ? ` ${unit}` : ''}`} h="100%">
      {body}
    </UnstyledButton>
  );
}

export type CardFigure =
  'created' | 'resolved' | 'backlog' | 'resolutionSla' | 'firstResponseSla' | 'resolutionTime' | 'reopen' | 'csat';

export interface FigureCardsProps {
  summary: ReportSummaryResponse;
  /** Where each figure's tickets are listed. */
  hrefOf: (figure: CardFigure) => string | undefined;
}

/** The headline figures of the period, each with its change against the period before. */
export function FigureCards({ summary, hrefOf }: FigureCardsProps) {
  const { t, i18n } = useTranslation();
  const { current: c, previous: p } = summary;
  const n = (v: number, digits = 0) => formatNumber(v, i18n.language, digits);
  const pct = (v: number | null) => (v === null ? '–' : `${n(v, 1)}%`);
  const ch = (cur: number | null, prev: number | null, better: Direction) => changeOf(cur, prev, better);
  const time = c.resolutionTime;
  // Under an hour the average reads in minutes ("25 menit kerja"), else in hours ("3,5 jam kerja").
  const inMinutes = time.averageMinutes !== null && time.averageMinutes < 60;
  const duration = (minutes: number) => (inMinutes ? n(minutes) : minutesToHours(minutes, i18n.language));

  const cards: FigureCardProps[] = [
    {
      id: 'created',
      label: t('reports.figures.created'),
      value: n(c.created),
      change: ch(c.created, p.created, 'neutral'),
      changeKind: 'count',
    },
    {
      id: 'resolved',
      label: t('reports.figures.resolved'),
      value: n(c.resolved),
      detail: t('reports.figures.closedDetail', { n: n(c.closed) }),
      change: ch(c.resolved, p.resolved, 'up'),
      changeKind: 'count',
    },
    {
      id: 'backlog',
      label: t('reports.figures.backlog'),
      value: n(c.backlog),
      detail: t('reports.figures.backlogDetail'),
      change: ch(c.backlog, p.backlog, 'down'),
      changeKind: 'count',
    },
    {
      id: 'resolutionSla',
      label: t('reports.figures.resolutionSla'),
      value: pct(c.resolutionSla.percent),
      detail: t('reports.figures.slaDetail', {
        missed: n(c.resolutionSla.missed),
        total: n(c.resolutionSla.met + c.resolutionSla.missed),
      }),
      change: ch(c.resolutionSla.percent, p.resolutionSla.percent, 'up'),
      changeKind: 'points',
    },
    {
      id: 'firstResponseSla',
      label: t('reports.figures.firstResponseSla'),
      value: pct(c.firstResponseSla.percent),
      detail: t('reports.figures.slaDetail', {
        missed: n(c.firstResponseSla.missed),
        total: n(c.firstResponseSla.met + c.firstResponseSla.missed),
      }),
      change: ch(c.firstResponseSla.percent, p.firstResponseSla.percent, 'up'),
      changeKind: 'points',
    },
    {
      id: 'resolutionTime',
      label: t('reports.figures.resolutionTime'),
      value: time.averageMinutes === null ? '–' : duration(time.averageMinutes),
      unit:
        time.averageMinutes === null
          ? undefined
          : t(inMinutes ? durationMinuteUnitKey(time.unit) : durationUnitKey(time.unit)),
      detail:
        time.medianMinutes === null
          ? t('reports.figures.timeCount', { n: n(time.count) })
          : t('reports.figures.median', {
              value: duration(time.medianMinutes),
              n: n(time.count),
            }),
      change: ch(
        time.averageMinutes === null ? null : time.averageMinutes / (inMinutes ? 1 : 60),
        p.resolutionTime.averageMinutes === null ? null : p.resolutionTime.averageMinutes / (inMinutes ? 1 : 60),
        'down',
      ),
      changeKind: 'value',
    },
    {
      id: 'reopen',
      label: t('reports.figures.reopen'),
      value: pct(c.reopen.rate),
      detail: t('reports.figures.reopenDetail', {
        rejections: n(c.reopen.rejections),
        resolutions: n(c.reopen.resolutions),
      }),
      change: ch(c.reopen.rate, p.reopen.rate, 'down'),
      changeKind: 'points',
    },
    {
      id: 'csat',
      label: t('reports.figures.csat'),
      value: c.csat.average === null ? '–' : n(c.csat.average, 2),
      unit: c.csat.average === null ? undefined : '/ 5',
      detail: t('reports.figures.csatDetail', { n: n(c.csat.count) }),
      change: ch(c.csat.average, p.csat.average, 'up'),
      changeKind: 'value',
    },
  ];

  return (
    <SimpleGrid cols={{ base: 1, xs: 2, lg: 4 }} spacing="sm">
      {cards.map((card) => (
        <FigureCard key={card.id} {...card} href={hrefOf(card.id as CardFigure)} />
      ))}
    </SimpleGrid>
  );
}
