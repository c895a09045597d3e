import { CommentCreateRequest } from '@bantu/contracts';
import { Modal, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FormActions } from '@/ui/FormActions';
import { useIsPhone } from '@/ui/useIsPhone';
import { zodResolver } from '@/ui/zodResolver';

const CommentOnly = CommentCreateRequest.pick({ comment: true });

export interface CommentDialogProps {
  opened: boolean;
  title: string;
  description?: ReactNode;
  /** Label of the text box: "Alasan", "Catatan penyelesaian"... */
  label: string;
  placeholder?: string;
  submitLabel: string;
  loading?: boolean;
  onSubmit: (comment: string, setError: (message: string) => void) => void;
  onClose: () => void;
}

/** A status change that needs words: the reason for a hold or a close, a resolution note, a rejection. */
export function CommentDialog({
  opened,
  title,
  description,
  label,
  placeholder,
  submitLabel,
  loading = false,
  onSubmit,
  onClose,
}: CommentDialogProps) {
  const isPhone = useIsPhone();
  return (
    <Modal opened={opened} onClose={onClose} title={title} fullScreen={isPhone} size="lg">
      {opened ? (
        <CommentDialogForm
          description={description}
          label={label}
          placeholder={placeholder}
          submitLabel={submitLabel}
          loading={loading}
          onSubmit={onSubmit}
          onCancel={onClose}
        />
      ) : null}
    </Modal>
  );
}

interface CommentDialogFormProps extends Pick<
  CommentDialogProps,
  'description' | 'label' | 'placeholder' | 'submitLabel' | 'loading' | 'onSubmit'
> {
  onCancel: () => void;
}

function CommentDialogForm({
  description,
  label,
  placeholder,
  submitLabel,
  loading,
  onSubmit,
  onCancel,
}: CommentDialogFormProps) {
  const { t } = useTranslation();
  const form = useForm({
    initialValues: { comment: '' },
    validate: zodResolver(CommentOnly),
  });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) =>
        onSubmit(values.comment.trim(), (message) => form.setFieldError('comment', message)),
      )}
    >
      <Stack gap="md">
        {description ? <Text size="sm">{description}</Text> : null}
        <Textarea
          label={label}
          placeholder={placeholder}
          description={t('tickets.comments.markdownHint')}
          required
          autosize
          minRows={4}
          maxRows={12}
          data-autofocus
          {...form.getInputProps('comment')}
        />
        <FormActions submitLabel={submitLabel} loading={loading} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
