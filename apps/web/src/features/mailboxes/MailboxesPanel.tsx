import type { MailboxResponse } from '@bantu/contracts';
import { Badge, Button, Drawer, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconList, IconPencil, IconPlugConnected, IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '@/lib/format';
import { ActiveBadge } from '@/ui/ActiveBadge';
import { ConfirmModal } from '@/ui/ConfirmModal';
import { notifyProblem, notifySuccess } from '@/ui/notify';
import { PageHeader } from '@/ui/PageHeader';
import { ProblemAlert } from '@/ui/ProblemAlert';
import { RowActions } from '@/ui/RowActions';
import { TableShell } from '@/ui/TableShell';
import { useDialogState } from '@/ui/useDialogState';
import { useIsPhone } from '@/ui/useIsPhone';
import { MailboxForm } from './MailboxForm';
import { MailLog } from './MailLog';
import { useDeleteMailbox, useMailboxes, useTestMailbox } from './mailboxes.hooks';

type Dialog =
  | { kind: 'create' }
  | { kind: 'edit'; mailbox: MailboxResponse }
  | { kind: 'delete'; mailbox: MailboxResponse }
  | { kind: 'log'; mailbox: MailboxResponse; deadLetters: boolean };

/** "Kotak surat": mailboxes whose mail becomes tickets and comments, with each one's audit log. */
export function MailboxesPanel() {
  const { t, i18n } = useTranslation();
  const isPhone = useIsPhone();
  const dialogState = useDialogState<Dialog>();
  const dialog = dialogState.data;
  const closeDialog = dialogState.close;
  const list = useMailboxes();
  const remove = useDeleteMailbox();
  const test = useTestMailbox();
  const mailboxes = list.data?.items ?? [];

  const testOne = (m: MailboxResponse) =>
    test.mutate(m.id, {
      onSuccess: (r) =>
        r.ok
          ? notifySuccess(
              t(r.idle ? 'mailboxes.testOkIdle' : 'mailboxes.testOk', { name: m.name, count: r.messages ?? 0 }),
            )
          : notifications.show({
              color: 'red',
              title: t('mailboxes.testFailed', { name: m.name }),
              message: r.error ?? '',
              autoClose: 10_000,
            }),
      onError: (error) => notifyProblem(error),
    });

  return (
    <>
      <PageHeader
        title={t('mailboxes.title')}
        description={t('mailboxes.subtitle')}
        actions={
          <Button leftSection={<IconPlus size={18} />} onClick={() => dialogState.open({ kind: 'create' })}>
            {t('mailboxes.create')}
          </Button>
        }
      />
      <Stack gap="md">
        {list.isError ? <ProblemAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
        <TableShell
          caption={t('mailboxes.title')}
          minWidth={900}
          loading={list.isPending}
          empty={list.isSuccess && mailboxes.length === 0 ? t('mailboxes.empty') : false}
          head={
            <Table.Tr>
              <Table.Th>{t('mailboxes.name')}</Table.Th>
              <Table.Th>{t('mailboxes.kind')}</Table.Th>
              <Table.Th>{t('mailboxes.lastPoll')}</Table.Th>
              <Table.Th ta="right">{t('mailboxes.messages')}</Table.Th>
              <Table.Th>{t('common.status')}</Table.Th>
              <Table.Th ta="right">{t('common.actions')}</Table.Th>
            </Table.Tr>
          }
        >
          {mailboxes.map((m) => (
            <Table.Tr key={m.id}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {m.name}
                </Text>
                <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                  {m.address}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={m.kind === 'imap' ? 'indigo' : 'grape'} miw="max-content">
                  {t(`mailboxes.kinds.${m.kind}`)}
                </Badge>
                {m.kind === 'imap' ? (
                  <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                    {m.imapHost}
                    {m.imapPort ? `:${m.imapPort}` : ''} · {m.imapFolder}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td maw={260}>
                {m.kind === 'imap' ? (
                  <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                    {m.lastPolledAt ? formatDateTime(m.lastPolledAt, i18n.language) : t('mailboxes.neverPolled')}
                  </Text>
                ) : (
                  <Text size="sm" c="dimmed">
                    {t('mailboxes.pushed')}
                  </Text>
                )}
                {m.lastError ? (
                  <Text size="xs" c="red" lineClamp={2} title={m.lastError}>
                    {m.lastError}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td ta="right">
                <Group gap={6} justify="flex-end" wrap="nowrap">
                  <Text size="sm">{m.counts.total}</Text>
                  {m.counts.deadLetter > 0 ? (
                    <Badge
                      color="red"
                      variant="filled"
                      style={{ cursor: 'pointer' }}
                      onClick={() => dialogState.open({ kind: 'log', mailbox: m, deadLetters: true })}
                      title={t('mailboxes.deadLetters')}
                    >
                      {t('mailboxes.deadLetterCount', { count: m.counts.deadLetter })}
                    </Badge>
                  ) : null}
                </Group>
              </Table.Td>
              <Table.Td>
                <ActiveBadge active={m.isActive} />
              </Table.Td>
              <Table.Td>
                <RowActions
                  actions={[
                    {
                      label: t('mailboxes.showLog', { name: m.name }),
                      icon: <IconList size={18} />,
                      onClick: () => dialogState.open({ kind: 'log', mailbox: m, deadLetters: false }),
                    },
                    ...(m.kind === 'imap'
                      ? [
                          {
                            label: t('mailboxes.testNamed', { name: m.name }),
                            icon: <IconPlugConnected size={18} />,
                            color: 'teal',
                            disabled: test.isPending && test.variables === m.id,
                            onClick: () => testOne(m),
                          },
                        ]
                      : []),
                    {
                      label: t('common.editNamed', { name: m.name }),
                      icon: <IconPencil size={18} />,
                      onClick: () => dialogState.open({ kind: 'edit', mailbox: m }),
                    },
                    {
                      label: t('common.deleteNamed', { name: m.name }),
                      icon: <IconTrash size={18} />,
                      color: 'red',
                      onClick: () => dialogState.open({ kind: 'delete', mailbox: m }),
                    },
                  ]}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </TableShell>
      </Stack>

      <Modal
        opened={dialogState.opened && (dialog?.kind === 'create' || dialog?.kind === 'edit')}
        onClose={closeDialog}
        title={dialog?.kind === 'edit' ? t('mailboxes.editTitle') : t('mailboxes.createTitle')}
        size="xl"
        fullScreen={isPhone}
      >
        {dialog?.kind === 'create' ? <MailboxForm onDone={closeDialog} /> : null}
        {dialog?.kind === 'edit' ? (
          <MailboxForm key={dialog.mailbox.id} mailbox={dialog.mailbox} onDone={closeDialog} />
        ) : null}
      </Modal>

      <Drawer
        opened={dialogState.opened && dialog?.kind === 'log'}
        onClose={closeDialog}
        position="right"
        size={isPhone ? '100%' : 1060}
        title={dialog?.kind === 'log' ? t('mailboxes.log.titleFor', { name: dialog.mailbox.name }) : ''}
      >
        {dialog?.kind === 'log' ? (
          <MailLog
            key={`${dialog.mailbox.id}-${dialog.deadLetters}`}
            mailboxId={dialog.mailbox.id}
            initialFilter={dialog.deadLetters ? 'dead_letter' : 'all'}
          />
        ) : null}
      </Drawer>

      <ConfirmModal
        opened={dialogState.opened && dialog?.kind === 'delete'}
        title={t('mailboxes.deleteTitle')}
        confirmLabel={t('common.delete')}
        loading={remove.isPending}
        onClose={closeDialog}
        onConfirm={() => {
          if (dialog?.kind !== 'delete') return;
          const { mailbox } = dialog;
          remove.mutate(mailbox.id, {
            onSuccess: () => {
              notifySuccess(t('mailboxes.deleted', { name: mailbox.name }));
              closeDialog();
            },
            onError: (error) => {
              closeDialog();
              notifyProblem(error);
            },
          });
        }}
      >
        {dialog?.kind === 'delete' ? t('mailboxes.deleteConfirm', { name: dialog.mailbox.name }) : null}
      </ConfirmModal>
    </>
  );
}
