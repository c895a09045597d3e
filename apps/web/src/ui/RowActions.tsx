import { ActionIcon, Group, Tooltip } from '@mantine/core';
import type { ReactNode } from 'react';

export interface RowAction {
  /** Accessible name and tooltip, e.g. "Ubah Budi". */
  label: string;
  icon: ReactNode;
  color?: string;
  onClick: () => void;
  disabled?: boolean;
}

export interface RowActionsProps {
  actions: RowAction[];
}

/** Compact icon buttons at the end of a table row, each with an accessible name. */
export function RowActions({ actions }: RowActionsProps) {
  return (
    <Group gap={4} wrap="nowrap" justify="flex-end">
      {actions.map((action) => (
        <Tooltip key={action.label} label={action.label} withArrow openDelay={300}>
          <ActionIcon
            variant="subtle"
            color={action.color ?? 'gray'}
            aria-label={action.label}
            onClick={action.onClick}
            disabled={action.disabled}
          >
            {action.icon}
          </ActionIcon>
        </Tooltip>
      ))}
    </Group>
  );
}
