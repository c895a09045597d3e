import type { AttachmentResponse, CommentResponse } from '@bantu/contracts';
import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { AttachmentList } from '@/features/attachments/AttachmentList';
import { formatDateTime } from '@/lib/format';
import { Markdown } from './markdown';

export interface CommentItemProps {
  comment: CommentResponse;
  attachments: AttachmentResponse[];
  /** The requester of the ticket: their messages sit on the other side of the conversation. */
  requesterId: string;
}

/** One message. Internal notes look different: yellow, with a lock and a label. */
export function CommentItem({ comment, attachments, requesterId }: CommentItemProps) {
  const { t, i18n } = useTranslation();
  const fromRequester = comment.author.id === requesterId;
  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      component="article"
      aria-label={
        comment.isInternal
          ? t('tickets.comments.internalBy', { name: comment.author.name })
          : t('tickets.comments.by', { name: comment.author.name })
      }
      data-internal={comment.isInternal || undefined}
      bg={
        comment.isInternal ? 'var(--mantine-color-yellow-0)' : fromRequester ? undefined : 'var(--mantine-color-gray-0)'
      }
      style={comment.isInternal ? { borderColor: 'var(--mantine-color-yellow-5)', borderStyle: 'dashed' } : undefined}
    >
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Group gap={6} wrap="wrap">
            <Text size="sm" fw={600}>
              {comment.author.name}
            </Text>
            {comment.author.role !== 'user' ? (
              <Badge size="xs" variant="light" color="blue">
                {t(`roles.${comment.author.role}`)}
              </Badge>
            ) : null}
            {comment.isInternal ? (
              <Badge size="sm" color="yellow" variant="filled" leftSection={<IconLock size={12} />} c="dark">
                {t('tickets.comments.internalLabel')}
              </Badge>
            ) : null}
          </Group>
          <Text size="xs" c="dimmed" component="time" dateTime={comment.createdAt}>
            {formatDateTime(comment.createdAt, i18n.language)}
          </Text>
        </Group>
        <Markdown source={comment.comment} />
        {attachments.length > 0 ? <AttachmentList attachments={attachments} compact /> : null}
      </Stack>
    </Paper>
  );
}

export interface ConversationProps {
  comments: CommentResponse[];
  attachments: AttachmentResponse[];
  requesterId: string;
}

/** The conversation, oldest first, with the files of each message under it. */
export function Conversation({ comments, attachments, requesterId }: ConversationProps) {
  const { t } = useTranslation();
  if (comments.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('tickets.comments.empty')}
      </Text>
    );
  }
  return (
    <Stack gap="sm">
      {comments.map((comment) => (
        <CommentItem
          key={comment.id}
          comment={comment}
          requesterId={requesterId}
          attachments={attachments.filter((file) => file.commentId === comment.id)}
        />
      ))}
    </Stack>
  );
}
