import { PasswordChangeRequest } from '@bantu/contracts';
import { PasswordInput, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { isApiError } from '@/lib/http';
import { FormActions } from '@/ui/FormActions';
import { showSubmitProblem } from '@/ui/formErrors';
import { notifySuccess } from '@/ui/notify';
import { zodResolver } from '@/ui/zodResolver';
import { useChangePassword } from './profile.hooks';

interface PasswordValues {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

export function PasswordForm() {
  const { t } = useTranslation();
  const changePassword = useChangePassword();
  const schemaErrors = zodResolver<PasswordValues>(PasswordChangeRequest, {
    transform: ({ currentPassword, newPassword }) => ({ currentPassword, newPassword }),
    messages: { newPassword: t('validation.passwordMustDiffer') },
  });
  const form = useForm<PasswordValues>({
    initialValues: { currentPassword: '', newPassword: '', confirmPassword: '' },
    validate: (values) => {
      const errors = schemaErrors(values);
      if (values.confirmPassword !== values.newPassword) errors.confirmPassword = t('validation.passwordMismatch');
      return errors;
    },
  });

  const submit = form.onSubmit(({ currentPassword, newPassword }) => {
    changePassword.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          form.reset();
          notifySuccess(t('profile.passwordChanged'));
        },
        onError: (error) => {
          if (isApiError(error) && error.fieldErrorMap().currentPassword !== undefined) {
            form.setFieldError('currentPassword', t('profile.wrongCurrentPassword'));
            return;
          }
          showSubmitProblem(form, error);
        },
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <PasswordInput
          label={t('profile.currentPassword')}
          autoComplete="current-password"
          required
          {...form.getInputProps('currentPassword')}
        />
        <PasswordInput
          label={t('profile.newPassword')}
          description={t('profile.newPasswordHint')}
          autoComplete="new-password"
          required
          {...form.getInputProps('newPassword')}
        />
        <PasswordInput
          label={t('profile.confirmPassword')}
          autoComplete="new-password"
          required
          {...form.getInputProps('confirmPassword')}
        />
        <FormActions submitLabel={t('profile.changePassword')} loading={changePassword.isPending} />
      </Stack>
    </form>
  );
}
