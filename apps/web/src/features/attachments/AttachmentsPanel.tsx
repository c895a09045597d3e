import type { AttachmentResponse } from '@bantu/contracts';
import { Badge, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useWindowEvent } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '@/ui/ConfirmModal';
import { notifyProblem, notifySuccess } from '@/ui/notify';
import { ProblemAlert } from '@/ui/ProblemAlert';
import { useDialogState } from '@/ui/useDialogState';
import { AttachmentList } from './AttachmentList';
import { useAttachments, useAttachmentUploads, useDeleteAttachment } from './attachments.hooks';
import { FileDropZone } from './FileDropZone';
import { RejectedFiles } from './RejectedFiles';
import { useUploadGate } from './uploadLimits';
import { filesFromClipboard, isTextTarget } from './files';
import { UploadProgressList } from './UploadProgressList';

export interface AttachmentsPanelProps {
  ticketId: string;
  /** The signed-in user may add files to this ticket now. */
  canUpload: boolean;
}

/**
 * The ticket's files. Drop files here, choose them, take a photo, or paste a screenshot
 * anywhere on the page outside a text field (inside the reply box it goes with the reply).
 */
export function AttachmentsPanel({ ticketId, canUpload }: AttachmentsPanelProps) {
  const { t } = useTranslation();
  const attachments = useAttachments(ticketId);
  const uploads = useAttachmentUploads();
  const gate = useUploadGate();
  const remove = useDeleteAttachment(ticketId);
  const confirm = useDialogState<AttachmentResponse>();

  const send = (files: File[]) => {
    const accepted = gate.accept(files);
    if (accepted.length > 0) void uploads.upload({ ticketId }, accepted);
  };

  useWindowEvent('paste', (event) => {
    if (!canUpload || isTextTarget(event.target)) return;
    const files = filesFromClipboard(event.clipboardData);
    if (files.length === 0) return;
    event.preventDefault();
    send(files);
  });

  const items = attachments.data ?? [];
  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Title order={3} size="h5">
            {t('attachments.title')}
          </Title>
          {items.length > 0 ? (
            <Badge variant="light" color="gray">
              {items.length}
            </Badge>
          ) : null}
        </Group>
        {attachments.isPending ? <Loader size="sm" /> : null}
        {attachments.isError ? (
          <ProblemAlert error={attachments.error} onRetry={() => void attachments.refetch()} />
        ) : null}
        {!attachments.isPending && items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('attachments.empty')}
          </Text>
        ) : null}
        <AttachmentList attachments={items} onDelete={confirm.open} />
        <RejectedFiles items={gate.rejected} maxBytes={gate.maxBytes} onDismiss={gate.dismiss} />
        <UploadProgressList items={uploads.items} onDismiss={uploads.dismiss} />
        {canUpload ? (
          <>
            <FileDropZone onFiles={send} label={t('attachments.addToTicket')} />
            <Text size="xs" c="dimmed">
              {t('attachments.pasteHint')}
            </Text>
          </>
        ) : null}
      </Stack>
      <ConfirmModal
        opened={confirm.opened}
        title={t('attachments.deleteTitle')}
        confirmLabel={t('common.delete')}
        loading={remove.isPending}
        onClose={confirm.close}
        onConfirm={() => {
          const file = confirm.data;
          if (!file) return;
          remove.mutate(file.id, {
            onSuccess: () => {
              notifySuccess(t('attachments.deleted', { name: file.fileName }));
              confirm.close();
            },
            onError: (error) => notifyProblem(error),
          });
        }}
      >
        {t('attachments.deleteConfirm', { name: confirm.data?.fileName ?? '' })}
      </ConfirmModal>
    </Paper>
  );
}
