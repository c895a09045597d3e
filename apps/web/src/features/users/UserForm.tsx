import { InvitationRequest, ROLES, UserCreateRequest, UserUpdateRequest } from '@bantu/contracts';
import type { Locale, Role, UserResponse } from '@bantu/contracts';
import { PasswordInput, Select, SimpleGrid, Stack, Switch, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { isApiError } from '@/lib/http';
import { blankToNull } from '@/lib/format';
import { FormActions } from '@/ui/FormActions';
import { showSubmitProblem } from '@/ui/formErrors';
import { notifySuccess } from '@/ui/notify';
import { zodResolver } from '@/ui/zodResolver';
import { useCreateUser, useInviteUser, useUpdateUser } from './users.hooks';
import { languageOptions } from '@/i18n/locales';

interface UserValues {
  name: string;
  email: string;
  password: string;
  division: string;
  role: Role;
  phone: string;
  locale: Locale;
  status: boolean;
  /** New users only: mail an invitation link instead of setting a password for them. */
  invite: boolean;
}

function toCreateRequest(v: UserValues): UserCreateRequest {
  return {
    name: v.name,
    email: v.email,
    password: v.password,
    division: blankToNull(v.division),
    role: v.role,
    phone: blankToNull(v.phone),
    locale: v.locale,
  };
}

function toInvitation(v: UserValues): InvitationRequest {
  return {
    name: v.name,
    email: v.email,
    division: blankToNull(v.division),
    role: v.role,
    phone: blankToNull(v.phone),
    locale: v.locale,
  };
}

function toUpdateFields(v: UserValues) {
  return {
    name: v.name,
    email: v.email,
    division: blankToNull(v.division),
    role: v.role,
    status: v.status,
    phone: blankToNull(v.phone),
    locale: v.locale,
  };
}

/** The fields that differ from the stored user, so PATCH sends only real changes. */
function changedFields(user: UserResponse, v: UserValues): UserUpdateRequest {
  const next = toUpdateFields(v);
  const changes: UserUpdateRequest = {};
  if (next.name.trim() !== user.name) changes.name = next.name;
  if (next.email.trim().toLowerCase() !== user.email) changes.email = next.email;
  if (next.division !== user.division) changes.division = next.division;
  if (next.role !== user.role) changes.role = next.role;
  if (next.status !== user.status) changes.status = next.status;
  if (next.phone !== user.phone) changes.phone = next.phone;
  if (next.locale !== user.locale) changes.locale = next.locale;
  return changes;
}

export interface UserFormProps {
  /** The user to edit; without it the form creates a new user. */
  user?: UserResponse;
  defaultLocale: Locale;
  /** True when an admin edits their own account: role and status stay as they are. */
  isSelf?: boolean;
  onDone: () => void;
}

export function UserForm({ user, defaultLocale, isSelf = false, onDone }: UserFormProps) {
  const { t } = useTranslation();
  const createUser = useCreateUser();
  const updateUser = useUpdateUser();
  const inviteUser = useInviteUser();
  const messages = { phone: t('validation.phone'), email: t('validation.email') };
  const form = useForm<UserValues>({
    initialValues: {
      name: user?.name ?? '',
      email: user?.email ?? '',
      password: '',
      division: user?.division ?? '',
      role: user?.role ?? 'user',
      phone: user?.phone ?? '',
      locale: user?.locale ?? defaultLocale,
      status: user?.status ?? true,
      invite: true,
    },
    validate: (values) =>
      user
        ? zodResolver<UserValues>(UserUpdateRequest, { transform: toUpdateFields, messages })(values)
        : values.invite
          ? zodResolver<UserValues>(InvitationRequest, { transform: toInvitation, messages })(values)
          : zodResolver<UserValues>(UserCreateRequest, { transform: toCreateRequest, messages })(values),
  });

  const onError = (error: unknown) => {
    // The only unique field of a user is the e-mail: say so in the interface language.
    if (isApiError(error) && error.code === 'DUPLICATE') {
      form.setFieldError('email', t('users.emailTaken'));
      return;
    }
    showSubmitProblem(form, error);
  };

  const submit = form.onSubmit((values) => {
    if (!user && values.invite) {
      inviteUser.mutate(toInvitation(values), {
        onSuccess: (invited) => {
          notifySuccess(t('users.invited', { name: invited.name, email: invited.email }));
          onDone();
        },
        onError,
      });
      return;
    }
    if (!user) {
      createUser.mutate(toCreateRequest(values), {
        onSuccess: (created) => {
          notifySuccess(t('users.created', { name: created.name }));
          onDone();
        },
        onError,
      });
      return;
    }
    const changes = changedFields(user, values);
    if (Object.keys(changes).length === 0) {
      onDone();
      return;
    }
    updateUser.mutate(
      { id: user.id, changes },
      {
        onSuccess: (updated) => {
          notifySuccess(t('users.updated', { name: updated.name }));
          onDone();
        },
        onError,
      },
    );
  });

  const roleData = ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }));
  const localeData = languageOptions(t);

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput label={t('users.name')} required data-autofocus {...form.getInputProps('name')} />
          <TextInput label={t('users.email')} type="email" required {...form.getInputProps('email')} />
          {user || form.values.invite ? null : (
            <PasswordInput
              label={t('users.password')}
              description={t('users.passwordHint')}
              autoComplete="new-password"
              required
              {...form.getInputProps('password')}
            />
          )}
          <TextInput label={t('users.division')} {...form.getInputProps('division')} />
          <Select
            label={t('users.role')}
            data={roleData}
            allowDeselect={false}
            required
            disabled={isSelf}
            description={isSelf ? t('users.selfRoleHint') : undefined}
            {...form.getInputProps('role')}
          />
          <TextInput
            label={t('users.phone')}
            description={t('users.phoneHint')}
            type="tel"
            {...form.getInputProps('phone')}
          />
          <Select label={t('users.locale')} data={localeData} allowDeselect={false} {...form.getInputProps('locale')} />
        </SimpleGrid>
        {user ? null : (
          <Switch
            label={t('users.invite')}
            description={t('users.inviteHint')}
            {...form.getInputProps('invite', { type: 'checkbox' })}
          />
        )}
        {user ? (
          <Switch
            label={t('users.accountActive')}
            description={t('users.accountActiveHint')}
            disabled={isSelf}
            {...form.getInputProps('status', { type: 'checkbox' })}
          />
        ) : null}
        <FormActions
          submitLabel={user ? t('common.save') : form.values.invite ? t('users.inviteSubmit') : t('users.createSubmit')}
          loading={createUser.isPending || updateUser.isPending || inviteUser.isPending}
          onCancel={onDone}
        />
      </Stack>
    </form>
  );
}
