import { PriorityCreateRequest } from '@bantu/contracts';
import type { PriorityResponse, PriorityUpdateRequest } from '@bantu/contracts';
import { ColorInput, NumberInput, SimpleGrid, Stack, Switch, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { blankToNull } from '@/lib/format';
import { FormActions } from '@/ui/FormActions';
import { showSubmitProblem } from '@/ui/formErrors';
import { notifySuccess } from '@/ui/notify';
import { zodResolver } from '@/ui/zodResolver';
import { useCreatePriority, useUpdatePriority } from './priorities.hooks';

const SWATCHES = ['#e03131', '#f76707', '#f59f00', '#37b24d', '#1c7ed6', '#7048e8', '#868e96'];

interface PriorityValues {
  name: string;
  description: string;
  level: number | string;
  color: string;
  isActive: boolean;
  isDefault: boolean;
}

function toRequest(v: PriorityValues) {
  return {
    name: v.name,
    description: blankToNull(v.description),
    level: typeof v.level === 'number' ? v.level : undefined,
    color: v.color.trim().toLowerCase(),
    isActive: v.isActive,
    isDefault: v.isDefault,
  };
}

export interface PriorityFormProps {
  priority?: PriorityResponse;
  /** Suggested level for a new priority (one after the least urgent). */
  nextLevel: number;
  onDone: () => void;
}

export function PriorityForm({ priority, nextLevel, onDone }: PriorityFormProps) {
  const { t } = useTranslation();
  const create = useCreatePriority();
  const update = useUpdatePriority();
  const form = useForm<PriorityValues>({
    initialValues: {
      name: priority?.name ?? '',
      description: priority?.description ?? '',
      level: priority?.level ?? nextLevel,
      color: priority?.color ?? '#1c7ed6',
      isActive: priority?.isActive ?? true,
      isDefault: priority?.isDefault ?? false,
    },
    validate: zodResolver<PriorityValues>(PriorityCreateRequest, {
      transform: toRequest,
      messages: { color: t('validation.color') },
    }),
  });

  // A duplicate may be the name or the level: the server's detail says which.
  const onError = (error: unknown) => showSubmitProblem(form, error);

  const submit = form.onSubmit((values) => {
    const body = toRequest(values);
    if (body.level === undefined) return;
    if (!priority) {
      create.mutate(
        { ...body, level: body.level },
        {
          onSuccess: (created) => {
            notifySuccess(t('priorities.created', { name: created.name }));
            onDone();
          },
          onError,
        },
      );
      return;
    }
    const changes: PriorityUpdateRequest = {};
    if (body.name.trim() !== priority.name) changes.name = body.name;
    if (body.description !== priority.description) changes.description = body.description;
    if (body.level !== priority.level) changes.level = body.level;
    if (body.color !== priority.color.toLowerCase()) changes.color = body.color;
    if (body.isActive !== priority.isActive) changes.isActive = body.isActive;
    if (body.isDefault !== (priority.isDefault ?? false)) changes.isDefault = body.isDefault;
    if (Object.keys(changes).length === 0) {
      onDone();
      return;
    }
    update.mutate(
      { id: priority.id, changes },
      {
        onSuccess: (updated) => {
          notifySuccess(t('priorities.updated', { name: updated.name }));
          onDone();
        },
        onError,
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <TextInput label={t('priorities.name')} required data-autofocus {...form.getInputProps('name')} />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
          <NumberInput
            label={t('priorities.level')}
            description={t('priorities.levelHint')}
            min={1}
            max={100}
            allowDecimal={false}
            allowNegative={false}
            required
            {...form.getInputProps('level')}
          />
          <ColorInput
            label={t('priorities.color')}
            description={t('priorities.colorHint')}
            format="hex"
            swatches={SWATCHES}
            swatchesPerRow={7}
            withEyeDropper={false}
            required
            {...form.getInputProps('color')}
          />
        </SimpleGrid>
        <Textarea
          label={t('priorities.description')}
          autosize
          minRows={2}
          maxRows={6}
          {...form.getInputProps('description')}
        />
        <Switch
          label={t('priorities.isActive')}
          description={t('priorities.isActiveHint')}
          {...form.getInputProps('isActive', { type: 'checkbox' })}
        />
        <Switch
          label={t('priorities.isDefault')}
          description={t('priorities.isDefaultHint')}
          {...form.getInputProps('isDefault', { type: 'checkbox' })}
        />
        <FormActions
          submitLabel={priority ? t('common.save') : t('priorities.createSubmit')}
          loading={create.isPending || update.isPending}
          onCancel={onDone}
        />
      </Stack>
    </form>
  );
}
