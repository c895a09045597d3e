import { Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAccountSearch, useUserLookup } from './users.hooks';

export interface UserPickerProps {
  value: string | null;
  onChange: (id: string | null) => void;
  label: string;
  description?: string;
  placeholder?: string;
  error?: string;
  disabled?: boolean;
  w?: SelectProps['w'];
  /** Every account, deactivated ones too (admins only); otherwise active users. */
  everyone?: boolean;
}

/** Searches active users on the server (debounced, by name, e-mail or division) and picks one. */
export function UserPicker({
  value,
  onChange,
  label,
  description,
  placeholder,
  error,
  disabled,
  w,
  everyone = false,
}: UserPickerProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const [chosen, setChosen] = useState<{ value: string; label: string } | null>(null);
  const active = useUserLookup(debounced, !everyone);
  const accounts = useAccountSearch(debounced, everyone);
  const lookup = everyone ? accounts : active;

  const options = (lookup.data ?? []).map((u) => ({
    value: u.id,
    label: u.division ? `${u.name} · ${u.email} · ${u.division}` : `${u.name} · ${u.email}`,
  }));
  // The chosen person stays selectable while the search moves on.
  if (chosen && value === chosen.value && !options.some((o) => o.value === chosen.value)) options.unshift(chosen);

  return (
    <Select
      label={label}
      description={description}
      placeholder={placeholder}
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
      w={w}
    />
  );
}
