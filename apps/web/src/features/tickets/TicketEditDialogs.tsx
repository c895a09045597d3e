import { TicketDescription, TicketTitle } from '@bantu/contracts';
import type { TicketResponse, TicketUpdateRequest } from '@bantu/contracts';
import { Modal, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { useCategories } from '@/features/categories/categories.hooks';
import { usePriorities } from '@/features/priorities/priorities.hooks';
import { FormActions } from '@/ui/FormActions';
import { showSubmitProblem } from '@/ui/formErrors';
import { notifySuccess } from '@/ui/notify';
import { useIsPhone } from '@/ui/useIsPhone';
import { zodResolver } from '@/ui/zodResolver';
import { handleStaleTicket } from './ticketErrors';
import { useReloadTicket, useUpdateTicket } from './tickets.hooks';

export interface TicketEditDialogProps {
  ticket: TicketResponse;
  opened: boolean;
  onClose: () => void;
}

/**
 * Saves changes with the version they were made on. When someone else changed the ticket in
 * the meantime (409 VERSION_CONFLICT) the ticket is reloaded, with a notice, and the dialog closes.
 */
function useVersionedUpdate(ticket: TicketResponse, onClose: () => void) {
  const { t } = useTranslation();
  const update = useUpdateTicket();
  const reload = useReloadTicket();
  const save = (changes: Omit<TicketUpdateRequest, 'version'>, form: Parameters<typeof showSubmitProblem>[0]) => {
    if (Object.keys(changes).length === 0) {
      onClose();
      return;
    }
    update.mutate(
      { id: ticket.id, changes: { ...changes, version: ticket.version } },
      {
        onSuccess: () => {
          notifySuccess(t('tickets.edit.saved'));
          onClose();
        },
        onError: (error) => {
          // The form holds values from before the other change: start again from the fresh ticket.
          if (handleStaleTicket(error, reload)) onClose();
          else showSubmitProblem(form, error);
        },
      },
    );
  };
  return { save, isPending: update.isPending };
}

/** Staff: change the category or priority (the SLA deadline follows the priority). */
export function ClassificationDialog({ ticket, opened, onClose }: TicketEditDialogProps) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  return (
    <Modal opened={opened} onClose={onClose} title={t('tickets.edit.classificationTitle')} fullScreen={isPhone}>
      {opened ? <ClassificationForm ticket={ticket} onClose={onClose} /> : null}
    </Modal>
  );
}

function ClassificationForm({ ticket, onClose }: Omit<TicketEditDialogProps, 'opened'>) {
  const { t } = useTranslation();
  const categories = useCategories({ includeInactive: false });
  const priorities = usePriorities({ includeInactive: false });
  const { save, isPending } = useVersionedUpdate(ticket, onClose);
  const form = useForm({ initialValues: { categoryId: ticket.categoryId, priorityId: ticket.priorityId } });
  // The ticket may sit in a category or priority that was deactivated since: keep it choosable.
  const categoryData = (categories.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }));
  if (!categoryData.some((c) => c.value === ticket.categoryId)) {
    categoryData.push({ value: ticket.categoryId, label: ticket.category.name });
  }
  const priorityData = (priorities.data ?? []).map((p) => ({ value: p.id, label: p.name }));
  if (!priorityData.some((p) => p.value === ticket.priorityId)) {
    priorityData.push({ value: ticket.priorityId, label: ticket.priority.name });
  }
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => {
        const changes: Omit<TicketUpdateRequest, 'version'> = {};
        if (values.categoryId !== ticket.categoryId) changes.categoryId = values.categoryId;
        if (values.priorityId !== ticket.priorityId) changes.priorityId = values.priorityId;
        save(changes, form);
      })}
    >
      <Stack gap="md">
        <Select
          label={t('tickets.fields.category')}
          data={categoryData}
          allowDeselect={false}
          searchable
          {...form.getInputProps('categoryId')}
        />
        <Select
          label={t('tickets.fields.priority')}
          description={t('tickets.edit.priorityHint')}
          data={priorityData}
          allowDeselect={false}
          {...form.getInputProps('priorityId')}
        />
        <FormActions loading={isPending} onCancel={onClose} />
      </Stack>
    </form>
  );
}

const TextSchema = z.object({ title: TicketTitle, description: TicketDescription });

/** Requester: fix the title or description while nobody has started on the ticket. */
export function TicketTextDialog({ ticket, opened, onClose }: TicketEditDialogProps) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  return (
    <Modal opened={opened} onClose={onClose} title={t('tickets.edit.textTitle')} fullScreen={isPhone} size="lg">
      {opened ? <TicketTextForm ticket={ticket} onClose={onClose} /> : null}
    </Modal>
  );
}

function TicketTextForm({ ticket, onClose }: Omit<TicketEditDialogProps, 'opened'>) {
  const { t } = useTranslation();
  const { save, isPending } = useVersionedUpdate(ticket, onClose);
  const form = useForm({
    initialValues: { title: ticket.title, description: ticket.description },
    validate: zodResolver(TextSchema),
  });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => {
        const changes: Omit<TicketUpdateRequest, 'version'> = {};
        if (values.title.trim() !== ticket.title) changes.title = values.title;
        if (values.description.trim() !== ticket.description) changes.description = values.description;
        save(changes, form);
      })}
    >
      <Stack gap="md">
        <TextInput label={t('tickets.fields.title')} required data-autofocus {...form.getInputProps('title')} />
        <Textarea
          label={t('tickets.fields.description')}
          description={t('tickets.comments.markdownHint')}
          required
          autosize
          minRows={5}
          maxRows={16}
          {...form.getInputProps('description')}
        />
        <FormActions loading={isPending} onCancel={onClose} />
      </Stack>
    </form>
  );
}
