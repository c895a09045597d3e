import type { ReportStaffRow } from '@bantu/contracts';
import { Anchor, Table, Text, UnstyledButton } from '@mantine/core';
import { IconArrowsSort, IconSortAscending, IconSortDescending } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useState } from 'react';
import { Link } from '@/lib/router';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '@/lib/format';
import { TableShell } from '@/ui/TableShell';
import { durationUnitKey, minutesToHours } from './reportFormat';

const COLUMNS = ['name', 'assigned', 'resolved', 'openLoad', 'average', 'median', 'sla', 'csat'] as const;
type Column = (typeof COLUMNS)[number];

function sortValue(row: ReportStaffRow, column: Column): number | string | null {
  switch (column) {
    case 'name':
      return row.staff?.name ?? '';
    case 'assigned':
      return row.assigned;
    case 'resolved':
      return row.resolved;
    case 'openLoad':
      return row.openLoad;
    case 'average':
      return row.resolutionTime.averageMinutes;
    case 'median':
      return row.resolutionTime.medianMinutes;
    case 'sla':
      return row.resolutionSla.percent;
    case 'csat':
      return row.csat.average;
  }
}

/** Sorts by a column; rows without a value (no resolutions, no ratings) always go last. */
export function sortStaffRows(rows: readonly ReportStaffRow[], column: Column, descending: boolean): ReportStaffRow[] {
  return [...rows].sort((a, b) => {
    const x = sortValue(a, column);
    const y = sortValue(b, column);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    const order = typeof x === 'string' ? x.localeCompare(String(y)) : x - (y as number);
    return descending ? -order : order;
  });
}

export interface StaffTableProps {
  rows: readonly ReportStaffRow[];
  loading: boolean;
  hrefs: {
    resolved: (staffId: string | null) => string;
    openLoad: (staffId: string | null) => string;
    slaMissed: (staffId: string | null) => string;
  };
}

/** IT staff performance in the period; every column sorts, and counts open their tickets. */
export function StaffTable({ rows, loading, hrefs }: StaffTableProps) {
  const { t, i18n } = useTranslation();
  const [sort, setSort] = useState<{ column: Column; descending: boolean }>({ column: 'resolved', descending: true });
  const sorted = sortStaffRows(rows, sort.column, sort.descending);
  const n = (v: number, digits = 0) => formatNumber(v, i18n.language, digits);
  const hours = (v: number | null) => (v === null ? '–' : minutesToHours(v, i18n.language));
  const link = (href: string, text: string, label: string) => (
    <Anchor component={Link} to={href} size="sm" aria-label={label}>
      {text}
    </Anchor>
  );

  const header = (column: Column) => {
    const active = sort.column === column;
    const Icon = !active ? IconArrowsSort : sort.descending ? IconSortDescending : IconSortAscending;
    return (
      <Table.Th key={column} aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
        <UnstyledButton
          onClick={() =>
            setSort((s) => ({ column, descending: s.column === column ? !s.descending : column !== 'name' }))
          }
          style={{ display: 'inline-flex', alignItems: 'center', gap: 4, fontWeight: 600, fontSize: 'inherit' }}
        >
          {t(`reports.staff.columns.${column}`)}
          <Icon size={14} opacity={active ? 1 : 0.4} />
        </UnstyledButton>
      </Table.Th>
    );
  };

  const unit = rows.find((row) => row.resolutionTime.count > 0)?.resolutionTime.unit;
  const body: ReactNode = sorted.map((row) => {
    const id = row.staff?.id ?? null;
    const name = row.staff?.name ?? t('tickets.unassigned');
    return (
      <Table.Tr key={id ?? 'none'}>
        <Table.Td>
          <Text size="sm" fw={500}>
            {name}
          </Text>
        </Table.Td>
        <Table.Td>{n(row.assigned)}</Table.Td>
        <Table.Td>
          {link(hrefs.resolved(id), n(row.resolved), t('reports.staff.resolvedOf', { name, n: row.resolved }))}
        </Table.Td>
        <Table.Td>
          {link(hrefs.openLoad(id), n(row.openLoad), t('reports.staff.openOf', { name, n: row.openLoad }))}
        </Table.Td>
        <Table.Td>{hours(row.resolutionTime.averageMinutes)}</Table.Td>
        <Table.Td>{hours(row.resolutionTime.medianMinutes)}</Table.Td>
        <Table.Td>
          {row.resolutionSla.percent === null
            ? '–'
            : link(
                hrefs.slaMissed(id),
                `${n(row.resolutionSla.percent, 1)}%`,
                t('reports.staff.slaOf', { name, missed: row.resolutionSla.missed }),
              )}
        </Table.Td>
        <Table.Td>{row.csat.average === null ? '–' : `${n(row.csat.average, 2)} (${n(row.csat.count)})`}</Table.Td>
      </Table.Tr>
    );
  });

  return (
    <>
      <TableShell
        caption={t('reports.staff.title')}
        minWidth={760}
        loading={loading && rows.length === 0}
        empty={!loading && rows.length === 0 ? t('reports.staff.empty') : false}
        head={<Table.Tr>{COLUMNS.map(header)}</Table.Tr>}
      >
        {body}
      </TableShell>
      {unit ? (
        <Text size="xs" c="dimmed" mt={4}>
          {t('reports.staff.timeUnit', { unit: t(durationUnitKey(unit)) })}
        </Text>
      ) : null}
    </>
  );
}
