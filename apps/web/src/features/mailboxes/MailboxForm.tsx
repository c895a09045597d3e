import { MailboxCreateRequest, MailboxUpdateRequest } from '@bantu/contracts';
import type { MailboxResponse, MailboxRule } from '@bantu/contracts';
import {
  ActionIcon,
  Button,
  Group,
  NumberInput,
  PasswordInput,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '@/lib/http';
import { useCategories } from '@/features/categories/categories.hooks';
import { usePriorities } from '@/features/priorities/priorities.hooks';
import { FormActions } from '@/ui/FormActions';
import { showSubmitProblem } from '@/ui/formErrors';
import { notifySuccess } from '@/ui/notify';
import { zodResolver } from '@/ui/zodResolver';
import { useCreateMailbox, useUpdateMailbox } from './mailboxes.hooks';

interface RuleValues {
  field: MailboxRule['field'];
  value: string;
  categoryId: string | null;
  priorityId: string | null;
}

interface MailboxValues {
  name: string;
  kind: 'imap' | 'smtp';
  address: string;
  isActive: boolean;
  imapHost: string;
  imapPort: number | string;
  imapTls: 'tls' | 'starttls' | 'none';
  imapUser: string;
  imapPassword: string;
  imapFolder: string;
  allowedDomains: string[];
  defaultCategoryId: string | null;
  defaultPriorityId: string | null;
  rules: RuleValues[];
}

const orNull = (v: string) => (v.trim() === '' ? null : v.trim());

function toRequest(v: MailboxValues) {
  const imap = v.kind === 'imap';
  return {
    name: v.name,
    kind: v.kind,
    address: v.address,
    isActive: v.isActive,
    imapHost: imap ? orNull(v.imapHost) : null,
    imapPort: imap && v.imapPort !== '' ? Number(v.imapPort) : null,
    imapTls: v.imapTls,
    imapUser: imap ? orNull(v.imapUser) : null,
    ...(imap && v.imapPassword ? { imapPassword: v.imapPassword } : {}),
    imapFolder: v.imapFolder || 'INBOX',
    allowedDomains: v.allowedDomains,
    defaultCategoryId: v.defaultCategoryId ?? '',
    defaultPriorityId: v.defaultPriorityId,
    rules: v.rules.map((r) => ({ field: r.field, value: r.value, categoryId: r.categoryId, priorityId: r.priorityId })),
  };
}

export interface MailboxFormProps {
  mailbox?: MailboxResponse;
  onDone: () => void;
}

/** Create or edit a mailbox: where mail comes from, who may open tickets by mail, and how they are filed. */
export function MailboxForm({ mailbox, onDone }: MailboxFormProps) {
  const { t } = useTranslation();
  const create = useCreateMailbox();
  const update = useUpdateMailbox();
  const categories = useCategories({ includeInactive: false });
  const priorities = usePriorities({ includeInactive: false });
  const categoryOptions = (categories.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }));
  const priorityOptions = (priorities.data ?? []).map((p) => ({ value: p.id, label: p.name }));
  const form = useForm<MailboxValues>({
    initialValues: {
      name: mailbox?.name ?? '',
      kind: mailbox?.kind ?? 'imap',
      address: mailbox?.address ?? '',
      isActive: mailbox?.isActive ?? true,
      imapHost: mailbox?.imapHost ?? '',
      imapPort: mailbox?.imapPort ?? '',
      imapTls: mailbox?.imapTls ?? 'tls',
      imapUser: mailbox?.imapUser ?? '',
      imapPassword: '',
      imapFolder: mailbox?.imapFolder ?? 'INBOX',
      allowedDomains: mailbox?.allowedDomains ?? [],
      defaultCategoryId: mailbox?.defaultCategoryId ?? null,
      defaultPriorityId: mailbox?.defaultPriorityId ?? null,
      rules: (mailbox?.rules ?? []).map((r) => ({
        field: r.field,
        value: r.value,
        categoryId: r.categoryId ?? null,
        priorityId: r.priorityId ?? null,
      })),
    },
    validate: mailbox
      ? zodResolver<MailboxValues>(MailboxUpdateRequest, {
          transform: (v) => {
            const { kind: _kind, ...rest } = toRequest(v);
            return rest;
          },
        })
      : zodResolver<MailboxValues>(MailboxCreateRequest, { transform: toRequest }),
  });

  const onError = (error: unknown) => {
    if (isApiError(error) && error.code === 'DUPLICATE') {
      form.setFieldError('address', t('mailboxes.addressTaken'));
      return;
    }
    showSubmitProblem(form, error);
  };

  const submit = form.onSubmit((values) => {
    const body = toRequest(values);
    if (!mailbox) {
      create.mutate(body, {
        onSuccess: (created) => {
          notifySuccess(t('mailboxes.created', { name: created.name }));
          onDone();
        },
        onError,
      });
      return;
    }
    const { kind: _kind, ...changes } = body;
    update.mutate(
      { id: mailbox.id, changes },
      {
        onSuccess: (updated) => {
          notifySuccess(t('mailboxes.updated', { name: updated.name }));
          onDone();
        },
        onError,
      },
    );
  });

  const imap = form.values.kind === 'imap';
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <TextInput label={t('mailboxes.name')} required data-autofocus {...form.getInputProps('name')} />
        {mailbox ? null : (
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('mailboxes.kind')}
            </Text>
            <SegmentedControl
              aria-label={t('mailboxes.kind')}
              data={[
                { value: 'imap', label: t('mailboxes.kinds.imap') },
                { value: 'smtp', label: t('mailboxes.kinds.smtp') },
              ]}
              {...form.getInputProps('kind')}
            />
          </Stack>
        )}
        <TextInput
          label={t('mailboxes.address')}
          description={imap ? t('mailboxes.addressHintImap') : t('mailboxes.addressHintSmtp')}
          required
          type="email"
          {...form.getInputProps('address')}
        />
        {imap ? (
          <>
            <Group grow align="flex-start">
              <TextInput label={t('mailboxes.imapHost')} required {...form.getInputProps('imapHost')} />
              <NumberInput
                label={t('mailboxes.imapPort')}
                placeholder={form.values.imapTls === 'tls' ? '993' : '143'}
                min={1}
                max={65535}
                {...form.getInputProps('imapPort')}
              />
            </Group>
            <Select
              label={t('mailboxes.imapTls')}
              allowDeselect={false}
              data={(['tls', 'starttls', 'none'] as const).map((v) => ({ value: v, label: t(`mailboxes.tls.${v}`) }))}
              {...form.getInputProps('imapTls')}
            />
            <Group grow align="flex-start">
              <TextInput
                label={t('mailboxes.imapUser')}
                required
                autoComplete="off"
                {...form.getInputProps('imapUser')}
              />
              <PasswordInput
                label={t('mailboxes.imapPassword')}
                required={!mailbox?.hasPassword}
                description={mailbox?.hasPassword ? t('mailboxes.passwordKept') : t('mailboxes.passwordEncrypted')}
                autoComplete="new-password"
                {...form.getInputProps('imapPassword')}
              />
            </Group>
            <TextInput label={t('mailboxes.imapFolder')} {...form.getInputProps('imapFolder')} />
          </>
        ) : null}
        <TagsInput
          label={t('mailboxes.allowedDomains')}
          description={t('mailboxes.allowedDomainsHint')}
          placeholder="contoh.co.id"
          splitChars={[',', ' ']}
          {...form.getInputProps('allowedDomains')}
        />
        <Group grow align="flex-start">
          <Select
            label={t('mailboxes.defaultCategory')}
            required
            searchable
            data={categoryOptions}
            {...form.getInputProps('defaultCategoryId')}
          />
          <Select
            label={t('mailboxes.defaultPriority')}
            clearable
            placeholder={t('mailboxes.systemDefault')}
            data={priorityOptions}
            {...form.getInputProps('defaultPriorityId')}
          />
        </Group>
        <Stack gap="xs">
          <Text size="sm" fw={500}>
            {t('mailboxes.rules')}
          </Text>
          <Text size="xs" c="dimmed">
            {t('mailboxes.rulesHint')}
          </Text>
          {form.values.rules.map((_, index) => (
            <Group key={index} gap="xs" align="flex-end" wrap="nowrap">
              <Select
                aria-label={t('mailboxes.ruleField')}
                allowDeselect={false}
                w={150}
                data={[
                  { value: 'subject', label: t('mailboxes.ruleFields.subject') },
                  { value: 'sender_domain', label: t('mailboxes.ruleFields.sender_domain') },
                ]}
                {...form.getInputProps(`rules.${index}.field`)}
              />
              <TextInput
                aria-label={t('mailboxes.ruleValue')}
                placeholder={t('mailboxes.ruleValue')}
                style={{ flex: 1 }}
                {...form.getInputProps(`rules.${index}.value`)}
              />
              <Select
                aria-label={t('mailboxes.ruleCategory')}
                placeholder={t('mailboxes.ruleCategory')}
                clearable
                w={150}
                data={categoryOptions}
                {...form.getInputProps(`rules.${index}.categoryId`)}
              />
              <Select
                aria-label={t('mailboxes.rulePriority')}
                placeholder={t('mailboxes.rulePriority')}
                clearable
                w={130}
                data={priorityOptions}
                {...form.getInputProps(`rules.${index}.priorityId`)}
              />
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={t('mailboxes.removeRule')}
                onClick={() => form.removeListItem('rules', index)}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
          ))}
          <Button
            variant="light"
            size="compact-sm"
            leftSection={<IconPlus size={14} />}
            style={{ alignSelf: 'flex-start' }}
            onClick={() =>
              form.insertListItem('rules', { field: 'subject', value: '', categoryId: null, priorityId: null })
            }
          >
            {t('mailboxes.addRule')}
          </Button>
        </Stack>
        <Switch
          label={t('mailboxes.isActive')}
          description={t('mailboxes.isActiveHint')}
          {...form.getInputProps('isActive', { type: 'checkbox' })}
        />
        <FormActions
          submitLabel={mailbox ? t('common.save') : t('mailboxes.createSubmit')}
          loading={create.isPending || update.isPending}
          onCancel={onDone}
        />
      </Stack>
    </form>
  );
}
