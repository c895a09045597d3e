import { CategoryCreateRequest } from '@bantu/contracts';
import type { CategoryResponse, CategoryUpdateRequest } from '@bantu/contracts';
import { Stack, Switch, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { isApiError } from '@/lib/http';
import { blankToNull } from '@/lib/format';
import { FormActions } from '@/ui/FormActions';
import { showSubmitProblem } from '@/ui/formErrors';
import { notifySuccess } from '@/ui/notify';
import { zodResolver } from '@/ui/zodResolver';
import { useCreateCategory, useUpdateCategory } from './categories.hooks';

interface CategoryValues {
  name: string;
  description: string;
  isActive: boolean;
}

function toRequest(v: CategoryValues) {
  return { name: v.name, description: blankToNull(v.description), isActive: v.isActive };
}

export interface CategoryFormProps {
  category?: CategoryResponse;
  onDone: () => void;
}

export function CategoryForm({ category, onDone }: CategoryFormProps) {
  const { t } = useTranslation();
  const create = useCreateCategory();
  const update = useUpdateCategory();
  const form = useForm<CategoryValues>({
    initialValues: {
      name: category?.name ?? '',
      description: category?.description ?? '',
      isActive: category?.isActive ?? true,
    },
    validate: zodResolver<CategoryValues>(CategoryCreateRequest, { transform: toRequest }),
  });

  const onError = (error: unknown) => {
    // The only unique field of a category is its name: say so in the interface language.
    if (isApiError(error) && error.code === 'DUPLICATE') {
      form.setFieldError('name', t('categories.nameTaken'));
      return;
    }
    showSubmitProblem(form, error);
  };

  const submit = form.onSubmit((values) => {
    const body = toRequest(values);
    if (!category) {
      create.mutate(body, {
        onSuccess: (created) => {
          notifySuccess(t('categories.created', { name: created.name }));
          onDone();
        },
        onError,
      });
      return;
    }
    const changes: CategoryUpdateRequest = {};
    if (body.name.trim() !== category.name) changes.name = body.name;
    if (body.description !== category.description) changes.description = body.description;
    if (body.isActive !== category.isActive) changes.isActive = body.isActive;
    if (Object.keys(changes).length === 0) {
      onDone();
      return;
    }
    update.mutate(
      { id: category.id, changes },
      {
        onSuccess: (updated) => {
          notifySuccess(t('categories.updated', { name: updated.name }));
          onDone();
        },
        onError,
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <TextInput label={t('categories.name')} required data-autofocus {...form.getInputProps('name')} />
        <Textarea
          label={t('categories.description')}
          autosize
          minRows={2}
          maxRows={6}
          {...form.getInputProps('description')}
        />
        <Switch
          label={t('categories.isActive')}
          description={t('categories.isActiveHint')}
          {...form.getInputProps('isActive', { type: 'checkbox' })}
        />
        <FormActions
          submitLabel={category ? t('common.save') : t('categories.createSubmit')}
          loading={create.isPending || update.isPending}
          onCancel={onDone}
        />
      </Stack>
    </form>
  );
}
