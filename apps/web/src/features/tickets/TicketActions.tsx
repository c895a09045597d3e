import type { TicketAction, TicketResponse, TicketTransitionRequest } from '@bantu/contracts';
import { Button, Group, Modal, Paper, Rating, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import {
  IconCheck,
  IconCircleCheck,
  IconHandGrab,
  IconPlayerPause,
  IconPlayerPlay,
  IconUserMinus,
  IconUserPlus,
  IconX,
} from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '@/lib/http';
import { ConfirmModal } from '@/ui/ConfirmModal';
import { FormActions } from '@/ui/FormActions';
import { notifyProblem, notifySuccess } from '@/ui/notify';
import { useDialogState } from '@/ui/useDialogState';
import { useIsPhone } from '@/ui/useIsPhone';
import { CommentDialog } from './CommentDialog';
import { Markdown } from './markdown';
import { handleStaleTicket, notifyTicketProblem } from './ticketErrors';
import { offlineQueue } from '@/features/offline/offlineQueue';
import { useAssignTicket, useReloadTicket, useStaff, useTransitionTicket } from './tickets.hooks';

type CommentAction = 'hold' | 'resolve' | 'close' | 'reject';

const COMMENT_ACTIONS: Record<CommentAction, { to: TicketTransitionRequest['to']; color: string }> = {
  hold: { to: 'ON_HOLD', color: 'yellow' },
  resolve: { to: 'RESOLVED', color: 'teal' },
  close: { to: 'CLOSED', color: 'red' },
  reject: { to: 'IN_PROGRESS', color: 'orange' },
};

/** Runs status changes and reports them; shared by the staff and requester controls. */
function useTicketTransition(ticket: TicketResponse) {
  const { t } = useTranslation();
  const transition = useTransitionTicket();
  const reload = useReloadTicket();
  const run = (
    body: TicketTransitionRequest,
    done: string,
    options: { onDone?: () => void; setCommentError?: (message: string) => void } = {},
  ) => {
    if (!navigator.onLine) {
      // Kept on the device with the version seen now: a change meanwhile is a conflict later.
      void offlineQueue.add(ticket.id, { kind: 'transition', body: { ...body, version: ticket.version } });
      notifySuccess(t('offline.queued'));
      options.onDone?.();
      return;
    }
    transition.mutate(
      { id: ticket.id, body },
      {
        onSuccess: () => {
          notifySuccess(done);
          options.onDone?.();
        },
        onError: (error) => {
          const commentError = isApiError(error) ? error.fieldErrorMap().comment : undefined;
          if (commentError && options.setCommentError) {
            options.setCommentError(commentError);
            return;
          }
          if (handleStaleTicket(error, reload)) options.onDone?.();
          else notifyProblem(error);
        },
      },
    );
  };
  return { run, isPending: transition.isPending, t };
}

function has(ticket: TicketResponse, action: TicketAction): boolean {
  return ticket.abilities.includes(action);
}

export interface StaffTicketActionsProps {
  ticket: TicketResponse;
  currentUserId: string;
}

/** Take, assign, hold, resume, resolve and close: only what `abilities` allows right now. */
export function StaffTicketActions({ ticket, currentUserId }: StaffTicketActionsProps) {
  const { run, isPending, t } = useTicketTransition(ticket);
  const assign = useAssignTicket();
  const reload = useReloadTicket();
  const dialog = useDialogState<CommentAction | 'assign'>();
  const busy = isPending || assign.isPending;

  const setAssignee = (assigneeId: string | null, done: string, onDone?: () => void) => {
    assign.mutate(
      { id: ticket.id, assigneeId },
      {
        onSuccess: () => {
          notifySuccess(done);
          onDone?.();
        },
        onError: (error) => notifyTicketProblem(error, reload),
      },
    );
  };

  const take = () => {
    if (ticket.status === 'OPEN') run({ to: 'IN_PROGRESS' }, t('tickets.actions.taken'));
    else setAssignee(currentUserId, t('tickets.actions.taken'));
  };

  const commentAction = dialog.data !== null && dialog.data !== 'assign' ? dialog.data : null;
  const buttons = [
    has(ticket, 'take') ? (
      <Button key="take" leftSection={<IconHandGrab size={16} />} onClick={take} loading={busy && !dialog.opened}>
        {t('tickets.actions.take')}
      </Button>
    ) : null,
    has(ticket, 'assign') ? (
      <Button
        key="assign"
        variant="default"
        leftSection={<IconUserPlus size={16} />}
        onClick={() => dialog.open('assign')}
        disabled={busy}
      >
        {t('tickets.actions.assign')}
      </Button>
    ) : null,
    has(ticket, 'assign') && ticket.assignee ? (
      <Button
        key="unassign"
        variant="default"
        leftSection={<IconUserMinus size={16} />}
        onClick={() => setAssignee(null, t('tickets.actions.unassigned'))}
        disabled={busy}
      >
        {t('tickets.actions.unassign')}
      </Button>
    ) : null,
    has(ticket, 'resume') ? (
      <Button
        key="resume"
        color="violet"
        leftSection={<IconPlayerPlay size={16} />}
        onClick={() => run({ to: 'IN_PROGRESS' }, t('tickets.actions.resumed'))}
        loading={isPending && !dialog.opened}
      >
        {t('tickets.actions.resume')}
      </Button>
    ) : null,
    has(ticket, 'hold') ? (
      <Button
        key="hold"
        color="yellow"
        variant="light"
        leftSection={<IconPlayerPause size={16} />}
        onClick={() => dialog.open('hold')}
        disabled={busy}
      >
        {t('tickets.actions.hold')}
      </Button>
    ) : null,
    has(ticket, 'resolve') ? (
      <Button
        key="resolve"
        color="teal"
        leftSection={<IconCircleCheck size={16} />}
        onClick={() => dialog.open('resolve')}
        disabled={busy}
      >
        {t('tickets.actions.resolve')}
      </Button>
    ) : null,
    has(ticket, 'close') ? (
      <Button
        key="close"
        color="red"
        variant="subtle"
        leftSection={<IconX size={16} />}
        onClick={() => dialog.open('close')}
        disabled={busy}
      >
        {t('tickets.actions.close')}
      </Button>
    ) : null,
  ].filter(Boolean);

  if (buttons.length === 0) return null;
  return (
    <>
      <Group gap="xs" wrap="wrap" role="toolbar" aria-label={t('tickets.actions.label')}>
        {buttons}
      </Group>
      <AssignDialog
        opened={dialog.opened && dialog.data === 'assign'}
        currentAssigneeId={ticket.assignedTo}
        loading={assign.isPending}
        onClose={dialog.close}
        onAssign={(assigneeId, name) =>
          setAssignee(assigneeId, t('tickets.actions.assignedTo', { name }), dialog.close)
        }
      />
      {commentAction ? (
        <CommentDialog
          opened={dialog.opened}
          title={t(`tickets.actions.${commentAction}Title`)}
          description={t(`tickets.actions.${commentAction}Text`)}
          label={t(`tickets.actions.${commentAction}Label`)}
          submitLabel={t(`tickets.actions.${commentAction}Submit`)}
          loading={isPending}
          onClose={dialog.close}
          onSubmit={(comment, setError) =>
            run({ to: COMMENT_ACTIONS[commentAction].to, comment }, t(`tickets.actions.${commentAction}Done`), {
              onDone: dialog.close,
              setCommentError: setError,
            })
          }
        />
      ) : null}
    </>
  );
}

interface AssignDialogProps {
  opened: boolean;
  currentAssigneeId: string | null;
  loading: boolean;
  onClose: () => void;
  onAssign: (assigneeId: string, name: string) => void;
}

function AssignDialog({ opened, currentAssigneeId, loading, onClose, onAssign }: AssignDialogProps) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const staff = useStaff({ enabled: opened });
  const [choice, setChoice] = useState<string | null>(null);
  const selected = choice ?? currentAssigneeId;
  const person = staff.data?.find((s) => s.id === selected);
  return (
    <Modal opened={opened} onClose={onClose} title={t('tickets.actions.assignTitle')} fullScreen={isPhone}>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (person) onAssign(person.id, person.name);
        }}
      >
        <Stack gap="md">
          <Select
            label={t('tickets.fields.assignee')}
            placeholder={t('tickets.actions.assignPlaceholder')}
            data={(staff.data ?? []).map((s) => ({
              value: s.id,
              label: t('tickets.actions.staffOption', { name: s.name, n: s.openTickets }),
            }))}
            value={selected}
            onChange={setChoice}
            searchable
            nothingFoundMessage={t('common.nothingFound')}
            comboboxProps={{ withinPortal: true }}
          />
          <FormActions
            submitLabel={t('tickets.actions.assignSubmit')}
            loading={loading}
            onCancel={() => {
              setChoice(null);
              onClose();
            }}
          />
        </Stack>
      </form>
    </Modal>
  );
}

export interface RequesterTicketActionsProps {
  ticket: TicketResponse;
}

/** Withdrawing a ticket that is still being worked on. */
export function RequesterTicketActions({ ticket }: RequesterTicketActionsProps) {
  const { run, isPending, t } = useTicketTransition(ticket);
  const [confirming, setConfirming] = useState(false);
  if (!has(ticket, 'withdraw')) return null;
  return (
    <>
      <Group gap="xs" role="toolbar" aria-label={t('tickets.actions.label')}>
        <Button variant="default" color="red" leftSection={<IconX size={16} />} onClick={() => setConfirming(true)}>
          {t('tickets.actions.withdraw')}
        </Button>
      </Group>
      <ConfirmModal
        opened={confirming}
        title={t('tickets.actions.withdrawTitle')}
        confirmLabel={t('tickets.actions.withdrawSubmit')}
        loading={isPending}
        onClose={() => setConfirming(false)}
        onConfirm={() =>
          run({ to: 'CLOSED' }, t('tickets.actions.withdrawDone'), { onDone: () => setConfirming(false) })
        }
      >
        {t('tickets.actions.withdrawText')}
      </ConfirmModal>
    </>
  );
}

export interface ResolutionPanelProps {
  ticket: TicketResponse;
}

/** A resolved ticket asks its requester: accept (and rate) or reject with a comment. */
export function ResolutionPanel({ ticket }: ResolutionPanelProps) {
  const { run, isPending, t } = useTicketTransition(ticket);
  const dialog = useDialogState<'accept' | 'reject'>();
  const isPhone = useIsPhone();
  const [rating, setRating] = useState(0);
  const [feedback, setFeedback] = useState('');
  if (!has(ticket, 'accept') && !has(ticket, 'reject')) return null;

  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      style={{ borderColor: 'var(--mantine-color-teal-5)', borderWidth: 2 }}
      role="region"
      aria-label={t('tickets.resolution.title')}
    >
      <Stack gap="sm">
        <Group gap="xs">
          <IconCircleCheck size={22} color="var(--mantine-color-teal-6)" aria-hidden />
          <Title order={3} size="h4">
            {t('tickets.resolution.title')}
          </Title>
        </Group>
        <Text size="sm">{t('tickets.resolution.question')}</Text>
        {ticket.resolutionNote ? (
          <Paper bg="var(--mantine-color-teal-0)" p="sm" radius="sm">
            <Text size="xs" fw={600} c="teal.8" mb={4}>
              {t('tickets.fields.resolutionNote')}
            </Text>
            <Markdown source={ticket.resolutionNote} />
          </Paper>
        ) : null}
        <Group gap="sm" wrap="wrap">
          {has(ticket, 'accept') ? (
            <Button color="teal" leftSection={<IconCheck size={16} />} onClick={() => dialog.open('accept')}>
              {t('tickets.resolution.accept')}
            </Button>
          ) : null}
          {has(ticket, 'reject') ? (
            <Button variant="default" leftSection={<IconX size={16} />} onClick={() => dialog.open('reject')}>
              {t('tickets.resolution.reject')}
            </Button>
          ) : null}
        </Group>
      </Stack>

      <Modal
        opened={dialog.opened && dialog.data === 'accept'}
        onClose={dialog.close}
        title={t('tickets.resolution.acceptTitle')}
        fullScreen={isPhone}
      >
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            const text = feedback.trim();
            run(
              { to: 'CLOSED', rating: rating > 0 ? rating : undefined, feedback: text === '' ? undefined : text },
              t('tickets.resolution.accepted'),
              { onDone: dialog.close },
            );
          }}
        >
          <Stack gap="md">
            <Text size="sm">{t('tickets.resolution.acceptText')}</Text>
            <Stack gap={4}>
              <Text size="sm" fw={500} id="bantu-rating-label">
                {t('tickets.resolution.rating')}
              </Text>
              <Rating
                value={rating}
                onChange={setRating}
                size="lg"
                aria-labelledby="bantu-rating-label"
                getSymbolLabel={(index) => t('tickets.resolution.stars', { n: index })}
              />
            </Stack>
            <Textarea
              label={t('tickets.resolution.feedback')}
              placeholder={t('tickets.resolution.feedbackPlaceholder')}
              value={feedback}
              onChange={(event) => setFeedback(event.currentTarget.value)}
              autosize
              minRows={3}
              maxLength={5000}
            />
            <FormActions
              submitLabel={t('tickets.resolution.acceptSubmit')}
              loading={isPending}
              onCancel={dialog.close}
            />
          </Stack>
        </form>
      </Modal>

      <CommentDialog
        opened={dialog.opened && dialog.data === 'reject'}
        title={t('tickets.actions.rejectTitle')}
        description={t('tickets.actions.rejectText')}
        label={t('tickets.actions.rejectLabel')}
        submitLabel={t('tickets.actions.rejectSubmit')}
        loading={isPending}
        onClose={dialog.close}
        onSubmit={(comment, setError) =>
          run({ to: 'IN_PROGRESS', comment }, t('tickets.actions.rejectDone'), {
            onDone: dialog.close,
            setCommentError: setError,
          })
        }
      />
    </Paper>
  );
}
