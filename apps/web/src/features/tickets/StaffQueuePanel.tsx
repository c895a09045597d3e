import { ACTIVE_STATUSES, SLA_STATES, TICKET_SORTS, TICKET_STATUSES } from '@bantu/contracts';
import type { SlaState, TicketCounts, TicketStatus, TicketSummary } from '@bantu/contracts';
import {
  Anchor,
  Badge,
  Button,
  Center,
  Collapse,
  Group,
  Loader,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { IconAdjustmentsHorizontal, IconPlus, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useCategories } from '@/features/categories/categories.hooks';
import { usePriorities } from '@/features/priorities/priorities.hooks';
import { PageHeader } from '@/ui/PageHeader';
import { ProblemAlert } from '@/ui/ProblemAlert';
import { TableShell } from '@/ui/TableShell';
import { useIsPhone } from '@/ui/useIsPhone';
import { PriorityLabel, SlaBadge, TicketStatusBadge } from './TicketBadges';
import { TicketCard } from './TicketCard';
import { useStaff, useTicketCounts, useTicketList } from './tickets.hooks';
import type { TicketFilters, TicketSort } from './tickets.hooks';

const ACTIVE: TicketStatus[] = [...ACTIVE_STATUSES];

/** The queue's tabs and what each one shows; the counts come from GET /api/tickets/counts. */
const QUEUE_TABS = {
  unassigned: { filters: { status: ACTIVE, assigneeId: 'none' }, count: 'unassigned' },
  mine: { filters: { status: ACTIVE, assigneeId: 'me' }, count: 'mine' },
  open: { filters: { status: ['OPEN'] }, count: 'open' },
  onHold: { filters: { status: ['ON_HOLD'] }, count: 'onHold' },
  overdue: { filters: { status: ACTIVE, slaState: ['breached'] }, count: 'overdue' },
  all: { filters: {}, count: null },
} as const satisfies Record<string, { filters: TicketFilters; count: keyof TicketCounts | null }>;
type QueueTab = keyof typeof QUEUE_TABS;
const TAB_NAMES = Object.keys(QUEUE_TABS) as QueueTab[];

function isQueueTab(value: string | null): value is QueueTab {
  return value !== null && value in QUEUE_TABS;
}

function isSort(value: string | null): value is TicketSort {
  return (TICKET_SORTS as readonly (string | null)[]).includes(value);
}

export interface StaffQueuePanelProps {
  ticketHref: (ticket: TicketSummary) => string;
  newTicketHref: string;
}

/** The IT staff queue: tabs with counts, filters, sort, search and the SLA of each ticket. */
export function StaffQueuePanel({ ticketHref, newTicketHref }: StaffQueuePanelProps) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const [params, setParams] = useSearchParams();
  const tabParam = params.get('tab');
  const tab: QueueTab = isQueueTab(tabParam) ? tabParam : 'unassigned';
  const [filtersOpen, filtersToggle] = useDisclosure(false);

  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [status, setStatus] = useState<TicketStatus[]>([]);
  const [slaState, setSlaState] = useState<SlaState[]>([]);
  const [priorityId, setPriorityId] = useState<string | null>(null);
  const [categoryId, setCategoryId] = useState<string | null>(null);
  const [assigneeId, setAssigneeId] = useState<string | null>(null);
  const [sort, setSort] = useState<TicketSort>('newest');

  const counts = useTicketCounts();
  const staff = useStaff();
  const priorities = usePriorities({ includeInactive: false });
  const categories = useCategories({ includeInactive: false });

  // The tab sets the scene; a filter chosen explicitly wins over the tab's value for that field.
  const base: TicketFilters = QUEUE_TABS[tab].filters;
  const filters: TicketFilters = {
    ...base,
    ...(status.length > 0 ? { status } : {}),
    ...(slaState.length > 0 ? { slaState } : {}),
    ...(assigneeId ? { assigneeId } : {}),
    priorityId: priorityId ?? undefined,
    categoryId: categoryId ?? undefined,
    q: q || undefined,
    sort,
  };
  const list = useTicketList(filters);
  const tickets = list.data?.pages.flatMap((page) => page.items) ?? [];
  const activeFilterCount = [status.length > 0, slaState.length > 0, priorityId, categoryId, assigneeId].filter(
    Boolean,
  ).length;

  const resetFilters = () => {
    setStatus([]);
    setSlaState([]);
    setPriorityId(null);
    setCategoryId(null);
    setAssigneeId(null);
  };

  const filterInputs = (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }} spacing="sm">
      <MultiSelect
        label={t('tickets.fields.status')}
        placeholder={status.length === 0 ? t('tickets.queue.any') : undefined}
        data={TICKET_STATUSES.map((s) => ({ value: s, label: t(`tickets.status.${s}`) }))}
        value={status}
        onChange={(values) => setStatus(TICKET_STATUSES.filter((s) => values.includes(s)))}
        clearable
      />
      <Select
        label={t('tickets.fields.priority')}
        placeholder={t('tickets.queue.any')}
        data={(priorities.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
        value={priorityId}
        onChange={setPriorityId}
        clearable
      />
      <Select
        label={t('tickets.fields.category')}
        placeholder={t('tickets.queue.any')}
        data={(categories.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
        value={categoryId}
        onChange={setCategoryId}
        clearable
        searchable
      />
      <Select
        label={t('tickets.fields.assignee')}
        placeholder={t('tickets.queue.any')}
        data={[
          { value: 'me', label: t('tickets.queue.assigneeMe') },
          { value: 'none', label: t('tickets.unassigned') },
          ...(staff.data ?? []).map((s) => ({ value: s.id, label: s.name })),
        ]}
        value={assigneeId}
        onChange={setAssigneeId}
        clearable
        searchable
      />
      <MultiSelect
        label={t('tickets.sla.label')}
        placeholder={slaState.length === 0 ? t('tickets.queue.any') : undefined}
        data={SLA_STATES.map((s) => ({ value: s, label: t(`tickets.sla.state.${s}`) }))}
        value={slaState}
        onChange={(values) => setSlaState(SLA_STATES.filter((s) => values.includes(s)))}
        clearable
      />
    </SimpleGrid>
  );

  const rows = tickets.map((ticket) => (
    <Table.Tr key={ticket.id}>
      <Table.Td style={{ minWidth: 200 }}>
        <Text size="xs" c="dimmed" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
          {ticket.ticketNumber}
        </Text>
        <Anchor component={Link} to={ticketHref(ticket)} fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
          {ticket.title}
        </Anchor>
        <Text size="xs" c="dimmed">
          {ticket.category.name}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{ticket.requester.name}</Text>
      </Table.Td>
      <Table.Td>
        <PriorityLabel priority={ticket.priority} />
      </Table.Td>
      <Table.Td>
        <TicketStatusBadge status={ticket.status} size="sm" />
      </Table.Td>
      <Table.Td>
        <Text size="sm" c={ticket.assignee ? undefined : 'dimmed'}>
          {ticket.assignee?.name ?? t('tickets.unassigned')}
        </Text>
      </Table.Td>
      <Table.Td>
        <SlaBadge ticket={ticket} />
      </Table.Td>
    </Table.Tr>
  ));

  const empty = !list.isPending && !list.isError && tickets.length === 0;
  return (
    <>
      <PageHeader
        title={t('tickets.queue.title')}
        description={t('tickets.queue.subtitle')}
        actions={
          <Button component={Link} to={newTicketHref} leftSection={<IconPlus size={18} />} variant="light">
            {t('tickets.create.action')}
          </Button>
        }
      />
      <Stack gap="md">
        <Tabs
          value={tab}
          onChange={(value) => {
            if (isQueueTab(value)) setParams(value === 'unassigned' ? {} : { tab: value }, { replace: true });
          }}
        >
          <Tabs.List style={{ flexWrap: 'nowrap', overflowX: 'auto', overflowY: 'hidden' }}>
            {TAB_NAMES.map((name) => {
              const countKey = QUEUE_TABS[name].count;
              const count = countKey && counts.data ? counts.data[countKey] : null;
              return (
                <Tabs.Tab
                  key={name}
                  value={name}
                  style={{ flexShrink: 0 }}
                  rightSection={
                    count !== null ? (
                      <Badge
                        size="sm"
                        variant={name === 'overdue' && count > 0 ? 'filled' : 'light'}
                        color={name === 'overdue' && count > 0 ? 'red' : 'gray'}
                        aria-label={t('tickets.queue.countLabel', { n: count })}
                      >
                        {count}
                      </Badge>
                    ) : null
                  }
                >
                  {t(`tickets.queue.tabs.${name}`)}
                </Tabs.Tab>
              );
            })}
          </Tabs.List>
        </Tabs>

        <Group gap="sm" align="flex-end" wrap="wrap">
          <TextInput
            label={t('tickets.search')}
            placeholder={t('tickets.searchPlaceholder')}
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            style={{ flex: '2 1 16rem' }}
          />
          <Select
            label={t('tickets.queue.sort')}
            data={TICKET_SORTS.map((s) => ({ value: s, label: t(`tickets.queue.sorts.${s}`) }))}
            value={sort}
            onChange={(value) => isSort(value) && setSort(value)}
            allowDeselect={false}
            style={{ flex: '1 1 11rem' }}
          />
          <Button
            variant={filtersOpen ? 'light' : 'default'}
            leftSection={<IconAdjustmentsHorizontal size={16} />}
            onClick={filtersToggle.toggle}
            aria-expanded={filtersOpen}
            rightSection={
              activeFilterCount > 0 ? (
                <Badge size="sm" circle>
                  {activeFilterCount}
                </Badge>
              ) : null
            }
          >
            {t('tickets.queue.filters')}
          </Button>
          {activeFilterCount > 0 ? (
            <Button variant="subtle" color="gray" onClick={resetFilters}>
              {t('tickets.queue.resetFilters')}
            </Button>
          ) : null}
        </Group>
        <Collapse expanded={filtersOpen}>{filterInputs}</Collapse>

        {list.isError ? <ProblemAlert error={list.error} onRetry={() => void list.refetch()} /> : null}

        {isPhone ? (
          <Stack gap="sm" role="list" aria-label={t('tickets.queue.title')}>
            {list.isPending ? (
              <Center p="lg">
                <Loader size="sm" />
              </Center>
            ) : null}
            {empty ? (
              <Text c="dimmed" ta="center" p="lg" size="sm">
                {t('tickets.queue.empty')}
              </Text>
            ) : null}
            {tickets.map((ticket) => (
              <div role="listitem" key={ticket.id}>
                <TicketCard ticket={ticket} href={ticketHref(ticket)} showStaffFields />
              </div>
            ))}
          </Stack>
        ) : (
          <TableShell
            caption={t('tickets.queue.title')}
            minWidth={720}
            loading={list.isPending}
            empty={empty ? t('tickets.queue.empty') : false}
            head={
              <Table.Tr>
                <Table.Th>{t('tickets.fields.title')}</Table.Th>
                <Table.Th>{t('tickets.fields.requester')}</Table.Th>
                <Table.Th>{t('tickets.fields.priority')}</Table.Th>
                <Table.Th>{t('tickets.fields.status')}</Table.Th>
                <Table.Th>{t('tickets.fields.assignee')}</Table.Th>
                <Table.Th>{t('tickets.sla.label')}</Table.Th>
              </Table.Tr>
            }
          >
            {rows}
          </TableShell>
        )}

        {list.hasNextPage ? (
          <Center>
            <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
              {t('common.loadMore')}
            </Button>
          </Center>
        ) : null}
      </Stack>
    </>
  );
}
