import { CommentCreateRequest } from '@bantu/contracts';
import { Button, Group, Paper, SegmentedControl, Stack, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconLock, IconSend } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAttachmentUploads } from '@/features/attachments/attachments.hooks';
import { FileDropZone } from '@/features/attachments/FileDropZone';
import { filesFromClipboard } from '@/features/attachments/files';
import { RejectedFiles } from '@/features/attachments/RejectedFiles';
import { useUploadGate } from '@/features/attachments/uploadLimits';
import { StagedFiles } from '@/features/attachments/StagedFiles';
import { UploadProgressList } from '@/features/attachments/UploadProgressList';
import { offlineQueue } from '@/features/offline/offlineQueue';
import { isApiError } from '@/lib/http';
import { showSubmitProblem } from '@/ui/formErrors';
import { notifySuccess } from '@/ui/notify';
import { zodResolver } from '@/ui/zodResolver';
import { MentionPicker } from './MentionPicker';
import { useAddComment } from './tickets.hooks';

type Mode = 'public' | 'internal';

export interface ReplyBoxProps {
  ticketId: string;
  /** Staff may write internal notes. */
  canWriteInternal: boolean;
  /** Staff may mention colleagues. */
  canMention: boolean;
  /** Files may go with the message. */
  canAttach: boolean;
}

/** Write a reply (or, for staff, an internal note); paste screenshots or attach files with it. */
export function ReplyBox({ ticketId, canWriteInternal, canMention, canAttach }: ReplyBoxProps) {
  const { t } = useTranslation();
  const add = useAddComment();
  const uploads = useAttachmentUploads();
  const gate = useUploadGate();
  const [mode, setMode] = useState<Mode>('public');
  const [files, setFiles] = useState<File[]>([]);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const form = useForm({
    initialValues: { comment: '' },
    validate: zodResolver(CommentCreateRequest.pick({ comment: true })),
  });
  const internal = canWriteInternal && mode === 'internal';
  const stage = (more: File[]) => {
    const accepted = gate.accept(more);
    if (accepted.length > 0) setFiles((current) => [...current, ...accepted]);
  };

  const insert = (text: string) => {
    const el = textarea.current;
    const value = form.getValues().comment;
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? value.length;
    const before = value.slice(0, start);
    const spaced = `${before && !/\s$/.test(before) ? ' ' : ''}${text} `;
    form.setFieldValue('comment', `${before}${spaced}${value.slice(end)}`);
    const caret = start + spaced.length;
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(caret, caret);
    });
  };

  // Without a connection the reply waits on this device (features/offline) and goes out later.
  const keepForLater = (body: { comment: string; isInternal: boolean }) => {
    void offlineQueue.add(ticketId, { kind: 'comment', body });
    form.reset();
    notifySuccess(t('offline.queued'));
  };

  const submit = form.onSubmit((values) => {
    const body = { comment: values.comment.trim(), isInternal: internal };
    if (!navigator.onLine) {
      keepForLater(body);
      return;
    }
    add.mutate(
      { ticketId, body },
      {
        onSuccess: (comment) => {
          form.reset();
          const toSend = files;
          setFiles([]);
          notifySuccess(internal ? t('tickets.comments.noteSaved') : t('tickets.comments.sent'));
          if (toSend.length > 0) void uploads.upload({ ticketId, commentId: comment.id }, toSend);
        },
        onError: (error) => {
          if (isApiError(error) && error.code === 'NETWORK') keepForLater(body);
          else showSubmitProblem(form, error);
        },
      },
    );
  });

  const busy = add.isPending || uploads.isUploading;
  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      bg={internal ? 'var(--mantine-color-yellow-0)' : undefined}
      style={internal ? { borderColor: 'var(--mantine-color-yellow-5)' } : undefined}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {canWriteInternal ? (
            <SegmentedControl<Mode>
              value={mode}
              onChange={setMode}
              aria-label={t('tickets.comments.modeLabel')}
              data={[
                { value: 'public', label: t('tickets.comments.modePublic') },
                { value: 'internal', label: t('tickets.comments.modeInternal') },
              ]}
              color={internal ? 'yellow' : 'blue'}
              fullWidth
              // On a 360 px phone both labels do not fit on one line: they wrap instead of being cut.
              styles={{ label: { whiteSpace: 'normal', lineHeight: 1.25 } }}
            />
          ) : null}
          <Textarea
            ref={textarea}
            label={internal ? t('tickets.comments.internalLabel') : t('tickets.comments.replyLabel')}
            description={internal ? t('tickets.comments.internalHint') : t('tickets.comments.markdownHint')}
            placeholder={internal ? t('tickets.comments.internalPlaceholder') : t('tickets.comments.replyPlaceholder')}
            autosize
            minRows={3}
            maxRows={14}
            onPaste={(event) => {
              if (!canAttach) return;
              const pasted = filesFromClipboard(event.clipboardData);
              if (pasted.length === 0) return;
              event.preventDefault();
              stage(pasted);
            }}
            {...form.getInputProps('comment')}
          />
          <StagedFiles
            files={files}
            onRemove={(index) => setFiles((current) => current.filter((_, i) => i !== index))}
          />
          <RejectedFiles items={gate.rejected} maxBytes={gate.maxBytes} onDismiss={gate.dismiss} />
          <UploadProgressList items={uploads.items} onDismiss={uploads.dismiss} />
          <Group justify="space-between" gap="xs" wrap="wrap">
            <Group gap="xs" wrap="wrap">
              {canMention ? <MentionPicker onPick={insert} disabled={busy} /> : null}
              {canAttach ? (
                <FileDropZone compact disabled={busy} label={t('attachments.attachToReply')} onFiles={stage} />
              ) : null}
            </Group>
            <Button
              type="submit"
              loading={busy}
              color={internal ? 'yellow' : 'blue'}
              c={internal ? 'dark' : undefined}
              leftSection={internal ? <IconLock size={16} /> : <IconSend size={16} />}
            >
              {internal ? t('tickets.comments.saveNote') : t('tickets.comments.send')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
