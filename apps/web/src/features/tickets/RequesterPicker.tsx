import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUserLookup } from '@/features/users/users.hooks';

export interface RequesterPickerProps {
  /** The chosen user's id; null = the signed-in staff member. */
  value: string | null;
  onChange: (id: string | null) => void;
  error?: string;
  disabled?: boolean;
}

/** Searches active users (debounced) so that IT staff can open a ticket on someone's behalf. */
export function RequesterPicker({ value, onChange, error, disabled }: RequesterPickerProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const [chosen, setChosen] = useState<{ value: string; label: string } | null>(null);
  const lookup = useUserLookup(debounced);

  const options = (lookup.data ?? []).map((u) => ({
    value: u.id,
    label: u.division ? `${u.name} · ${u.email} · ${u.division}` : `${u.name} · ${u.email}`,
  }));
  // The chosen person stays selectable while the search moves on.
  if (chosen && value === chosen.value && !options.some((o) => o.value === chosen.value)) options.unshift(chosen);

  return (
    <Select
      label={t('tickets.create.requester')}
      description={t('tickets.create.requesterHint')}
      placeholder={t('tickets.create.requesterPlaceholder')}
      searchable
      clearable
      data={options}
      value={value}
      onChange={(id, option) => {
        setChosen(id && option ? { value: id, label: option.label } : null);
        onChange(id);
      }}
      searchValue={search}
      onSearchChange={setSearch}
      // The server already matched name, e-mail and division.
      filter={({ options: all }) => all}
      nothingFoundMessage={
        debounced.trim() === ''
          ? t('tickets.create.requesterTypeToSearch')
          : lookup.isFetching
            ? t('common.loading')
            : t('common.nothingFound')
      }
      error={error}
      disabled={disabled}
      autoComplete="off"
    />
  );
}
