import type { CategoryResponse } from '@bantu/contracts';
import { Button, Stack, Table, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '@/lib/http';
import { ActiveBadge } from '@/ui/ActiveBadge';
import { CrudRowActions, DeleteConfirm, EntityFormModal, useCrudDialogs, useToggleActive } from '@/ui/crud';
import { PageHeader } from '@/ui/PageHeader';
import { ProblemAlert } from '@/ui/ProblemAlert';
import { TableShell } from '@/ui/TableShell';
import { CategoryForm } from './CategoryForm';
import { useCategories, useDeleteCategory, useUpdateCategory } from './categories.hooks';

export function CategoriesPanel() {
  const { t } = useTranslation();
  const dialogs = useCrudDialogs<CategoryResponse>();
  const list = useCategories({ includeInactive: true });
  const update = useUpdateCategory();
  const remove = useDeleteCategory();
  const categories = list.data?.items ?? [];

  const toggleActive = useToggleActive<CategoryResponse>(update, (isActive, name) =>
    t(isActive ? 'categories.activated' : 'categories.deactivated', { name }),
  );

  return (
    <>
      <PageHeader
        title={t('categories.title')}
        description={t('categories.subtitle')}
        actions={
          <Button leftSection={<IconPlus size={18} />} onClick={dialogs.openCreate}>
            {t('categories.create')}
          </Button>
        }
      />
      <Stack gap="md">
        {list.isError ? <ProblemAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
        <TableShell
          caption={t('categories.title')}
          minWidth={560}
          phoneColumns={[0, 2, 3]}
          loading={list.isPending}
          empty={list.isSuccess && categories.length === 0 ? t('categories.empty') : false}
          head={
            <Table.Tr>
              <Table.Th>{t('categories.name')}</Table.Th>
              <Table.Th>{t('categories.description')}</Table.Th>
              <Table.Th>{t('common.status')}</Table.Th>
              <Table.Th ta="right">{t('common.actions')}</Table.Th>
            </Table.Tr>
          }
        >
          {categories.map((category) => (
            <Table.Tr key={category.id}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {category.name}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" c={category.description ? undefined : 'dimmed'} lineClamp={2}>
                  {category.description ?? '—'}
                </Text>
              </Table.Td>
              <Table.Td>
                <ActiveBadge active={category.isActive} />
              </Table.Td>
              <Table.Td>
                <CrudRowActions
                  item={category}
                  dialogs={dialogs}
                  editLabel={t('common.editNamed', { name: category.name })}
                  deleteLabel={t('common.deleteNamed', { name: category.name })}
                  toggle={{
                    active: category.isActive,
                    activateLabel: t('common.activateNamed', { name: category.name }),
                    deactivateLabel: t('common.deactivateNamed', { name: category.name }),
                    onToggle: () => toggleActive(category),
                  }}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </TableShell>
      </Stack>

      <EntityFormModal
        dialogs={dialogs}
        createTitle={t('categories.createTitle')}
        editTitle={t('categories.editTitle')}
      >
        {(category) => <CategoryForm category={category} onDone={dialogs.close} />}
      </EntityFormModal>

      <DeleteConfirm
        dialogs={dialogs}
        remove={remove}
        title={t('categories.deleteTitle')}
        message={(category) => t('categories.deleteConfirm', { name: category.name })}
        deleted={(category) => t('categories.deleted', { name: category.name })}
        problemHint={(error) => (isApiError(error) && error.code === 'IN_USE' ? t('categories.inUseHint') : undefined)}
      />
    </>
  );
}
