import { UserResetPasswordRequest } from '@bantu/contracts';
import type { UserResponse } from '@bantu/contracts';
import { PasswordInput, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { FormActions } from '@/ui/FormActions';
import { showSubmitProblem } from '@/ui/formErrors';
import { notifySuccess } from '@/ui/notify';
import { zodResolver } from '@/ui/zodResolver';
import { useResetUserPassword } from './users.hooks';

export interface ResetPasswordFormProps {
  user: UserResponse;
  onDone: () => void;
}

export function ResetPasswordForm({ user, onDone }: ResetPasswordFormProps) {
  const { t } = useTranslation();
  const resetPassword = useResetUserPassword();
  const form = useForm({
    initialValues: { password: '' },
    validate: zodResolver<{ password: string }>(UserResetPasswordRequest),
  });

  const submit = form.onSubmit(({ password }) => {
    resetPassword.mutate(
      { id: user.id, password },
      {
        onSuccess: () => {
          notifySuccess(t('users.passwordReset', { name: user.name }));
          onDone();
        },
        onError: (error) => showSubmitProblem(form, error),
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm">{t('users.resetPasswordIntro', { name: user.name, email: user.email })}</Text>
        <PasswordInput
          label={t('users.newPassword')}
          description={t('users.passwordHint')}
          autoComplete="new-password"
          required
          data-autofocus
          {...form.getInputProps('password')}
        />
        <FormActions submitLabel={t('users.resetPassword')} loading={resetPassword.isPending} onCancel={onDone} />
      </Stack>
    </form>
  );
}
