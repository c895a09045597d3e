import { Center, Loader, Paper, Table, Text } from '@mantine/core';
import { useId, type ReactNode } from 'react';
import { useIsPhone } from './useIsPhone';

export interface TableShellProps {
  /** Column headers. */
  head: ReactNode;
  children: ReactNode;
  /** Below this width the table scrolls sideways instead of squeezing its columns. */
  minWidth?: number;
  /**
   * The columns (0-based) that stay on a phone, e.g. name, status and actions; the others are
   * hidden there and the table fits the screen instead of scrolling sideways.
   */
  phoneColumns?: number[];
  loading?: boolean;
  /** Shown instead of the rows when there are none. */
  empty?: string | false;
  caption?: string;
}

/** A bordered data table: scrolls sideways on narrow screens, or keeps its key columns on a phone. */
export function TableShell({
  head,
  children,
  minWidth = 640,
  phoneColumns,
  loading = false,
  empty = false,
  caption,
}: TableShellProps) {
  const isPhone = useIsPhone();
  const id = useId();
  const compact = isPhone && phoneColumns !== undefined;
  const keep = (phoneColumns ?? []).map((i) => `:nth-child(${i + 1})`).join(', ');
  return (
    <Paper withBorder radius="md">
      {compact ? <style>{`[data-phone-table="${id}"] tr > :not(${keep}) { display: none; }`}</style> : null}
      <Table.ScrollContainer minWidth={compact ? 0 : minWidth} type="scrollarea">
        <Table
          striped
          highlightOnHover
          verticalSpacing="sm"
          horizontalSpacing={compact ? 'xs' : 'md'}
          aria-label={caption}
          data-phone-table={compact ? id : undefined}
        >
          <Table.Thead>{head}</Table.Thead>
          <Table.Tbody>{children}</Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {loading ? (
        <Center p="lg">
          <Loader size="sm" />
        </Center>
      ) : empty ? (
        <Text c="dimmed" ta="center" p="lg" size="sm">
          {empty}
        </Text>
      ) : null}
    </Paper>
  );
}
