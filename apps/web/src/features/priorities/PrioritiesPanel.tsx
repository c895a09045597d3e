import type { PriorityResponse } from '@bantu/contracts';
import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '@/lib/http';
import { ActiveBadge } from '@/ui/ActiveBadge';
import { ColorDot } from '@/ui/ColorDot';
import { CrudRowActions, DeleteConfirm, EntityFormModal, useCrudDialogs, useToggleActive } from '@/ui/crud';
import { PageHeader } from '@/ui/PageHeader';
import { ProblemAlert } from '@/ui/ProblemAlert';
import { TableShell } from '@/ui/TableShell';
import { PriorityForm } from './PriorityForm';
import { useDeletePriority, usePriorities, useUpdatePriority } from './priorities.hooks';

export function PrioritiesPanel() {
  const { t } = useTranslation();
  const dialogs = useCrudDialogs<PriorityResponse>();
  const list = usePriorities({ includeInactive: true });
  const update = useUpdatePriority();
  const remove = useDeletePriority();
  const priorities = list.data ?? [];
  const nextLevel = Math.min(100, Math.max(0, ...priorities.map((p) => p.level)) + 1);

  const toggleActive = useToggleActive<PriorityResponse>(update, (isActive, name) =>
    t(isActive ? 'priorities.activated' : 'priorities.deactivated', { name }),
  );

  return (
    <>
      <PageHeader
        title={t('priorities.title')}
        description={t('priorities.subtitle')}
        actions={
          <Button leftSection={<IconPlus size={18} />} onClick={dialogs.openCreate}>
            {t('priorities.create')}
          </Button>
        }
      />
      <Stack gap="md">
        {list.isError ? <ProblemAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
        <TableShell
          caption={t('priorities.title')}
          minWidth={600}
          phoneColumns={[1, 3, 4]}
          loading={list.isPending}
          empty={list.isSuccess && priorities.length === 0 ? t('priorities.empty') : false}
          head={
            <Table.Tr>
              <Table.Th w={90}>{t('priorities.level')}</Table.Th>
              <Table.Th>{t('priorities.name')}</Table.Th>
              <Table.Th>{t('priorities.description')}</Table.Th>
              <Table.Th>{t('common.status')}</Table.Th>
              <Table.Th ta="right">{t('common.actions')}</Table.Th>
            </Table.Tr>
          }
        >
          {priorities.map((priority) => (
            <Table.Tr key={priority.id}>
              <Table.Td>{priority.level}</Table.Td>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <ColorDot color={priority.color} label={priority.name} />
                  {priority.isDefault ? (
                    <Badge size="sm" variant="outline" miw="max-content">
                      {t('priorities.defaultBadge')}
                    </Badge>
                  ) : null}
                </Group>
              </Table.Td>
              <Table.Td>
                <Text size="sm" c={priority.description ? undefined : 'dimmed'} lineClamp={2}>
                  {priority.description ?? '—'}
                </Text>
              </Table.Td>
              <Table.Td>
                <ActiveBadge active={priority.isActive} />
              </Table.Td>
              <Table.Td>
                <CrudRowActions
                  item={priority}
                  dialogs={dialogs}
                  editLabel={t('common.editNamed', { name: priority.name })}
                  deleteLabel={t('common.deleteNamed', { name: priority.name })}
                  toggle={{
                    active: priority.isActive,
                    activateLabel: t('common.activateNamed', { name: priority.name }),
                    deactivateLabel: t('common.deactivateNamed', { name: priority.name }),
                    onToggle: () => toggleActive(priority),
                  }}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </TableShell>
      </Stack>

      <EntityFormModal
        dialogs={dialogs}
        createTitle={t('priorities.createTitle')}
        editTitle={t('priorities.editTitle')}
      >
        {(priority) => <PriorityForm priority={priority} nextLevel={nextLevel} onDone={dialogs.close} />}
      </EntityFormModal>

      <DeleteConfirm
        dialogs={dialogs}
        remove={remove}
        title={t('priorities.deleteTitle')}
        message={(priority) => t('priorities.deleteConfirm', { name: priority.name })}
        deleted={(priority) => t('priorities.deleted', { name: priority.name })}
        problemHint={(error) => (isApiError(error) && error.code === 'IN_USE' ? t('priorities.inUseHint') : undefined)}
      />
    </>
  );
}
