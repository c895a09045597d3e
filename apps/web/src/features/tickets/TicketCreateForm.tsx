import { TicketCreateRequest } from '@bantu/contracts';
import type { TicketResponse } from '@bantu/contracts';
import { Alert, Button, Group, Paper, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAttachmentUploads } from '@/features/attachments/attachments.hooks';
import { FileDropZone } from '@/features/attachments/FileDropZone';
import { filesFromClipboard } from '@/features/attachments/files';
import { RejectedFiles } from '@/features/attachments/RejectedFiles';
import { StagedFiles } from '@/features/attachments/StagedFiles';
import { UploadProgressList } from '@/features/attachments/UploadProgressList';
import { useUploadGate } from '@/features/attachments/uploadLimits';
import { useCategories } from '@/features/categories/categories.hooks';
import { usePriorities } from '@/features/priorities/priorities.hooks';
import { FormActions } from '@/ui/FormActions';
import { showSubmitProblem } from '@/ui/formErrors';
import { notifySuccess } from '@/ui/notify';
import { ProblemAlert } from '@/ui/ProblemAlert';
import { zodResolver } from '@/ui/zodResolver';
import { RequesterPicker } from './RequesterPicker';
import { useCreateTicket } from './tickets.hooks';

interface TicketValues {
  title: string;
  description: string;
  categoryId: string | null;
  /** null = the default priority */
  priorityId: string | null;
  /** IT staff only: the person the ticket is for; null = the staff member themself. */
  requesterId: string | null;
}

function toRequest(values: TicketValues): TicketCreateRequest {
  return {
    title: values.title,
    description: values.description,
    categoryId: values.categoryId ?? '',
    priorityId: values.priorityId ?? undefined,
    requesterId: values.requesterId ?? undefined,
  };
}

export interface TicketCreateFormProps {
  /** Called once the ticket exists and its files (if any) are uploaded. */
  onCreated: (ticket: TicketResponse) => void;
  onCancel: () => void;
  /** IT staff may open the ticket on behalf of another user. */
  onBehalf?: boolean;
}

/** Report a problem: title, description, category, priority, and optional files. */
export function TicketCreateForm({ onCreated, onCancel, onBehalf = false }: TicketCreateFormProps) {
  const { t } = useTranslation();
  const create = useCreateTicket();
  const categories = useCategories({ includeInactive: false });
  const priorities = usePriorities({ includeInactive: false });
  const uploads = useAttachmentUploads();
  const gate = useUploadGate();
  const [files, setFiles] = useState<File[]>([]);
  /** Set when the ticket was created but some files did not make it. */
  const [created, setCreated] = useState<TicketResponse | null>(null);

  const form = useForm<TicketValues>({
    initialValues: { title: '', description: '', categoryId: null, priorityId: null, requesterId: null },
    validate: zodResolver<TicketValues>(TicketCreateRequest, { transform: toRequest }),
  });
  const defaultPriority = priorities.data?.find((p) => p.isDefault) ?? null;
  // Until the requester picks one, the select shows the default priority.
  const priorityValue = form.values.priorityId ?? defaultPriority?.id ?? null;

  const addFiles = (more: File[]) => {
    const accepted = gate.accept(more);
    if (accepted.length > 0) setFiles((current) => [...current, ...accepted]);
  };

  const submit = form.onSubmit((values) => {
    create.mutate(toRequest({ ...values, priorityId: priorityValue }), {
      onSuccess: (ticket) => {
        notifySuccess(t('tickets.create.created', { number: ticket.ticketNumber }));
        if (files.length === 0) {
          onCreated(ticket);
          return;
        }
        void uploads.upload({ ticketId: ticket.id }, files).then(({ failed }) => {
          if (failed === 0) onCreated(ticket);
          else setCreated(ticket);
        });
      },
      onError: (error) => showSubmitProblem(form, error),
    });
  });

  if (created) {
    return (
      <Stack gap="md">
        <Alert color="orange" icon={<IconAlertTriangle size={20} />} title={t('tickets.create.someFilesFailed')}>
          {t('tickets.create.someFilesFailedText', { number: created.ticketNumber })}
        </Alert>
        <UploadProgressList items={uploads.items} onDismiss={uploads.dismiss} />
        <Group justify="flex-end">
          <Button onClick={() => onCreated(created)}>{t('tickets.create.openTicket')}</Button>
        </Group>
      </Stack>
    );
  }

  const busy = create.isPending || uploads.isUploading;
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {categories.isError ? (
          <ProblemAlert error={categories.error} onRetry={() => void categories.refetch()} />
        ) : null}
        {onBehalf ? (
          <RequesterPicker
            value={form.values.requesterId}
            onChange={(id) => form.setFieldValue('requesterId', id)}
            error={form.errors.requesterId as string | undefined}
          />
        ) : null}
        <TextInput
          label={t('tickets.fields.title')}
          description={t('tickets.create.titleHint')}
          required
          maxLength={200}
          data-autofocus
          {...form.getInputProps('title')}
        />
        <Textarea
          label={t('tickets.fields.description')}
          description={t('tickets.create.descriptionHint')}
          required
          autosize
          minRows={5}
          maxRows={16}
          onPaste={(event) => {
            const pasted = filesFromClipboard(event.clipboardData);
            if (pasted.length === 0) return;
            event.preventDefault();
            addFiles(pasted);
          }}
          {...form.getInputProps('description')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Select
            label={t('tickets.fields.category')}
            description={t('tickets.create.categoryHint')}
            placeholder={t('tickets.create.categoryPlaceholder')}
            required
            searchable
            data={(categories.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
            nothingFoundMessage={t('common.nothingFound')}
            {...form.getInputProps('categoryId')}
          />
          <Select
            label={t('tickets.fields.priority')}
            description={t('tickets.create.priorityHint')}
            data={(priorities.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
            allowDeselect={false}
            {...form.getInputProps('priorityId')}
            value={priorityValue}
          />
        </SimpleGrid>
        <Paper withBorder={false}>
          <Stack gap="xs">
            <Text size="sm" fw={500}>
              {t('attachments.title')}
            </Text>
            <FileDropZone onFiles={addFiles} disabled={busy} label={t('attachments.chooseFiles')} />
            <StagedFiles
              files={uploads.items.length > 0 ? [] : files}
              onRemove={(index) => setFiles((current) => current.filter((_, i) => i !== index))}
            />
            <RejectedFiles items={gate.rejected} maxBytes={gate.maxBytes} onDismiss={gate.dismiss} />
            <UploadProgressList items={uploads.items} onDismiss={uploads.dismiss} />
          </Stack>
        </Paper>
        <FormActions submitLabel={t('tickets.create.submit')} loading={busy} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
