import { ROLES } from '@bantu/contracts';
import type { Locale, Role, UserResponse } from '@bantu/contracts';
import { Badge, Button, Group, Modal, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconKey, IconPencil, IconPlus, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '@/lib/format';
import { ActiveBadge } from '@/ui/ActiveBadge';
import { PageHeader } from '@/ui/PageHeader';
import { useDialogState } from '@/ui/useDialogState';
import { ProblemAlert } from '@/ui/ProblemAlert';
import { RowActions } from '@/ui/RowActions';
import { TableShell } from '@/ui/TableShell';
import { useIsPhone } from '@/ui/useIsPhone';
import { LoadMore } from '@/ui/LoadMore';
import { ResetPasswordForm } from './ResetPasswordForm';
import { UserForm } from './UserForm';
import { useUserList } from './users.hooks';
import type { UserFilters } from './users.hooks';

type StatusFilter = 'all' | 'active' | 'inactive';

const ROLE_COLORS: Record<Role, string> = { user: 'gray', it_staff: 'blue', manager: 'grape', admin: 'red' };

type Dialog = { kind: 'create' } | { kind: 'edit'; user: UserResponse } | { kind: 'password'; user: UserResponse };

export interface UsersPanelProps {
  /** The signed-in admin: they cannot demote or deactivate themselves here. */
  currentUserId: string;
  defaultLocale: Locale;
}

export function UsersPanel({ currentUserId, defaultLocale }: UsersPanelProps) {
  const { t, i18n } = useTranslation();
  const isPhone = useIsPhone();
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search.trim(), 300);
  const [role, setRole] = useState<Role | null>(null);
  const [status, setStatus] = useState<StatusFilter>('all');
  const dialogState = useDialogState<Dialog>();
  const dialog = dialogState.data;

  const filters: UserFilters = {
    q: debouncedSearch || undefined,
    role: role ?? undefined,
    status: status === 'all' ? undefined : status === 'active',
  };
  const list = useUserList(filters);
  const users = list.data?.pages.flatMap((page) => page.items) ?? [];
  const closeDialog = dialogState.close;

  const rows = users.map((user) => (
    <Table.Tr key={user.id}>
      <Table.Td>
        <Text size="sm" fw={500}>
          {user.name}
        </Text>
        <Text size="xs" c="dimmed">
          {user.email}
        </Text>
      </Table.Td>
      <Table.Td>{user.division ?? '—'}</Table.Td>
      <Table.Td>
        <Badge color={ROLE_COLORS[user.role]} variant="light" miw="max-content">
          {t(`roles.${user.role}`)}
        </Badge>
      </Table.Td>
      <Table.Td>
        <ActiveBadge active={user.status} />
      </Table.Td>
      <Table.Td>
        <Text size="sm">{formatDateTime(user.lastLoginAt, i18n.language) ?? t('users.never')}</Text>
      </Table.Td>
      <Table.Td>
        <RowActions
          actions={[
            {
              label: t('users.editUser', { name: user.name }),
              icon: <IconPencil size={18} />,
              onClick: () => dialogState.open({ kind: 'edit', user }),
            },
            {
              label: t('users.resetPasswordFor', { name: user.name }),
              icon: <IconKey size={18} />,
              onClick: () => dialogState.open({ kind: 'password', user }),
            },
          ]}
        />
      </Table.Td>
    </Table.Tr>
  ));

  return (
    <>
      <PageHeader
        title={t('users.title')}
        description={t('users.subtitle')}
        actions={
          <Button leftSection={<IconPlus size={18} />} onClick={() => dialogState.open({ kind: 'create' })}>
            {t('users.create')}
          </Button>
        }
      />
      <Stack gap="md">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <TextInput
            label={t('users.searchLabel')}
            placeholder={t('users.searchPlaceholder')}
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            style={{ flex: '2 1 14rem' }}
          />
          <Select
            label={t('users.roleFilter')}
            placeholder={t('users.allRoles')}
            data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            value={role}
            onChange={(value) => setRole(ROLES.find((r) => r === value) ?? null)}
            clearable
            style={{ flex: '1 1 10rem' }}
          />
          <Select
            label={t('users.statusFilter')}
            data={[
              { value: 'all', label: t('users.statusAll') },
              { value: 'active', label: t('users.statusActive') },
              { value: 'inactive', label: t('users.statusInactive') },
            ]}
            value={status}
            onChange={(value) => setStatus(value === 'active' || value === 'inactive' ? value : 'all')}
            allowDeselect={false}
            style={{ flex: '1 1 10rem' }}
          />
        </Group>

        {list.isError ? <ProblemAlert error={list.error} onRetry={() => void list.refetch()} /> : null}

        <TableShell
          caption={t('users.title')}
          minWidth={760}
          phoneColumns={[0, 3, 5]}
          loading={list.isPending}
          empty={!list.isPending && !list.isError && users.length === 0 ? t('users.empty') : false}
          head={
            <Table.Tr>
              <Table.Th>{t('users.name')}</Table.Th>
              <Table.Th>{t('users.division')}</Table.Th>
              <Table.Th>{t('users.role')}</Table.Th>
              <Table.Th>{t('common.status')}</Table.Th>
              <Table.Th>{t('users.lastLogin')}</Table.Th>
              <Table.Th ta="right">{t('common.actions')}</Table.Th>
            </Table.Tr>
          }
        >
          {rows}
        </TableShell>

        <LoadMore list={list} />
      </Stack>

      <Modal
        opened={dialogState.opened && (dialog?.kind === 'create' || dialog?.kind === 'edit')}
        onClose={closeDialog}
        title={dialog?.kind === 'edit' ? t('users.editTitle') : t('users.createTitle')}
        size="lg"
        fullScreen={isPhone}
      >
        {dialog?.kind === 'create' ? <UserForm defaultLocale={defaultLocale} onDone={closeDialog} /> : null}
        {dialog?.kind === 'edit' ? (
          <UserForm
            key={dialog.user.id}
            user={dialog.user}
            defaultLocale={defaultLocale}
            isSelf={dialog.user.id === currentUserId}
            onDone={closeDialog}
          />
        ) : null}
      </Modal>

      <Modal
        opened={dialogState.opened && dialog?.kind === 'password'}
        onClose={closeDialog}
        title={t('users.resetPasswordTitle')}
        fullScreen={isPhone}
      >
        {dialog?.kind === 'password' ? (
          <ResetPasswordForm key={dialog.user.id} user={dialog.user} onDone={closeDialog} />
        ) : null}
      </Modal>
    </>
  );
}
