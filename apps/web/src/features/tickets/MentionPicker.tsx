import { ActionIcon, Popover, Select, Tooltip } from '@mantine/core';
import { IconAt } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStaff } from './tickets.hooks';

/** How a mention is written in a comment; the server reads the id, people see the name. */
export function mentionSyntax(name: string, id: string): string {
  return `@[${name.replace(/[[\]\n]/g, ' ').trim()}](${id})`;
}

export interface MentionPickerProps {
  onPick: (mention: string) => void;
  disabled?: boolean;
}

/** A button that lists IT staff and inserts `@[Name](id)` for the chosen one. */
export function MentionPicker({ onPick, disabled = false }: MentionPickerProps) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const staff = useStaff({ enabled: opened });
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-start" width={280} trapFocus shadow="md">
      <Popover.Target>
        <Tooltip label={t('tickets.comments.mention')} withArrow openDelay={300}>
          <ActionIcon
            variant="default"
            size="lg"
            aria-label={t('tickets.comments.mention')}
            onClick={() => setOpened((o) => !o)}
            disabled={disabled}
          >
            <IconAt size={18} />
          </ActionIcon>
        </Tooltip>
      </Popover.Target>
      <Popover.Dropdown>
        <Select
          label={t('tickets.comments.mentionLabel')}
          placeholder={t('tickets.comments.mentionPlaceholder')}
          data={(staff.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
          searchable
          dropdownOpened={opened}
          nothingFoundMessage={t('common.nothingFound')}
          comboboxProps={{ withinPortal: false }}
          value={null}
          onChange={(id) => {
            const person = staff.data?.find((s) => s.id === id);
            if (person) onPick(mentionSyntax(person.name, person.id));
            setOpened(false);
          }}
        />
      </Popover.Dropdown>
    </Popover>
  );
}
