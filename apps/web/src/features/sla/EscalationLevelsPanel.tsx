import type { EscalationLevelResponse, PriorityResponse, SlaLevelAction } from '@bantu/contracts';
import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { IconAlarm, IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ActiveBadge } from '@/ui/ActiveBadge';
import { CrudRowActions, DeleteConfirm, EntityFormModal, useCrudDialogs } from '@/ui/crud';
import { PageHeader } from '@/ui/PageHeader';
import { ProblemAlert } from '@/ui/ProblemAlert';
import { TableShell } from '@/ui/TableShell';
import { EscalationLevelForm } from './EscalationLevelForm';
import { levelWhen } from './levelText';
import { useDeleteEscalationLevel, useEscalationLevels } from './sla.hooks';

export const ACTION_COLORS: Record<SlaLevelAction, string> = { warning: 'orange', breach: 'red', escalation: 'grape' };

export interface EscalationLevelsPanelProps {
  priorities: PriorityResponse[];
  prioritiesError?: unknown;
}

/** Admin Panel: who is told what, and when, as a ticket nears and passes its deadline. */
export function EscalationLevelsPanel({ priorities, prioritiesError }: EscalationLevelsPanelProps) {
  const { t, i18n } = useTranslation();
  const list = useEscalationLevels();
  const remove = useDeleteEscalationLevel();
  const dialogs = useCrudDialogs<EscalationLevelResponse>();
  const levels = list.data ?? [];
  const priorityName = new Map(priorities.map((p) => [p.id, p.name]));

  return (
    <>
      <PageHeader
        title={t('sla.levels.title')}
        description={t('sla.levels.subtitle')}
        actions={
          <Button leftSection={<IconPlus size={18} />} onClick={dialogs.openCreate}>
            {t('sla.levels.create')}
          </Button>
        }
      />
      <Stack gap="md">
        {prioritiesError ? <ProblemAlert error={prioritiesError} /> : null}
        {list.isError ? <ProblemAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
        <TableShell
          caption={t('sla.levels.title')}
          minWidth={860}
          phoneColumns={[0, 5, 6]}
          loading={list.isPending}
          empty={list.isSuccess && levels.length === 0 ? t('sla.levels.empty') : false}
          head={
            <Table.Tr>
              <Table.Th>{t('sla.levels.name')}</Table.Th>
              <Table.Th>{t('sla.levels.whenColumn')}</Table.Th>
              <Table.Th>{t('sla.levels.recipients')}</Table.Th>
              <Table.Th>{t('sla.levels.channels')}</Table.Th>
              <Table.Th>{t('sla.levels.priorities')}</Table.Th>
              <Table.Th>{t('common.status')}</Table.Th>
              <Table.Th ta="right">{t('common.actions')}</Table.Th>
            </Table.Tr>
          }
        >
          {levels.map((level) => (
            <Table.Tr key={level.id}>
              <Table.Td>
                <Stack gap={4} align="flex-start">
                  <Text size="sm" fw={500}>
                    {level.name}
                  </Text>
                  <Group gap={4}>
                    <Badge size="sm" variant="light" color={ACTION_COLORS[level.action]}>
                      {t(`sla.levels.actions.${level.action}`)}
                    </Badge>
                    {level.urgent ? (
                      <Badge size="sm" variant="outline" color="red" leftSection={<IconAlarm size={12} />}>
                        {t('sla.levels.urgentBadge')}
                      </Badge>
                    ) : null}
                  </Group>
                </Stack>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{levelWhen(t, level, i18n.language)}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{level.recipients.map((r) => t(`sla.levels.recipient.${r}`)).join(', ')}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{level.channels.map((c) => t(`sla.levels.channel.${c}`)).join(', ')}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" c={level.priorityIds.length === 0 ? 'dimmed' : undefined}>
                  {level.priorityIds.length === 0
                    ? t('sla.levels.allPriorities')
                    : level.priorityIds.map((id) => priorityName.get(id) ?? '—').join(', ')}
                </Text>
              </Table.Td>
              <Table.Td>
                <ActiveBadge active={level.isActive} />
              </Table.Td>
              <Table.Td>
                <CrudRowActions
                  item={level}
                  dialogs={dialogs}
                  editLabel={t('sla.levels.editFor', { name: level.name })}
                  deleteLabel={t('sla.levels.deleteFor', { name: level.name })}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </TableShell>
      </Stack>

      <EntityFormModal
        dialogs={dialogs}
        createTitle={t('sla.levels.createTitle')}
        editTitle={t('sla.levels.editTitle')}
        size="lg"
      >
        {(level) => <EscalationLevelForm level={level} priorities={priorities} onDone={dialogs.close} />}
      </EntityFormModal>

      <DeleteConfirm
        dialogs={dialogs}
        remove={remove}
        title={t('sla.levels.deleteTitle')}
        message={(level) => t('sla.levels.deleteConfirm', { name: level.name })}
        deleted={(level) => t('sla.levels.deleted', { name: level.name })}
      />
    </>
  );
}
