import type { TicketSummary } from '@bantu/contracts';
import { Autocomplete, Badge, CloseButton, Group, Stack, Text } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { useEffect, useState } from 'react';
import { useSearchParams } from '@/lib/router';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '@/ui/PageHeader';
import { countActiveFilters, TicketFilterFields, TicketListToolbar, TicketResults } from './TicketListParts';
import type { TicketFilterValues } from './TicketListParts';
import { boundLabel, type DRILL_KEYS, filtersFromParams, paramsFromFilters } from './ticketListParams';
import { useTicketList, useTicketTotal } from './tickets.hooks';
import type { TicketFilters } from './tickets.hooks';

type DrillKey = (typeof DRILL_KEYS)[number];

export interface AllTicketsPanelProps {
  ticketHref: (ticket: TicketSummary) => string;
  /** Division names to suggest in the division filter. */
  divisions?: readonly string[];
  /** The organisation's time zone, in which the drill-down periods' chips show their bounds. */
  timeZone?: string;
  /** The export buttons for the filtered list, given the list's query. */
  renderExport?: (filters: TicketFilters) => ReactNode;
}

/**
 * Every ticket, for managers and admins: the queue's filters, sort and search plus division and
 * requester, all kept in the URL so that a dashboard figure can open exactly its tickets.
 * Which controls a ticket page shows is the server's `abilities`, not this list's business.
 */
export function AllTicketsPanel({ ticketHref, divisions = [], timeZone, renderExport }: AllTicketsPanelProps) {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);
  const [filtersOpen, filtersToggle] = useDisclosure(false);

  const update = (patch: Partial<TicketFilters>) => {
    const next = { ...filters, ...patch };
    for (const key of Object.keys(patch) as (keyof TicketFilters)[]) {
      const value = next[key];
      if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) delete next[key];
    }
    setParams(paramsFromFilters(next), { replace: true });
  };

  // The search box types freely; the URL (and the query) follow after a pause.
  const [search, setSearch] = useState(filters.q ?? '');
  const [q] = useDebouncedValue(search.trim(), 300);
  useEffect(() => {
    if ((filters.q ?? '') !== q) update({ q: q || undefined });
    // Only a settled search changes the URL.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q]);
  const [division, setDivision] = useState(filters.division ?? '');
  const [debouncedDivision] = useDebouncedValue(division.trim(), 400);
  useEffect(() => {
    if ((filters.division ?? '') !== debouncedDivision) update({ division: debouncedDivision || undefined });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debouncedDivision]);

  const values: TicketFilterValues = {
    status: filters.status ?? [],
    slaState: filters.slaState ?? [],
    priorityId: filters.priorityId ?? null,
    categoryId: filters.categoryId ?? null,
    assigneeId: filters.assigneeId ?? null,
  };
  const list = useTicketList(filters);
  const total = useTicketTotal(filters);
  const tickets = list.data?.pages.flatMap((page) => page.items) ?? [];
  const requesterName = tickets.find((ticket) => ticket.userId === filters.requesterId)?.requester.name;

  const when = (iso: string | undefined, end: boolean) => (iso ? boundLabel(iso, end, i18n.language, timeZone) : '…');
  const chip = (keys: DrillKey[], label: string) => (
    <Badge
      key={keys.join('-')}
      variant="light"
      size="lg"
      radius="sm"
      tt="none"
      fw={500}
      rightSection={
        <CloseButton
          size="xs"
          variant="transparent"
          aria-label={t('tickets.all.removeFilter', { filter: label })}
          onClick={() => update(Object.fromEntries(keys.map((k) => [k, undefined])))}
        />
      }
    >
      {label}
    </Badge>
  );
  const range = (
    from: DrillKey,
    to: DrillKey,
    label: 'created' | 'resolved' | 'closed' | 'firstResponse' | 'rejected',
  ) =>
    filters[from] || filters[to]
      ? chip(
          [from, to],
          t(`tickets.all.period.${label}`, {
            from: when(filters[from] as string | undefined, false),
            to: when(filters[to] as string | undefined, true),
          }),
        )
      : null;
  const chips = [
    range('createdFrom', 'createdTo', 'created'),
    range('resolvedFrom', 'resolvedTo', 'resolved'),
    range('closedFrom', 'closedTo', 'closed'),
    range('firstResponseFrom', 'firstResponseTo', 'firstResponse'),
    range('rejectedFrom', 'rejectedTo', 'rejected'),
    filters.openAt ? chip(['openAt'], t('tickets.all.openAt', { time: when(filters.openAt, false) })) : null,
    filters.resolutionSla ? chip(['resolutionSla'], t(`tickets.all.resolutionSla.${filters.resolutionSla}`)) : null,
    filters.firstResponseSla
      ? chip(['firstResponseSla'], t(`tickets.all.firstResponseSla.${filters.firstResponseSla}`))
      : null,
    filters.rating ? chip(['rating'], t('tickets.all.rating', { scores: filters.rating.join(', ') })) : null,
    filters.requesterId
      ? chip(['requesterId'], t('tickets.all.requester', { name: requesterName ?? t('tickets.all.someone') }))
      : null,
  ].filter(Boolean);

  const activeCount = countActiveFilters(values) + (filters.division ? 1 : 0);
  const reset = () => {
    setDivision('');
    update({
      status: [],
      slaState: [],
      priorityId: undefined,
      categoryId: undefined,
      assigneeId: undefined,
      division: undefined,
    });
  };

  return (
    <>
      <PageHeader
        title={t('tickets.all.title')}
        description={t('tickets.all.subtitle')}
        actions={renderExport?.(filters)}
      />
      <Stack gap="md">
        <TicketListToolbar
          search={search}
          onSearchChange={setSearch}
          sort={filters.sort ?? 'newest'}
          onSortChange={(sort) => update({ sort })}
          filtersOpen={filtersOpen}
          onToggleFilters={filtersToggle.toggle}
          activeFilterCount={activeCount}
          onResetFilters={reset}
          filters={
            <TicketFilterFields
              value={values}
              offerMe={false}
              cols={6}
              onChange={(patch) =>
                update({
                  ...('status' in patch ? { status: patch.status } : {}),
                  ...('slaState' in patch ? { slaState: patch.slaState } : {}),
                  ...('priorityId' in patch ? { priorityId: patch.priorityId ?? undefined } : {}),
                  ...('categoryId' in patch ? { categoryId: patch.categoryId ?? undefined } : {}),
                  ...('assigneeId' in patch ? { assigneeId: patch.assigneeId ?? undefined } : {}),
                })
              }
            >
              <Autocomplete
                label={t('tickets.all.division')}
                placeholder={t('tickets.queue.any')}
                data={[...divisions]}
                value={division}
                onChange={setDivision}
                clearable
              />
            </TicketFilterFields>
          }
        />
        <Group gap="xs" justify="space-between" wrap="wrap">
          <Group gap="xs" wrap="wrap">
            {chips}
          </Group>
          <Text size="sm" c="dimmed" data-testid="ticket-total" aria-live="polite">
            {total.data !== undefined ? t('tickets.all.total', { n: total.data.count }) : ' '}
          </Text>
        </Group>
        <TicketResults
          list={list}
          ticketHref={ticketHref}
          label={t('tickets.all.title')}
          requesterHref={(ticket) => `?${paramsFromFilters({ ...filters, requesterId: ticket.userId }).toString()}`}
        />
      </Stack>
    </>
  );
}
