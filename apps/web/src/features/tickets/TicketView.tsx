import { can } from '@bantu/contracts';
import type { TicketResponse, UserResponse } from '@bantu/contracts';
import { Alert, Anchor, Button, Center, Grid, Group, Loader, Paper, Rating, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconEye, IconInfoCircle, IconPencil, IconPlayerPause } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useState } from 'react';
import { Link } from '@/lib/router';
import { useTranslation } from 'react-i18next';
import { AttachmentsPanel } from '@/features/attachments/AttachmentsPanel';
import { useAttachments } from '@/features/attachments/attachments.hooks';
import { useCurrentUser } from '@/features/auth/auth.hooks';
import { RequesterSlaTarget } from '@/features/sla/RequesterSlaTarget';
import { TicketSlaPanel } from '@/features/sla/TicketSlaPanel';
import { useTicketPresence } from '@/features/realtime/RealtimeProvider';
import { isApiError } from '@/lib/http';
import { formatDateTime } from '@/lib/format';
import { ProblemAlert } from '@/ui/ProblemAlert';
import { Conversation } from './Conversation';
import { Markdown } from './markdown';
import { OfflineQueueList } from '@/features/offline/OfflineQueueList';
import { ReplyBox } from './ReplyBox';
import { RequesterTicketActions, ResolutionPanel, StaffTicketActions } from './TicketActions';
import { PriorityLabel, SlaBadge, TicketStatusBadge } from './TicketBadges';
import { ClassificationDialog, TicketTextDialog } from './TicketEditDialogs';
import { TicketHistory } from './TicketHistory';
import { useTicket, useTicketComments, useTicketEvents } from './tickets.hooks';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" fw={500}>
        {label}
      </Text>
      <div>{children}</div>
    </Stack>
  );
}

function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={title}>
      <Group justify="space-between" gap="xs" mb="sm">
        <Title order={3} size="h5">
          {title}
        </Title>
        {actions}
      </Group>
      {children}
    </Paper>
  );
}

interface DetailsProps {
  ticket: TicketResponse;
  user: UserResponse;
}

function TicketDetails({ ticket, user }: DetailsProps) {
  const { t, i18n } = useTranslation();
  const [editing, setEditing] = useState(false);
  const when = (iso: string | null) => formatDateTime(iso, i18n.language);
  const showSla = can(user.role, 'sla:view');
  return (
    <Section
      title={t('tickets.details')}
      actions={
        ticket.abilities.includes('edit_classification') ? (
          <Button
            size="compact-sm"
            variant="subtle"
            leftSection={<IconPencil size={14} />}
            onClick={() => setEditing(true)}
          >
            {t('tickets.edit.classification')}
          </Button>
        ) : null
      }
    >
      <Stack gap="sm">
        <Field label={t('tickets.fields.status')}>
          <TicketStatusBadge status={ticket.status} />
        </Field>
        {showSla && ticket.slaState !== 'none' ? (
          <Field label={t('tickets.sla.label')}>
            <Stack gap={4} align="flex-start">
              <SlaBadge ticket={ticket} />
              <Text size="xs" c="dimmed">
                {t('tickets.sla.deadlineAt', { time: when(ticket.slaDeadline) })}
              </Text>
              {ticket.firstResponseDueAt && !ticket.firstResponseAt ? (
                <Text size="xs" c="dimmed">
                  {t('tickets.sla.firstResponseDue', { time: when(ticket.firstResponseDueAt) })}
                </Text>
              ) : null}
            </Stack>
          </Field>
        ) : null}
        <Field label={t('tickets.fields.requester')}>
          <Text size="sm">{ticket.requester.name}</Text>
        </Field>
        <Field label={t('tickets.fields.assignee')}>
          <Text size="sm" c={ticket.assignee ? undefined : 'dimmed'}>
            {ticket.assignee?.name ?? t('tickets.unassigned')}
          </Text>
        </Field>
        <Field label={t('tickets.fields.category')}>
          <Text size="sm">{ticket.category.name}</Text>
        </Field>
        <Field label={t('tickets.fields.priority')}>
          <PriorityLabel priority={ticket.priority} />
        </Field>
        <Field label={t('tickets.fields.created')}>
          <Text size="sm">{when(ticket.createdAt)}</Text>
        </Field>
        <Field label={t('tickets.fields.updated')}>
          <Text size="sm">{when(ticket.updatedAt)}</Text>
        </Field>
        {ticket.resolvedAt ? (
          <Field label={t('tickets.fields.resolvedAt')}>
            <Text size="sm">{when(ticket.resolvedAt)}</Text>
          </Field>
        ) : null}
        {ticket.closedAt ? (
          <Field label={t('tickets.fields.closedAt')}>
            <Text size="sm">{when(ticket.closedAt)}</Text>
          </Field>
        ) : null}
        {ticket.rating !== null ? (
          <Field label={t('tickets.fields.rating')}>
            <Rating
              value={ticket.rating}
              readOnly
              size="sm"
              aria-label={t('tickets.resolution.stars', { n: ticket.rating })}
            />
            {ticket.feedback ? (
              <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>
                {ticket.feedback}
              </Text>
            ) : null}
          </Field>
        ) : null}
      </Stack>
      <ClassificationDialog ticket={ticket} opened={editing} onClose={() => setEditing(false)} />
    </Section>
  );
}

export interface TicketViewProps {
  /** The ticket's number (or id), as in the URL. */
  ticketRef: string;
  backHref: string;
  backLabel: string;
}

/** A ticket: status, actions, description, conversation, files and history. */
export function TicketView({ ticketRef, backHref, backLabel }: TicketViewProps) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const query = useTicket(ticketRef);
  const ticket = query.data;
  const comments = useTicketComments(ticket?.id);
  const events = useTicketEvents(ticket?.id);
  const attachments = useAttachments(ticket?.id);
  const [editingText, setEditingText] = useState(false);
  const isStaff = can(user.role, 'ticket:view_all');
  const otherViewers = useTicketPresence(ticket?.id, user.id, isStaff);

  const back = (
    <Anchor component={Link} to={backHref} size="sm">
      <Group gap={4} component="span" wrap="nowrap">
        <IconArrowLeft size={14} />
        {backLabel}
      </Group>
    </Anchor>
  );

  if (query.isPending) {
    return (
      <Center p="xl">
        <Loader />
      </Center>
    );
  }
  if (query.isError || !ticket) {
    const notFound = isApiError(query.error) && (query.error.status === 404 || query.error.status === 403);
    return (
      <Stack gap="md" maw={640}>
        {back}
        {notFound ? (
          <Alert color="gray" title={t('tickets.notFoundTitle')} icon={<IconInfoCircle size={20} />}>
            {t('tickets.notFoundText')}
          </Alert>
        ) : (
          <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />
        )}
      </Stack>
    );
  }

  // What the server will accept travels with the ticket: nothing on a CLOSED one.
  const canUpload = ticket.abilities.includes('attach');
  const canComment = ticket.abilities.includes('comment') || ticket.abilities.includes('comment_internal');

  return (
    <Stack gap="md">
      {back}
      <Stack gap={6}>
        <Group gap="xs" wrap="wrap">
          <Text size="sm" c="dimmed" ff="monospace">
            {ticket.ticketNumber}
          </Text>
          <TicketStatusBadge status={ticket.status} size="lg" />
          {isStaff && ticket.slaState !== 'none' ? <SlaBadge ticket={ticket} /> : null}
        </Group>
        <Group justify="space-between" align="flex-start" gap="sm" wrap="nowrap">
          <Title order={2} style={{ overflowWrap: 'anywhere' }}>
            {ticket.title}
          </Title>
          {ticket.abilities.includes('edit_text') ? (
            <Button
              variant="default"
              size="xs"
              leftSection={<IconPencil size={14} />}
              onClick={() => setEditingText(true)}
              style={{ flexShrink: 0 }}
            >
              {t('tickets.edit.text')}
            </Button>
          ) : null}
        </Group>
      </Stack>

      {isStaff ? (
        <StaffTicketActions ticket={ticket} currentUserId={user.id} />
      ) : (
        <RequesterTicketActions ticket={ticket} />
      )}
      <ResolutionPanel ticket={ticket} />
      {ticket.status === 'ON_HOLD' && ticket.holdReason ? (
        <Alert color="yellow" icon={<IconPlayerPause size={20} />} title={t('tickets.holdReasonTitle')}>
          <Markdown source={ticket.holdReason} />
        </Alert>
      ) : null}

      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            <Section title={t('tickets.fields.description')}>
              <Markdown source={ticket.description} />
            </Section>
            <Section title={t('tickets.comments.title')}>
              <Stack gap="md">
                {comments.isError ? (
                  <ProblemAlert error={comments.error} onRetry={() => void comments.refetch()} />
                ) : null}
                {comments.isPending ? (
                  <Loader size="sm" />
                ) : (
                  <Conversation
                    comments={comments.data ?? []}
                    attachments={attachments.data ?? []}
                    requesterId={ticket.userId}
                  />
                )}
                {otherViewers.length > 0 ? (
                  <Alert color="orange" variant="light" icon={<IconEye size={20} />} data-testid="also-viewing">
                    {t('realtime.alsoViewing', { names: otherViewers.map((viewer) => viewer.name).join(', ') })}
                  </Alert>
                ) : null}
                <OfflineQueueList ticketId={ticket.id} />
                {canComment ? (
                  <ReplyBox
                    ticketId={ticket.id}
                    canWriteInternal={ticket.abilities.includes('comment_internal')}
                    canMention={can(user.role, 'ticket:comment_internal')}
                    canAttach={canUpload}
                  />
                ) : (
                  <Text size="sm" c="dimmed">
                    {ticket.status === 'CLOSED' ? t('tickets.comments.closed') : t('tickets.comments.readOnly')}
                  </Text>
                )}
              </Stack>
            </Section>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="md">
            <TicketDetails ticket={ticket} user={user} />
            {isStaff ? (
              <TicketSlaPanel ticketId={ticket.id} />
            ) : ticket.slaState !== 'none' ? (
              <RequesterSlaTarget ticket={ticket} />
            ) : null}
            <AttachmentsPanel ticketId={ticket.id} canUpload={canUpload} />
            <Section title={t('tickets.history.title')}>
              {events.isError ? <ProblemAlert error={events.error} onRetry={() => void events.refetch()} /> : null}
              {events.isPending ? <Loader size="sm" /> : <TicketHistory events={events.data ?? []} />}
            </Section>
          </Stack>
        </Grid.Col>
      </Grid>
      <TicketTextDialog ticket={ticket} opened={editingText} onClose={() => setEditingText(false)} />
    </Stack>
  );
}
