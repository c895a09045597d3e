import { SLA_STATES, TICKET_SORTS, TICKET_STATUSES } from '@bantu/contracts';
import type { SlaState, TicketStatus, TicketSummary } from '@bantu/contracts';
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
  Text,
  TextInput,
} from '@mantine/core';
import { IconAdjustmentsHorizontal, IconSearch } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from '@/lib/router';
import { useTranslation } from 'react-i18next';
import { useCategories } from '@/features/categories/categories.hooks';
import { usePriorities } from '@/features/priorities/priorities.hooks';
import { ProblemAlert } from '@/ui/ProblemAlert';
import { TableShell } from '@/ui/TableShell';
import { useIsPhone } from '@/ui/useIsPhone';
import { LoadMore } from '@/ui/LoadMore';
import { PriorityLabel, SlaBadge, TicketStatusBadge } from './TicketBadges';
import { TicketCard } from './TicketCard';
import { useStaff } from './tickets.hooks';
import type { TicketSort, useTicketList } from './tickets.hooks';

/** The filters a staff-style ticket list offers in its filter panel. */
export interface TicketFilterValues {
  status: TicketStatus[];
  slaState: SlaState[];
  priorityId: string | null;
  categoryId: string | null;
  /** A staff id, `me`, or `none`. */
  assigneeId: string | null;
}

export const NO_FILTERS: TicketFilterValues = {
  status: [],
  slaState: [],
  priorityId: null,
  categoryId: null,
  assigneeId: null,
};

export function countActiveFilters(values: TicketFilterValues): number {
  return [values.status.length > 0, values.slaState.length > 0, values.priorityId, values.categoryId, values.assigneeId]
    .map(Boolean)
    .filter(Boolean).length;
}

export function isTicketSort(value: string | null): value is TicketSort {
  return (TICKET_SORTS as readonly (string | null)[]).includes(value);
}

export interface TicketFilterFieldsProps {
  value: TicketFilterValues;
  onChange: (patch: Partial<TicketFilterValues>) => void;
  /** Offer "me" as an assignee (only for IT staff, who can be assigned). */
  offerMe?: boolean;
  /** More inputs after the standard ones (e.g. division and requester). */
  children?: ReactNode;
  cols?: number;
}

/** Status, priority, category, assignee and SLA inputs; the lists come from the catalogue. */
export function TicketFilterFields({ value, onChange, offerMe = true, children, cols = 5 }: TicketFilterFieldsProps) {
  const { t } = useTranslation();
  const staff = useStaff();
  const priorities = usePriorities({ includeInactive: false });
  const categories = useCategories({ includeInactive: false });
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: cols }} spacing="sm">
      <MultiSelect
        label={t('tickets.fields.status')}
        placeholder={value.status.length === 0 ? t('tickets.queue.any') : undefined}
        data={TICKET_STATUSES.map((s) => ({ value: s, label: t(`tickets.status.${s}`) }))}
        value={value.status}
        onChange={(values) => onChange({ status: TICKET_STATUSES.filter((s) => values.includes(s)) })}
        clearable
      />
      <Select
        label={t('tickets.fields.priority')}
        placeholder={t('tickets.queue.any')}
        data={(priorities.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
        value={value.priorityId}
        onChange={(priorityId) => onChange({ priorityId })}
        clearable
      />
      <Select
        label={t('tickets.fields.category')}
        placeholder={t('tickets.queue.any')}
        data={(categories.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
        value={value.categoryId}
        onChange={(categoryId) => onChange({ categoryId })}
        clearable
        searchable
      />
      <Select
        label={t('tickets.fields.assignee')}
        placeholder={t('tickets.queue.any')}
        data={[
          ...(offerMe ? [{ value: 'me', label: t('tickets.queue.assigneeMe') }] : []),
          { value: 'none', label: t('tickets.unassigned') },
          ...(staff.data ?? []).map((s) => ({ value: s.id, label: s.name })),
        ]}
        value={value.assigneeId}
        onChange={(assigneeId) => onChange({ assigneeId })}
        clearable
        searchable
      />
      <MultiSelect
        label={t('tickets.sla.label')}
        placeholder={value.slaState.length === 0 ? t('tickets.queue.any') : undefined}
        data={SLA_STATES.map((s) => ({ value: s, label: t(`tickets.sla.state.${s}`) }))}
        value={value.slaState}
        onChange={(values) => onChange({ slaState: SLA_STATES.filter((s) => values.includes(s)) })}
        clearable
      />
      {children}
    </SimpleGrid>
  );
}

export interface TicketListToolbarProps {
  search: string;
  onSearchChange: (value: string) => void;
  sort: TicketSort;
  onSortChange: (sort: TicketSort) => void;
  filtersOpen: boolean;
  onToggleFilters: () => void;
  activeFilterCount: number;
  onResetFilters: () => void;
  /** The filter inputs shown when the panel is open. */
  filters: ReactNode;
  /** More buttons on the toolbar's right (e.g. export). */
  actions?: ReactNode;
}

/** Search, sort, the filter panel toggle with its count, and reset. */
export function TicketListToolbar({
  search,
  onSearchChange,
  sort,
  onSortChange,
  filtersOpen,
  onToggleFilters,
  activeFilterCount,
  onResetFilters,
  filters,
  actions,
}: TicketListToolbarProps) {
  const { t } = useTranslation();
  return (
    <>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <TextInput
          label={t('tickets.search')}
          placeholder={t('tickets.searchPlaceholder')}
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(event) => onSearchChange(event.currentTarget.value)}
          style={{ flex: '2 1 16rem' }}
        />
        <Select
          label={t('tickets.queue.sort')}
          data={TICKET_SORTS.map((s) => ({ value: s, label: t(`tickets.queue.sorts.${s}`) }))}
          value={sort}
          onChange={(value) => isTicketSort(value) && onSortChange(value)}
          allowDeselect={false}
          style={{ flex: '1 1 11rem' }}
        />
        <Button
          variant={filtersOpen ? 'light' : 'default'}
          leftSection={<IconAdjustmentsHorizontal size={16} />}
          onClick={onToggleFilters}
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
          <Button variant="subtle" color="gray" onClick={onResetFilters}>
            {t('tickets.queue.resetFilters')}
          </Button>
        ) : null}
        {actions}
      </Group>
      <Collapse expanded={filtersOpen}>{filters}</Collapse>
    </>
  );
}

export interface TicketResultsProps {
  list: ReturnType<typeof useTicketList>;
  ticketHref: (ticket: TicketSummary) => string;
  /** The list's accessible name. */
  label: string;
  /** When given, a requester's name links here (e.g. the same list narrowed to that requester). */
  requesterHref?: (ticket: TicketSummary) => string;
}

/** The tickets of a list: cards on a phone, a table elsewhere, then "load more". */
export function TicketResults({ list, ticketHref, label, requesterHref }: TicketResultsProps) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const tickets = list.data?.pages.flatMap((page) => page.items) ?? [];
  const empty = !list.isPending && !list.isError && tickets.length === 0;

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
        {requesterHref ? (
          <Anchor
            component={Link}
            to={requesterHref(ticket)}
            size="sm"
            c="inherit"
            title={t('tickets.all.byRequester', { name: ticket.requester.name })}
          >
            {ticket.requester.name}
          </Anchor>
        ) : (
          <Text size="sm">{ticket.requester.name}</Text>
        )}
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

  return (
    <>
      {list.isError ? <ProblemAlert error={list.error} onRetry={() => void list.refetch()} /> : null}

      {isPhone ? (
        <Stack gap="sm" role="list" aria-label={label}>
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
          caption={label}
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

      <LoadMore list={list} />
    </>
  );
}
