import {
  EscalationLevelCreateRequest,
  SLA_CHANNELS,
  SLA_LEVEL_ACTIONS,
  SLA_LEVEL_TRIGGERS,
  SLA_RECIPIENTS,
} from '@bantu/contracts';
import type {
  EscalationLevelResponse,
  EscalationLevelUpdateRequest,
  PriorityResponse,
  SlaChannel,
  SlaLevelAction,
  SlaLevelTrigger,
  SlaRecipient,
} from '@bantu/contracts';
import {
  Checkbox,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { FormActions } from '@/ui/FormActions';
import { showSubmitProblem } from '@/ui/formErrors';
import { notifySuccess } from '@/ui/notify';
import { zodResolver } from '@/ui/zodResolver';
import { formatBusinessMinutes } from './businessTime';
import { useCreateEscalationLevel, useUpdateEscalationLevel } from './sla.hooks';

interface LevelValues {
  name: string;
  action: SlaLevelAction;
  trigger: SlaLevelTrigger;
  percent: number | string;
  offsetMinutes: number | string;
  recipients: SlaRecipient[];
  channels: SlaChannel[];
  priorityIds: string[];
  urgent: boolean;
  isActive: boolean;
}

function toRequest(v: LevelValues) {
  return {
    name: v.name.trim(),
    action: v.action,
    trigger: v.trigger,
    percent: v.trigger === 'percent' ? (typeof v.percent === 'number' ? v.percent : null) : null,
    offsetMinutes:
      v.trigger === 'after_deadline' ? (typeof v.offsetMinutes === 'number' ? v.offsetMinutes : null) : null,
    recipients: v.recipients,
    channels: v.channels,
    priorityIds: v.priorityIds,
    urgent: v.urgent,
    isActive: v.isActive,
  };
}

/** Recipient names are written for sentences ("→ penanggung jawab"); a checkbox starts upper case. */
const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

export interface EscalationLevelFormProps {
  level?: EscalationLevelResponse;
  priorities: PriorityResponse[];
  onDone: () => void;
}

export function EscalationLevelForm({ level, priorities, onDone }: EscalationLevelFormProps) {
  const { t, i18n } = useTranslation();
  const create = useCreateEscalationLevel();
  const update = useUpdateEscalationLevel();
  const form = useForm<LevelValues>({
    initialValues: {
      name: level?.name ?? '',
      action: level?.action ?? 'warning',
      trigger: level?.trigger ?? 'percent',
      percent: level?.percent ?? 75,
      offsetMinutes: level?.offsetMinutes ?? 120,
      recipients: level?.recipients ?? ['assignee'],
      channels: level?.channels ?? ['in_app'],
      priorityIds: level?.priorityIds ?? [],
      urgent: level?.urgent ?? false,
      isActive: level?.isActive ?? true,
    },
    validate: zodResolver<LevelValues>(EscalationLevelCreateRequest, {
      transform: toRequest,
      messages: {
        percent: (issue) => (issue.code === 'custom' ? t('validation.required') : undefined),
        offsetMinutes: (issue) => (issue.code === 'custom' ? t('validation.required') : undefined),
      },
    }),
  });

  const submit = form.onSubmit((values) => {
    const body = toRequest(values);
    const done = (message: string) => () => {
      notifySuccess(message);
      onDone();
    };
    const onError = (error: unknown) => showSubmitProblem(form, error);
    if (!level) {
      create.mutate(body, { onSuccess: done(t('sla.levels.created', { name: body.name })), onError });
      return;
    }
    const changes: EscalationLevelUpdateRequest = {};
    if (body.name !== level.name) changes.name = body.name;
    if (body.action !== level.action) changes.action = body.action;
    // A trigger travels with its number: the server checks them together.
    if (
      body.trigger !== level.trigger ||
      body.percent !== level.percent ||
      body.offsetMinutes !== level.offsetMinutes
    ) {
      changes.trigger = body.trigger;
      changes.percent = body.percent;
      changes.offsetMinutes = body.offsetMinutes;
    }
    if (!sameSet(body.recipients, level.recipients)) changes.recipients = body.recipients;
    if (!sameSet(body.channels, level.channels)) changes.channels = body.channels;
    if (!sameSet(body.priorityIds, level.priorityIds)) changes.priorityIds = body.priorityIds;
    if (body.urgent !== level.urgent) changes.urgent = body.urgent;
    if (body.isActive !== level.isActive) changes.isActive = body.isActive;
    if (Object.keys(changes).length === 0) {
      onDone();
      return;
    }
    update.mutate(
      { levelId: level.id, changes },
      { onSuccess: done(t('sla.levels.updated', { name: body.name })), onError },
    );
  });

  const offset = form.values.offsetMinutes;
  const priorityData = priorities
    .filter((p) => p.isActive || form.values.priorityIds.includes(p.id))
    .map((p) => ({ value: p.id, label: p.name }));

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <TextInput
          label={t('sla.levels.name')}
          required
          maxLength={120}
          data-autofocus
          {...form.getInputProps('name')}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
          <Select
            label={t('sla.levels.action')}
            data={SLA_LEVEL_ACTIONS.map((a) => ({ value: a, label: t(`sla.levels.actions.${a}`) }))}
            allowDeselect={false}
            {...form.getInputProps('action')}
          />
          <Select
            label={t('sla.levels.trigger')}
            data={SLA_LEVEL_TRIGGERS.map((a) => ({ value: a, label: t(`sla.levels.triggers.${a}`) }))}
            allowDeselect={false}
            {...form.getInputProps('trigger')}
          />
        </SimpleGrid>
        {form.values.trigger === 'percent' ? (
          <NumberInput
            label={t('sla.levels.percent')}
            description={t('sla.levels.percentHint')}
            min={1}
            max={1000}
            allowDecimal={false}
            allowNegative={false}
            suffix=" %"
            required
            {...form.getInputProps('percent')}
          />
        ) : null}
        {form.values.trigger === 'after_deadline' ? (
          <NumberInput
            label={t('sla.levels.offsetMinutes')}
            description={
              typeof offset === 'number'
                ? t('sla.levels.offsetHintValue', { time: formatBusinessMinutes(offset, i18n.language) })
                : t('sla.levels.offsetHint')
            }
            min={0}
            max={525600}
            allowDecimal={false}
            allowNegative={false}
            required
            {...form.getInputProps('offsetMinutes')}
          />
        ) : null}
        {form.values.trigger === 'at_risk' ? (
          <Text size="sm" c="dimmed">
            {t('sla.levels.atRiskNote')}
          </Text>
        ) : null}
        <Checkbox.Group label={t('sla.levels.recipients')} required {...form.getInputProps('recipients')}>
          <Group gap="md" mt={6}>
            {SLA_RECIPIENTS.map((r) => (
              <Checkbox key={r} value={r} label={capitalize(t(`sla.levels.recipient.${r}`))} />
            ))}
          </Group>
        </Checkbox.Group>
        <Checkbox.Group label={t('sla.levels.channels')} required {...form.getInputProps('channels')}>
          <Group gap="md" mt={6}>
            {SLA_CHANNELS.map((c) => (
              <Checkbox key={c} value={c} label={t(`sla.levels.channel.${c}`)} />
            ))}
          </Group>
        </Checkbox.Group>
        <MultiSelect
          label={t('sla.levels.priorities')}
          description={t('sla.levels.prioritiesHint')}
          placeholder={form.values.priorityIds.length === 0 ? t('sla.levels.allPriorities') : undefined}
          data={priorityData}
          clearable
          {...form.getInputProps('priorityIds')}
        />
        <Switch
          label={t('sla.levels.urgent')}
          description={t('sla.levels.urgentHint')}
          {...form.getInputProps('urgent', { type: 'checkbox' })}
        />
        <Switch label={t('sla.levels.isActive')} {...form.getInputProps('isActive', { type: 'checkbox' })} />
        <FormActions
          submitLabel={level ? t('common.save') : t('sla.levels.createSubmit')}
          loading={create.isPending || update.isPending}
          onCancel={onDone}
        />
      </Stack>
    </form>
  );
}
