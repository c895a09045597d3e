import type { SlaOverviewResponse, SlaTicketItem } from '@bantu/contracts';
import {
  Anchor,
  Badge,
  Center,
  CloseButton,
  Grid,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { IconAlertTriangle, IconChartPie, IconFlame } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useState } from 'react';
import { Link } from '@/lib/router';
import { useTranslation } from 'react-i18next';
import { PriorityLabel, SlaBadge } from '@/features/tickets/TicketBadges';
import { useNow } from '@/features/tickets/useNow';
import { formatDateTime, formatNumber, formatRelative } from '@/lib/format';
import { PageHeader } from '@/ui/PageHeader';
import { ProblemAlert } from '@/ui/ProblemAlert';
import { TableShell } from '@/ui/TableShell';
import { useIsPhone } from '@/ui/useIsPhone';
import { LoadMore } from '@/ui/LoadMore';
import { ACTION_COLORS } from './EscalationLevelsPanel';
import { useSlaOverview, useSlaTickets } from './sla.hooks';
import type { SlaListFilters, SlaListState } from './sla.hooks';

function StatCard({
  label,
  value,
  color,
  icon,
  hint,
  testId,
}: {
  label: string;
  value: string;
  color: string;
  icon: ReactNode;
  hint?: string;
  testId: string;
}) {
  return (
    <Paper withBorder radius="md" p="md" h="100%" data-testid={testId}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={2}>
          <Text size="sm" c="dimmed">
            {label}
          </Text>
          <Text fz={32} fw={700} c={color} lh={1.1}>
            {value}
          </Text>
          {hint ? (
            <Text size="xs" c="dimmed">
              {hint}
            </Text>
          ) : null}
        </Stack>
        <Text c={color}>{icon}</Text>
      </Group>
    </Paper>
  );
}

/** A count that narrows the list below to its row when clicked. */
function CountButton({
  value,
  color,
  label,
  onClick,
}: {
  value: number;
  color: string;
  label: string;
  onClick: () => void;
}) {
  if (value === 0) {
    return (
      <Text size="sm" c="dimmed" ta="right">
        0
      </Text>
    );
  }
  return (
    <UnstyledButton onClick={onClick} aria-label={label} style={{ display: 'block', marginLeft: 'auto' }}>
      <Badge color={color} variant="light" style={{ cursor: 'pointer' }}>
        {value}
      </Badge>
    </UnstyledButton>
  );
}

interface Narrowing {
  kind: 'assignee' | 'priority';
  id: string;
  name: string;
}

function Breakdown({
  overview,
  onPick,
}: {
  overview: SlaOverviewResponse;
  onPick: (state: SlaListState, narrowing: Narrowing) => void;
}) {
  const { t } = useTranslation();
  const row = (
    key: string,
    name: ReactNode,
    plain: string,
    counts: { atRisk: number; breached: number },
    narrowing: Narrowing,
  ) => (
    <Table.Tr key={key}>
      <Table.Td>{name}</Table.Td>
      <Table.Td>
        <CountButton
          value={counts.atRisk}
          color="orange"
          label={t('sla.monitor.showAtRiskOf', { name: plain, n: counts.atRisk })}
          onClick={() => onPick('at_risk', narrowing)}
        />
      </Table.Td>
      <Table.Td>
        <CountButton
          value={counts.breached}
          color="red"
          label={t('sla.monitor.showBreachedOf', { name: plain, n: counts.breached })}
          onClick={() => onPick('breached', narrowing)}
        />
      </Table.Td>
    </Table.Tr>
  );
  const head = (first: string) => (
    <Table.Tr>
      <Table.Th>{first}</Table.Th>
      <Table.Th ta="right">{t('sla.monitor.atRisk')}</Table.Th>
      <Table.Th ta="right">{t('sla.monitor.breached')}</Table.Th>
    </Table.Tr>
  );
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      <Stack gap="xs">
        <Title order={3} size="h5">
          {t('sla.monitor.byAssignee')}
        </Title>
        <TableShell
          caption={t('sla.monitor.byAssignee')}
          minWidth={280}
          head={head(t('tickets.fields.assignee'))}
          empty={overview.byAssignee.length === 0 ? t('sla.monitor.nothingDue') : false}
        >
          {overview.byAssignee.map((entry) => {
            const name = entry.assignee?.name ?? t('tickets.unassigned');
            return row(entry.assignee?.id ?? 'none', <Text size="sm">{name}</Text>, name, entry, {
              kind: 'assignee',
              id: entry.assignee?.id ?? 'none',
              name,
            });
          })}
        </TableShell>
      </Stack>
      <Stack gap="xs">
        <Title order={3} size="h5">
          {t('sla.monitor.byPriority')}
        </Title>
        <TableShell
          caption={t('sla.monitor.byPriority')}
          minWidth={280}
          head={head(t('tickets.fields.priority'))}
          empty={overview.byPriority.length === 0 ? t('sla.monitor.nothingDue') : false}
        >
          {overview.byPriority.map((entry) =>
            row(entry.priority.id, <PriorityLabel priority={entry.priority} />, entry.priority.name, entry, {
              kind: 'priority',
              id: entry.priority.id,
              name: entry.priority.name,
            }),
          )}
        </TableShell>
      </Stack>
    </SimpleGrid>
  );
}

function LastLevel({ ticket }: { ticket: SlaTicketItem }) {
  const { i18n } = useTranslation();
  if (!ticket.lastLevel)
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  return (
    <Stack gap={0}>
      <Badge size="sm" variant="light" color={ACTION_COLORS[ticket.lastLevel.action]} tt="none">
        {ticket.lastLevel.name}
      </Badge>
      <Text size="xs" c="dimmed">
        {formatRelative(ticket.lastLevel.firedAt, i18n.language)}
      </Text>
    </Stack>
  );
}

function TicketRows({ tickets, ticketHref }: { tickets: SlaTicketItem[]; ticketHref: (t: SlaTicketItem) => string }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      {tickets.map((ticket) => (
        <Table.Tr key={ticket.id}>
          <Table.Td>
            <Text size="xs" c="dimmed" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
              {ticket.ticketNumber}
            </Text>
          </Table.Td>
          <Table.Td style={{ minWidth: 200 }}>
            <Anchor component={Link} to={ticketHref(ticket)} fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
              {ticket.title}
            </Anchor>
          </Table.Td>
          <Table.Td>
            <PriorityLabel priority={ticket.priority} />
          </Table.Td>
          <Table.Td>
            <Text size="sm" c={ticket.assignee ? undefined : 'dimmed'}>
              {ticket.assignee?.name ?? t('tickets.unassigned')}
            </Text>
          </Table.Td>
          <Table.Td>
            <Stack gap={2} align="flex-start">
              <SlaBadge ticket={ticket} />
              <Text size="xs" c="dimmed">
                {formatDateTime(ticket.slaDeadline, i18n.language)}
              </Text>
            </Stack>
          </Table.Td>
          <Table.Td>
            <LastLevel ticket={ticket} />
          </Table.Td>
        </Table.Tr>
      ))}
    </>
  );
}

function TicketCards({ tickets, ticketHref }: { tickets: SlaTicketItem[]; ticketHref: (t: SlaTicketItem) => string }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      {tickets.map((ticket) => (
        <Paper key={ticket.id} withBorder radius="md" p="sm" component="article" role="listitem">
          <Stack gap={6}>
            <Group justify="space-between" gap="xs" wrap="nowrap">
              <Text size="xs" c="dimmed" ff="monospace">
                {ticket.ticketNumber}
              </Text>
              <SlaBadge ticket={ticket} />
            </Group>
            <Anchor component={Link} to={ticketHref(ticket)} fw={600} style={{ overflowWrap: 'anywhere' }}>
              {ticket.title}
            </Anchor>
            <Group gap="md" wrap="wrap" style={{ rowGap: 4 }}>
              <PriorityLabel priority={ticket.priority} />
              <Text size="sm" c="dimmed">
                {t('tickets.fields.assignee')}: {ticket.assignee?.name ?? t('tickets.unassigned')}
              </Text>
              <Text size="xs" c="dimmed">
                {t('tickets.sla.deadlineAt', { time: formatDateTime(ticket.slaDeadline, i18n.language) })}
              </Text>
              {ticket.lastLevel ? <LastLevel ticket={ticket} /> : null}
            </Group>
          </Stack>
        </Paper>
      ))}
    </>
  );
}

export interface SlaMonitorPanelProps {
  /** "Status SLA" for IT staff, "Monitor SLA" for managers and admins. */
  variant: 'status' | 'monitor';
  ticketHref: (ticket: SlaTicketItem) => string;
}

/** Tickets at risk and breached right now, by assignee and priority; live via realtime hints. */
export function SlaMonitorPanel({ variant, ticketHref }: SlaMonitorPanelProps) {
  const { t, i18n } = useTranslation();
  const isPhone = useIsPhone();
  const now = useNow();
  const overview = useSlaOverview();
  const [state, setState] = useState<SlaListState>('breached');
  const [narrowing, setNarrowing] = useState<Narrowing | null>(null);
  const filters: SlaListFilters = {
    state,
    ...(narrowing?.kind === 'assignee' ? { assigneeId: narrowing.id } : {}),
    ...(narrowing?.kind === 'priority' ? { priorityId: narrowing.id } : {}),
  };
  const list = useSlaTickets(filters);
  const tickets = list.data?.pages.flatMap((page) => page.items) ?? [];
  const data = overview.data;
  const compliance = data?.compliance;
  const below = compliance?.percent != null && compliance.percent < compliance.threshold;
  const empty = !list.isPending && !list.isError && tickets.length === 0;

  return (
    <>
      <PageHeader
        title={t(`sla.monitor.title_${variant}`)}
        description={t(`sla.monitor.subtitle_${variant}`)}
        actions={
          data ? (
            <Text size="xs" c="dimmed" aria-live="polite">
              {t('sla.monitor.updated', { time: formatRelative(data.generatedAt, i18n.language, now) })}
            </Text>
          ) : null
        }
      />
      <Stack gap="lg">
        {overview.isError ? <ProblemAlert error={overview.error} onRetry={() => void overview.refetch()} /> : null}
        {overview.isPending ? (
          <Center p="lg">
            <Loader size="sm" />
          </Center>
        ) : null}
        {data && compliance ? (
          <>
            <Grid gap="md">
              <Grid.Col span={{ base: 6, sm: 4 }}>
                <StatCard
                  testId="sla-at-risk-count"
                  label={t('sla.monitor.atRiskNow')}
                  value={formatNumber(data.atRisk, i18n.language)}
                  color="orange"
                  icon={<IconAlertTriangle size={28} />}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 6, sm: 4 }}>
                <StatCard
                  testId="sla-breached-count"
                  label={t('sla.monitor.breachedNow')}
                  value={formatNumber(data.breached, i18n.language)}
                  color="red"
                  icon={<IconFlame size={28} />}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 4 }}>
                <StatCard
                  testId="sla-compliance"
                  label={t('sla.monitor.compliance', { days: compliance.windowDays })}
                  value={compliance.percent === null ? '—' : `${formatNumber(compliance.percent, i18n.language, 1)} %`}
                  color={compliance.percent === null ? 'dimmed' : below ? 'red' : 'teal'}
                  icon={<IconChartPie size={28} />}
                  hint={
                    compliance.percent === null
                      ? t('sla.monitor.complianceNone')
                      : t('sla.monitor.complianceHint', {
                          met: compliance.met,
                          resolved: compliance.resolved,
                          threshold: compliance.threshold,
                        })
                  }
                />
              </Grid.Col>
            </Grid>
            <Breakdown
              overview={data}
              onPick={(pickedState, picked) => {
                setState(pickedState);
                setNarrowing(picked);
              }}
            />
          </>
        ) : null}

        <Stack gap="sm">
          <Group justify="space-between" gap="sm" wrap="wrap">
            <SegmentedControl
              value={state}
              onChange={(value) => setState(value === 'at_risk' ? 'at_risk' : 'breached')}
              data={[
                { value: 'breached', label: t('sla.monitor.breached') },
                { value: 'at_risk', label: t('sla.monitor.atRisk') },
              ]}
              aria-label={t('sla.monitor.listLabel')}
            />
            {narrowing ? (
              <Badge
                size="lg"
                variant="light"
                tt="none"
                rightSection={
                  <CloseButton size="xs" aria-label={t('sla.monitor.clearFilter')} onClick={() => setNarrowing(null)} />
                }
              >
                {narrowing.name}
              </Badge>
            ) : null}
          </Group>
          {list.isError ? <ProblemAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
          {isPhone ? (
            <Stack gap="sm" role="list" aria-label={t(`sla.monitor.list_${state}`)}>
              {list.isPending ? (
                <Center p="lg">
                  <Loader size="sm" />
                </Center>
              ) : null}
              {empty ? (
                <Text c="dimmed" ta="center" p="lg" size="sm">
                  {t(`sla.monitor.empty_${state}`)}
                </Text>
              ) : null}
              <TicketCards tickets={tickets} ticketHref={ticketHref} />
            </Stack>
          ) : (
            <TableShell
              caption={t(`sla.monitor.list_${state}`)}
              minWidth={900}
              loading={list.isPending}
              empty={empty ? t(`sla.monitor.empty_${state}`) : false}
              head={
                <Table.Tr>
                  <Table.Th>{t('tickets.fields.number')}</Table.Th>
                  <Table.Th>{t('tickets.fields.title')}</Table.Th>
                  <Table.Th>{t('tickets.fields.priority')}</Table.Th>
                  <Table.Th>{t('tickets.fields.assignee')}</Table.Th>
                  <Table.Th>{t('sla.monitor.deadline')}</Table.Th>
                  <Table.Th miw={140}>{t('sla.monitor.lastLevel')}</Table.Th>
                </Table.Tr>
              }
            >
              <TicketRows tickets={tickets} ticketHref={ticketHref} />
            </TableShell>
          )}
          <LoadMore list={list} />
        </Stack>
      </Stack>
    </>
  );
}
