import { ACTIVE_STATUSES } from '@bantu/contracts';
import type { TicketCounts, TicketStatus, TicketSummary } from '@bantu/contracts';
import { Badge, Button, Stack, Tabs } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useSearchParams } from '@/lib/router';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '@/ui/PageHeader';
import {
  countActiveFilters,
  NO_FILTERS,
  TicketFilterFields,
  TicketListToolbar,
  TicketResults,
} from './TicketListParts';
import type { TicketFilterValues } from './TicketListParts';
import { useTicketCounts, useTicketList } from './tickets.hooks';
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

export interface StaffQueuePanelProps {
  ticketHref: (ticket: TicketSummary) => string;
  newTicketHref: string;
}

/** The IT staff queue: tabs with counts, filters, sort, search and the SLA of each ticket. */
export function StaffQueuePanel({ ticketHref, newTicketHref }: StaffQueuePanelProps) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tabParam = params.get('tab');
  const tab: QueueTab = isQueueTab(tabParam) ? tabParam : 'unassigned';
  const [filtersOpen, filtersToggle] = useDisclosure(false);

  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [chosen, setChosen] = useState<TicketFilterValues>(NO_FILTERS);
  const [sort, setSort] = useState<TicketSort>('newest');

  const counts = useTicketCounts();

  // The tab sets the scene; a filter chosen explicitly wins over the tab's value for that field.
  const base: TicketFilters = QUEUE_TABS[tab].filters;
  const filters: TicketFilters = {
    ...base,
    ...(chosen.status.length > 0 ? { status: chosen.status } : {}),
    ...(chosen.slaState.length > 0 ? { slaState: chosen.slaState } : {}),
    ...(chosen.assigneeId ? { assigneeId: chosen.assigneeId } : {}),
    priorityId: chosen.priorityId ?? undefined,
    categoryId: chosen.categoryId ?? undefined,
    q: q || undefined,
    sort,
  };
  const list = useTicketList(filters);

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

        <TicketListToolbar
          search={search}
          onSearchChange={setSearch}
          sort={sort}
          onSortChange={setSort}
          filtersOpen={filtersOpen}
          onToggleFilters={filtersToggle.toggle}
          activeFilterCount={countActiveFilters(chosen)}
          onResetFilters={() => setChosen(NO_FILTERS)}
          filters={<TicketFilterFields value={chosen} onChange={(patch) => setChosen((v) => ({ ...v, ...patch }))} />}
        />

        <TicketResults list={list} ticketHref={ticketHref} label={t('tickets.queue.title')} />
      </Stack>
    </>
  );
}
