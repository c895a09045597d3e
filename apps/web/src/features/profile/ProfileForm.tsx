import { ProfileUpdateRequest } from '@bantu/contracts';
import type { Locale, UserResponse } from '@bantu/contracts';
import { Select, Stack, Switch, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { FormActions } from '@/ui/FormActions';
import { showSubmitProblem } from '@/ui/formErrors';
import { notifySuccess } from '@/ui/notify';
import { zodResolver } from '@/ui/zodResolver';
import { useUpdateProfile } from './profile.hooks';
import { languageOptions } from '@/i18n/locales';

interface ProfileValues {
  name: string;
  phone: string;
  locale: Locale;
  whatsappOptIn: boolean;
}

function toRequest(values: ProfileValues) {
  const phone = values.phone.trim();
  // WhatsApp needs a number: clearing the number turns the messages off.
  return {
    name: values.name,
    phone: phone === '' ? null : phone,
    locale: values.locale,
    whatsappOptIn: phone === '' ? false : values.whatsappOptIn,
  };
}

export interface ProfileFormProps {
  user: UserResponse;
}

export function ProfileForm({ user }: ProfileFormProps) {
  const { t } = useTranslation();
  const updateProfile = useUpdateProfile();
  const form = useForm<ProfileValues>({
    initialValues: { name: user.name, phone: user.phone ?? '', locale: user.locale, whatsappOptIn: user.whatsappOptIn },
    validate: zodResolver<ProfileValues>(ProfileUpdateRequest, {
      transform: toRequest,
      messages: { phone: t('validation.phone') },
    }),
  });

  const hasPhone = form.values.phone.trim() !== '';

  const submit = form.onSubmit((values) => {
    const next = toRequest(values);
    const changes: ProfileUpdateRequest = {};
    if (next.name.trim() !== user.name) changes.name = next.name;
    if ((next.phone ?? null) !== (user.phone ?? null)) changes.phone = next.phone;
    if (next.locale !== user.locale) changes.locale = next.locale;
    if (next.whatsappOptIn !== user.whatsappOptIn) changes.whatsappOptIn = next.whatsappOptIn;
    if (Object.keys(changes).length === 0) {
      notifySuccess(t('common.noChanges'));
      return;
    }
    updateProfile.mutate(changes, {
      onSuccess: () => {
        form.resetDirty();
        notifySuccess(t('profile.saved'));
      },
      onError: (error) => showSubmitProblem(form, error),
    });
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <TextInput label={t('profile.email')} value={user.email} readOnly variant="filled" />
        <TextInput label={t('profile.name')} required autoComplete="name" {...form.getInputProps('name')} />
        <TextInput
          label={t('profile.phone')}
          description={t('profile.phoneHint')}
          type="tel"
          autoComplete="tel"
          {...form.getInputProps('phone')}
        />
        <Switch
          label={t('profile.whatsappOptIn')}
          description={hasPhone ? t('profile.whatsappOptInHint') : t('profile.whatsappNeedsPhone')}
          disabled={!hasPhone}
          {...form.getInputProps('whatsappOptIn', { type: 'checkbox' })}
          checked={hasPhone && form.values.whatsappOptIn}
        />
        <Select
          label={t('profile.locale')}
          data={languageOptions(t)}
          allowDeselect={false}
          {...form.getInputProps('locale')}
        />
        <FormActions loading={updateProfile.isPending} />
      </Stack>
    </form>
  );
}
