import { Modal, type ModalProps } from '@mantine/core';
import { IconBan, IconCircleCheck, IconPencil, IconTrash } from '@tabler/icons-react';
import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from './ConfirmModal';
import { notifyProblem, notifySuccess } from './notify';
import { RowActions, type RowAction } from './RowActions';
import { useDialogState } from './useDialogState';
import { useIsPhone } from './useIsPhone';

/** The dialogs of an admin list: the create/edit form and the delete confirmation. */
type CrudDialog<T> = { kind: 'create' } | { kind: 'edit'; item: T } | { kind: 'delete'; item: T };

export interface CrudDialogs<T> {
  /** The entity being edited or deleted; kept after closing so the content does not vanish mid-transition. */
  item: T | null;
  formOpened: boolean;
  deleteOpened: boolean;
  /** The dialog shown last (kept while it closes). */
  kind: CrudDialog<T>['kind'] | null;
  openCreate: () => void;
  openEdit: (item: T) => void;
  openDelete: (item: T) => void;
  close: () => void;
}

/** Which of an admin panel's dialogs is open, and for which entity. */
export function useCrudDialogs<T>(): CrudDialogs<T> {
  const state = useDialogState<CrudDialog<T>>();
  const dialog = state.data;
  return {
    item: dialog && dialog.kind !== 'create' ? dialog.item : null,
    formOpened: state.opened && (dialog?.kind === 'create' || dialog?.kind === 'edit'),
    deleteOpened: state.opened && dialog?.kind === 'delete',
    kind: dialog?.kind ?? null,
    openCreate: () => state.open({ kind: 'create' }),
    openEdit: (item) => state.open({ kind: 'edit', item }),
    openDelete: (item) => state.open({ kind: 'delete', item }),
    close: state.close,
  };
}

export interface EntityFormModalProps<T extends { id: string }> {
  dialogs: CrudDialogs<T>;
  createTitle: string;
  editTitle: string;
  size?: ModalProps['size'];
  /** The form: `item` is undefined when creating. Each entity gets a fresh form (keyed by id). */
  children: (item: T | undefined) => ReactNode;
}

/** The create/edit modal of an admin list (full screen on phones). */
export function EntityFormModal<T extends { id: string }>({
  dialogs,
  createTitle,
  editTitle,
  size,
  children,
}: EntityFormModalProps<T>) {
  const isPhone = useIsPhone();
  const editing = dialogs.kind === 'edit' ? (dialogs.item ?? undefined) : undefined;
  return (
    <Modal
      opened={dialogs.formOpened}
      onClose={dialogs.close}
      title={dialogs.kind === 'edit' ? editTitle : createTitle}
      fullScreen={isPhone}
      size={size}
    >
      {dialogs.kind === 'create' || dialogs.kind === 'edit' ? (
        <Fragment key={editing?.id ?? 'new'}>{children(editing)}</Fragment>
      ) : null}
    </Modal>
  );
}

/** An update mutation of an entity that can be switched on and off (TanStack Query's useMutation). */
export interface ActiveMutation {
  mutate: (
    variables: { id: string; changes: { isActive: boolean } },
    options: { onSuccess: () => void; onError: (error: Error) => void },
  ) => void;
}

/** Switches an entity on or off and says so (`said(isActive, name)`), or shows the problem. */
export function useToggleActive<T extends { id: string; name: string; isActive: boolean }>(
  update: ActiveMutation,
  said: (isActive: boolean, name: string) => string,
) {
  return (item: T) => {
    const isActive = !item.isActive;
    update.mutate(
      { id: item.id, changes: { isActive } },
      { onSuccess: () => notifySuccess(said(isActive, item.name)), onError: (error) => notifyProblem(error) },
    );
  };
}

/** A delete mutation keyed by the entity's id (TanStack Query's useMutation). */
export interface RemoveMutation {
  mutate: (id: string, options: { onSuccess: () => void; onError: (error: Error) => void }) => void;
  isPending: boolean;
}

export interface DeleteConfirmProps<T extends { id: string }> {
  dialogs: CrudDialogs<T>;
  remove: RemoveMutation;
  title: string;
  /** The question, e.g. "Delete the category Printer?". */
  message: (item: T) => string;
  /** The notice after the entity was deleted. */
  deleted: (item: T) => string;
  /** A hint shown with the problem when the delete fails (e.g. "deactivate it instead"). */
  problemHint?: (error: Error) => string | undefined;
}

/** Asks before deleting an admin list's entity, deletes it, and tells how it went. */
export function DeleteConfirm<T extends { id: string }>({
  dialogs,
  remove,
  title,
  message,
  deleted,
  problemHint,
}: DeleteConfirmProps<T>) {
  const { t } = useTranslation();
  const item = dialogs.kind === 'delete' ? dialogs.item : null;
  return (
    <ConfirmModal
      opened={dialogs.deleteOpened}
      title={title}
      confirmLabel={t('common.delete')}
      loading={remove.isPending}
      onClose={dialogs.close}
      onConfirm={() => {
        if (!item) return;
        remove.mutate(item.id, {
          onSuccess: () => {
            notifySuccess(deleted(item));
            dialogs.close();
          },
          onError: (error) => {
            dialogs.close();
            notifyProblem(error, problemHint?.(error));
          },
        });
      }}
    >
      {item ? message(item) : null}
    </ConfirmModal>
  );
}

export interface CrudRowActionsProps<T> {
  item: T;
  dialogs: CrudDialogs<T>;
  editLabel: string;
  deleteLabel: string;
  /** Entities that can be switched off instead of deleted. */
  toggle?: { active: boolean; activateLabel: string; deactivateLabel: string; onToggle: () => void };
}

/** An admin list row's actions: edit, (de)activate where the entity has it, delete. */
export function CrudRowActions<T>({ item, dialogs, editLabel, deleteLabel, toggle }: CrudRowActionsProps<T>) {
  const toggleAction: RowAction[] = !toggle
    ? []
    : toggle.active
      ? [{ label: toggle.deactivateLabel, icon: <IconBan size={18} />, color: 'orange', onClick: toggle.onToggle }]
      : [{ label: toggle.activateLabel, icon: <IconCircleCheck size={18} />, color: 'teal', onClick: toggle.onToggle }];
  return (
    <RowActions
      actions={[
        { label: editLabel, icon: <IconPencil size={18} />, onClick: () => dialogs.openEdit(item) },
        ...toggleAction,
        { label: deleteLabel, icon: <IconTrash size={18} />, color: 'red', onClick: () => dialogs.openDelete(item) },
      ]}
    />
  );
}
