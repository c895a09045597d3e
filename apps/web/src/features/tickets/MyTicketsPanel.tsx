import type { TicketStatus, TicketSummary } from '@bantu/contracts';
import { Button, Center, Loader, Stack, Tabs, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from '@/lib/router';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '@/ui/PageHeader';
import { ProblemAlert } from '@/ui/ProblemAlert';
import { LoadMore } from '@/ui/LoadMore';
import { TicketCard } from './TicketCard';
import { useTicketList } from './tickets.hooks';

const TABS = {
  open: ['OPEN', 'IN_PROGRESS', 'ON_HOLD'],
  resolved: ['RESOLVED'],
  closed: ['CLOSED'],
} as const satisfies Record<string, readonly TicketStatus[]>;
type Tab = keyof typeof TABS;

function isTab(value: string | null): value is Tab {
  return value !== null && value in TABS;
}

export interface MyTicketsPanelProps {
  ticketHref: (ticket: TicketSummary) => string;
  newTicketHref: string;
}

/** The requester's own tickets: open, waiting for their answer (resolved), or closed. */
export function MyTicketsPanel({ ticketHref, newTicketHref }: MyTicketsPanelProps) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>('open');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const list = useTicketList({ status: [...TABS[tab]], q: q || undefined, sort: 'updated' });
  const tickets = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <PageHeader
        title={t('tickets.my.title')}
        description={t('tickets.my.subtitle')}
        actions={
          <Button component={Link} to={newTicketHref} leftSection={<IconPlus size={18} />}>
            {t('tickets.create.action')}
          </Button>
        }
      />
      <Stack gap="md">
        <Tabs value={tab} onChange={(value) => isTab(value) && setTab(value)}>
          <Tabs.List>
            <Tabs.Tab value="open">{t('tickets.my.tabOpen')}</Tabs.Tab>
            <Tabs.Tab value="resolved">{t('tickets.my.tabResolved')}</Tabs.Tab>
            <Tabs.Tab value="closed">{t('tickets.my.tabClosed')}</Tabs.Tab>
          </Tabs.List>
        </Tabs>
        <TextInput
          label={t('tickets.search')}
          placeholder={t('tickets.searchPlaceholder')}
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          maw={480}
        />
        {list.isError ? <ProblemAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
        {list.isPending ? (
          <Center p="lg">
            <Loader size="sm" />
          </Center>
        ) : null}
        {!list.isPending && !list.isError && tickets.length === 0 ? (
          <Text c="dimmed" ta="center" p="lg" size="sm">
            {q ? t('tickets.noMatches') : t(`tickets.my.empty.${tab}`)}
          </Text>
        ) : null}
        <Stack gap="sm" aria-busy={list.isFetching} aria-label={t('tickets.my.title')} role="list">
          {tickets.map((ticket) => (
            <div role="listitem" key={ticket.id}>
              <TicketCard ticket={ticket} href={ticketHref(ticket)} />
            </div>
          ))}
        </Stack>
        <LoadMore list={list} />
      </Stack>
    </>
  );
}
