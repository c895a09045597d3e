import type { PriorityResponse, SlaRuleResponse } from '@bantu/contracts';
import { Alert, Anchor, Badge, Button, Stack, Table, Text } from '@mantine/core';
import { IconCalendarTime, IconPlus } from '@tabler/icons-react';
import { Trans, useTranslation } from 'react-i18next';
import { Link } from '@/lib/router';
import { useBusinessCalendar } from '@/features/sla/sla.hooks';
import { ActiveBadge } from '@/ui/ActiveBadge';
import { ColorDot } from '@/ui/ColorDot';
import { CrudRowActions, DeleteConfirm, EntityFormModal, useCrudDialogs } from '@/ui/crud';
import { PageHeader } from '@/ui/PageHeader';
import { ProblemAlert } from '@/ui/ProblemAlert';
import { TableShell } from '@/ui/TableShell';
import { SlaRuleForm } from './SlaRuleForm';
import { useDeleteSlaRule, useSlaRules } from './sla-rules.hooks';

export interface SlaRulesPanelProps {
  /** All priorities, inactive ones included, to name and colour each rule. */
  priorities: PriorityResponse[];
  prioritiesError?: unknown;
}

export function SlaRulesPanel({ priorities, prioritiesError }: SlaRulesPanelProps) {
  const { t } = useTranslation();
  const dialogs = useCrudDialogs<SlaRuleResponse>();
  const list = useSlaRules();
  const calendar = useBusinessCalendar();
  const alwaysOpen = calendar.data?.alwaysOpen;
  const remove = useDeleteSlaRule();

  const byId = new Map(priorities.map((p) => [p.id, p]));
  const rules = [...(list.data ?? [])].sort(
    (a, b) => (byId.get(a.priorityId)?.level ?? 999) - (byId.get(b.priorityId)?.level ?? 999),
  );
  const priorityName = (rule: SlaRuleResponse) => byId.get(rule.priorityId)?.name ?? t('slaRules.unknownPriority');
  /** What a rule's clock really counts: a business-hours rule on a 24x7 calendar counts every minute. */
  const clockMode = (rule: SlaRuleResponse) =>
    !rule.businessHours ? 'wall' : alwaysOpen === true ? 'businessOnAlwaysOpen' : 'business';
  const hours = (value: number | null) => (value === null ? '—' : t('slaRules.hours', { hours: value }));

  return (
    <>
      <PageHeader
        title={t('slaRules.title')}
        description={t('slaRules.subtitle')}
        actions={
          <Button leftSection={<IconPlus size={18} />} onClick={dialogs.openCreate}>
            {t('slaRules.create')}
          </Button>
        }
      />
      <Stack gap="md">
        {prioritiesError ? <ProblemAlert error={prioritiesError} /> : null}
        {list.isError ? <ProblemAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
        {calendar.data ? (
          <Alert
            variant="light"
            color={calendar.data.alwaysOpen ? 'yellow' : 'blue'}
            icon={<IconCalendarTime size={18} />}
            data-testid="sla-rules-calendar"
          >
            <Trans
              t={t}
              i18nKey={calendar.data.alwaysOpen ? 'sla.rules.calendarAlwaysOpen' : 'sla.rules.calendarWorking'}
              values={{ timezone: calendar.data.timezone }}
              components={{ calendar: <Anchor component={Link} to="/admin/sla-calendar" inherit /> }}
            />
          </Alert>
        ) : null}
        <TableShell
          caption={t('slaRules.title')}
          minWidth={780}
          phoneColumns={[0, 3, 5, 6]}
          loading={list.isPending}
          empty={list.isSuccess && rules.length === 0 ? t('slaRules.empty') : false}
          head={
            <Table.Tr>
              <Table.Th>{t('slaRules.priority')}</Table.Th>
              <Table.Th>{t('slaRules.resolutionColumn')}</Table.Th>
              <Table.Th>{t('slaRules.firstResponseColumn')}</Table.Th>
              <Table.Th>{t('sla.rules.clockColumn')}</Table.Th>
              <Table.Th>{t('slaRules.description')}</Table.Th>
              <Table.Th>{t('common.status')}</Table.Th>
              <Table.Th ta="right">{t('common.actions')}</Table.Th>
            </Table.Tr>
          }
        >
          {rules.map((rule) => {
            const name = priorityName(rule);
            return (
              <Table.Tr key={rule.id}>
                <Table.Td>
                  <ColorDot color={byId.get(rule.priorityId)?.color ?? 'gray'} label={name} />
                </Table.Td>
                <Table.Td>{hours(rule.durationHours)}</Table.Td>
                <Table.Td>{hours(rule.firstResponseHours)}</Table.Td>
                <Table.Td>
                  <Badge
                    size="sm"
                    variant="light"
                    color={clockMode(rule) === 'business' ? 'blue' : 'grape'}
                    tt="none"
                    styles={{
                      root: { height: 'auto', paddingBlock: 2, maxWidth: '100%' },
                      label: { whiteSpace: 'normal', overflow: 'visible', textOverflow: 'clip' },
                    }}
                    data-mode={clockMode(rule)}
                  >
                    {t(
                      clockMode(rule) === 'business'
                        ? 'sla.rules.businessBadge'
                        : clockMode(rule) === 'wall'
                          ? 'sla.rules.wallBadge'
                          : 'sla.rules.businessOnAlwaysOpenBadge',
                    )}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c={rule.description ? undefined : 'dimmed'} lineClamp={2}>
                    {rule.description ?? '—'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <ActiveBadge active={rule.isActive} />
                </Table.Td>
                <Table.Td>
                  <CrudRowActions
                    item={rule}
                    dialogs={dialogs}
                    editLabel={t('slaRules.editFor', { name })}
                    deleteLabel={t('slaRules.deleteFor', { name })}
                  />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </TableShell>
      </Stack>

      <EntityFormModal dialogs={dialogs} createTitle={t('slaRules.createTitle')} editTitle={t('slaRules.editTitle')}>
        {(rule) => <SlaRuleForm rule={rule} priorities={priorities} onDone={dialogs.close} />}
      </EntityFormModal>

      <DeleteConfirm
        dialogs={dialogs}
        remove={remove}
        title={t('slaRules.deleteTitle')}
        message={(rule) => t('slaRules.deleteConfirm', { name: priorityName(rule) })}
        deleted={(rule) => t('slaRules.deleted', { name: priorityName(rule) })}
      />
    </>
  );
}
