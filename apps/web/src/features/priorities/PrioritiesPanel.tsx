import type { PriorityResponse } from '@bantu/contracts';
import { Badge, Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { IconPencil, IconBan, IconCircleCheck, IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '@/lib/http';
import { ActiveBadge } from '@/ui/ActiveBadge';
import { ColorDot } from '@/ui/ColorDot';
import { ConfirmModal } from '@/ui/ConfirmModal';
import { notifyProblem, notifySuccess } from '@/ui/notify';
import { PageHeader } from '@/ui/PageHeader';
import { useDialogState } from '@/ui/useDialogState';
import { ProblemAlert } from '@/ui/ProblemAlert';
import { RowActions } from '@/ui/RowActions';
import { TableShell } from '@/ui/TableShell';
import { useIsPhone } from '@/ui/useIsPhone';
import { PriorityForm } from './PriorityForm';
import { useDeletePriority, usePriorities, useUpdatePriority } from './priorities.hooks';

type Dialog =
  { kind: 'create' } | { kind: 'edit'; priority: PriorityResponse } | { kind: 'delete'; priority: PriorityResponse };

export function PrioritiesPanel() {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const dialogState = useDialogState<Dialog>();
  const dialog = dialogState.data;
  const list = usePriorities({ includeInactive: true });
  const update = useUpdatePriority();
  const remove = useDeletePriority();
  const priorities = list.data ?? [];
  const nextLevel = Math.min(100, Math.max(0, ...priorities.map((p) => p.level)) + 1);
  const closeDialog = dialogState.close;

  const toggleActive = (priority: PriorityResponse) => {
    const isActive = !priority.isActive;
    update.mutate(
      { id: priority.id, changes: { isActive } },
      {
        onSuccess: () =>
          notifySuccess(t(isActive ? 'priorities.activated' : 'priorities.deactivated', { name: priority.name })),
        onError: (error) => notifyProblem(error),
      },
    );
  };

  const confirmDelete = (priority: PriorityResponse) => {
    remove.mutate(priority.id, {
      onSuccess: () => {
        notifySuccess(t('priorities.deleted', { name: priority.name }));
        closeDialog();
      },
      onError: (error) => {
        closeDialog();
        notifyProblem(error, isApiError(error) && error.code === 'IN_USE' ? t('priorities.inUseHint') : undefined);
      },
    });
  };

  return (
    <>
      <PageHeader
        title={t('priorities.title')}
        description={t('priorities.subtitle')}
        actions={
          <Button leftSection={<IconPlus size={18} />} onClick={() => dialogState.open({ kind: 'create' })}>
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
                <RowActions
                  actions={[
                    {
                      label: t('common.editNamed', { name: priority.name }),
                      icon: <IconPencil size={18} />,
                      onClick: () => dialogState.open({ kind: 'edit', priority }),
                    },
                    priority.isActive
                      ? {
                          label: t('common.deactivateNamed', { name: priority.name }),
                          icon: <IconBan size={18} />,
                          color: 'orange',
                          onClick: () => toggleActive(priority),
                        }
                      : {
                          label: t('common.activateNamed', { name: priority.name }),
                          icon: <IconCircleCheck size={18} />,
                          color: 'teal',
                          onClick: () => toggleActive(priority),
                        },
                    {
                      label: t('common.deleteNamed', { name: priority.name }),
                      icon: <IconTrash size={18} />,
                      color: 'red',
                      onClick: () => dialogState.open({ kind: 'delete', priority }),
                    },
                  ]}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </TableShell>
      </Stack>

      <Modal
        opened={dialogState.opened && (dialog?.kind === 'create' || dialog?.kind === 'edit')}
        onClose={closeDialog}
        title={dialog?.kind === 'edit' ? t('priorities.editTitle') : t('priorities.createTitle')}
        fullScreen={isPhone}
      >
        {dialog?.kind === 'create' ? <PriorityForm nextLevel={nextLevel} onDone={closeDialog} /> : null}
        {dialog?.kind === 'edit' ? (
          <PriorityForm
            key={dialog.priority.id}
            priority={dialog.priority}
            nextLevel={nextLevel}
            onDone={closeDialog}
          />
        ) : null}
      </Modal>

      <ConfirmModal
        opened={dialogState.opened && dialog?.kind === 'delete'}
        title={t('priorities.deleteTitle')}
        confirmLabel={t('common.delete')}
        loading={remove.isPending}
        onClose={closeDialog}
        onConfirm={() => {
          if (dialog?.kind === 'delete') confirmDelete(dialog.priority);
        }}
      >
        {dialog?.kind === 'delete' ? t('priorities.deleteConfirm', { name: dialog.priority.name }) : null}
      </ConfirmModal>
    </>
  );
}
