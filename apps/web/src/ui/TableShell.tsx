import { Center, Loader, Paper, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';

export interface TableShellProps {
  /** Column headers. */
  head: ReactNode;
  children: ReactNode;
  /** Below this width the table scrolls sideways instead of squeezing its columns. */
  minWidth?: number;
  loading?: boolean;
  /** Shown instead of the rows when there are none. */
  empty?: string | false;
  caption?: string;
}

/** A bordered, horizontally scrollable data table. */
export function TableShell({
  head,
  children,
  minWidth = 640,
  loading = false,
  empty = false,
  caption,
}: TableShellProps) {
  return (
    <Paper withBorder radius="md">
      <Table.ScrollContainer minWidth={minWidth} type="scrollarea">
        <Table striped highlightOnHover verticalSpacing="sm" horizontalSpacing="md" aria-label={caption}>
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
