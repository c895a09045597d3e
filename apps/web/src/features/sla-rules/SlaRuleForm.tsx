import { SlaRuleCreateRequest } from '@bantu/contracts';
import type { PriorityResponse, SlaRuleResponse, SlaRuleUpdateRequest } from '@bantu/contracts';
import { NumberInput, Select, SimpleGrid, Stack, Switch, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { isApiError } from '@/lib/http';
import { blankToNull } from '@/lib/format';
import { ColorDot } from '@/ui/ColorDot';
import { FormActions } from '@/ui/FormActions';
import { showSubmitProblem } from '@/ui/formErrors';
import { notifySuccess } from '@/ui/notify';
import { zodResolver } from '@/ui/zodResolver';
import { useCreateSlaRule, useUpdateSlaRule } from './sla-rules.hooks';

interface SlaRuleValues {
  priorityId: string | null;
  durationHours: number | string;
  firstResponseHours: number | string;
  description: string;
  businessHours: boolean;
  isActive: boolean;
}

function toRequest(v: SlaRuleValues) {
  return {
    priorityId: v.priorityId ?? undefined,
    durationHours: typeof v.durationHours === 'number' ? v.durationHours : undefined,
    firstResponseHours: typeof v.firstResponseHours === 'number' ? v.firstResponseHours : null,
    description: blankToNull(v.description),
    businessHours: v.businessHours,
    isActive: v.isActive,
  };
}

export interface SlaRuleFormProps {
  rule?: SlaRuleResponse;
  priorities: PriorityResponse[];
  onDone: () => void;
}

export function SlaRuleForm({ rule, priorities, onDone }: SlaRuleFormProps) {
  const { t } = useTranslation();
  const create = useCreateSlaRule();
  const update = useUpdateSlaRule();
  const form = useForm<SlaRuleValues>({
    initialValues: {
      priorityId: rule?.priorityId ?? null,
      durationHours: rule?.durationHours ?? 24,
      firstResponseHours: rule?.firstResponseHours ?? '',
      description: rule?.description ?? '',
      businessHours: rule?.businessHours ?? true,
      isActive: rule?.isActive ?? true,
    },
    validate: zodResolver<SlaRuleValues>(SlaRuleCreateRequest, {
      transform: toRequest,
      messages: { firstResponseHours: t('validation.firstResponseTooLong'), priorityId: t('validation.required') },
    }),
  });

  const onError = (error: unknown) => {
    // A priority has at most one active rule: the only duplicate there is.
    if (isApiError(error) && error.code === 'DUPLICATE') {
      form.setFieldError('priorityId', t('slaRules.duplicate'));
      return;
    }
    showSubmitProblem(form, error);
  };

  const submit = form.onSubmit((values) => {
    const body = toRequest(values);
    if (body.priorityId === undefined || body.durationHours === undefined) return;
    const complete = { ...body, priorityId: body.priorityId, durationHours: body.durationHours };
    if (!rule) {
      create.mutate(complete, {
        onSuccess: () => {
          notifySuccess(t('slaRules.created'));
          onDone();
        },
        onError,
      });
      return;
    }
    const changes: SlaRuleUpdateRequest = {};
    if (complete.priorityId !== rule.priorityId) changes.priorityId = complete.priorityId;
    if (complete.durationHours !== rule.durationHours) changes.durationHours = complete.durationHours;
    if (complete.firstResponseHours !== rule.firstResponseHours)
      changes.firstResponseHours = complete.firstResponseHours;
    if (complete.description !== rule.description) changes.description = complete.description;
    if (complete.isActive !== rule.isActive) changes.isActive = complete.isActive;
    if (complete.businessHours !== rule.businessHours) changes.businessHours = complete.businessHours;
    if (Object.keys(changes).length === 0) {
      onDone();
      return;
    }
    // The server checks first response <= resolution on the merged rule; send both when either changes.
    if (changes.firstResponseHours !== undefined || changes.durationHours !== undefined) {
      changes.durationHours = complete.durationHours;
      changes.firstResponseHours = complete.firstResponseHours;
    }
    update.mutate(
      { id: rule.id, changes },
      {
        onSuccess: () => {
          notifySuccess(t('slaRules.updated'));
          onDone();
        },
        onError,
      },
    );
  });

  const byId = new Map(priorities.map((p) => [p.id, p]));
  const priorityData = priorities
    .filter((p) => p.isActive || p.id === rule?.priorityId)
    .map((p) => ({ value: p.id, label: p.isActive ? p.name : `${p.name} (${t('common.inactive')})` }));

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Select
          label={t('slaRules.priority')}
          placeholder={t('slaRules.priorityPlaceholder')}
          data={priorityData}
          allowDeselect={false}
          required
          data-autofocus
          nothingFoundMessage={t('slaRules.noPriorities')}
          renderOption={({ option }) => (
            <ColorDot color={byId.get(String(option.value))?.color ?? 'gray'} label={option.label} />
          )}
          {...form.getInputProps('priorityId')}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
          <NumberInput
            label={t('slaRules.durationHours')}
            description={t('slaRules.durationHint')}
            min={1}
            max={8760}
            allowDecimal={false}
            allowNegative={false}
            required
            {...form.getInputProps('durationHours')}
          />
          <NumberInput
            label={t('slaRules.firstResponseHours')}
            description={t('slaRules.firstResponseHint')}
            min={1}
            max={8760}
            allowDecimal={false}
            allowNegative={false}
            {...form.getInputProps('firstResponseHours')}
          />
        </SimpleGrid>
        <Textarea
          label={t('slaRules.description')}
          autosize
          minRows={2}
          maxRows={6}
          {...form.getInputProps('description')}
        />
        <Switch
          label={t('sla.rules.businessHours')}
          description={t('sla.rules.businessHoursHint')}
          {...form.getInputProps('businessHours', { type: 'checkbox' })}
        />
        <Switch
          label={t('slaRules.isActive')}
          description={t('slaRules.isActiveHint')}
          {...form.getInputProps('isActive', { type: 'checkbox' })}
        />
        <FormActions
          submitLabel={rule ? t('common.save') : t('slaRules.createSubmit')}
          loading={create.isPending || update.isPending}
          onCancel={onDone}
        />
      </Stack>
    </form>
  );
}
