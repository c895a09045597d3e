import { HolidayCreateRequest } from '@bantu/contracts';
import type { HolidayResponse, HolidayUpdateRequest } from '@bantu/contracts';
import {
  Badge,
  Button,
  Checkbox,
  FileButton,
  Group,
  Paper,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconFileImport, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '@/lib/http';
import { CrudRowActions, DeleteConfirm, EntityFormModal, useCrudDialogs } from '@/ui/crud';
import { FormActions } from '@/ui/FormActions';
import { showSubmitProblem } from '@/ui/formErrors';
import { notifyProblem, notifySuccess } from '@/ui/notify';
import { ProblemAlert } from '@/ui/ProblemAlert';
import { TableShell } from '@/ui/TableShell';
import { zodResolver } from '@/ui/zodResolver';
import { useCreateHoliday, useDeleteHoliday, useHolidays, useImportHolidays, useUpdateHoliday } from './sla.hooks';
import { dateTimeFormat } from '@/lib/format';

/** "25 Des 2026" / "25 Dec" (a yearly holiday has no year). */
export function formatHolidayDate(date: string, yearly: boolean, locale: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const value = new Date(Date.UTC(y ?? 2000, (m ?? 1) - 1, d ?? 1));
  return dateTimeFormat(locale, {
    day: 'numeric',
    month: 'short',
    year: yearly ? undefined : 'numeric',
    timeZone: 'UTC',
  }).format(value);
}

interface HolidayValues {
  date: string;
  name: string;
  yearly: boolean;
}

function HolidayForm({ holiday, onDone }: { holiday?: HolidayResponse; onDone: () => void }) {
  const { t } = useTranslation();
  const create = useCreateHoliday();
  const update = useUpdateHoliday();
  const form = useForm<HolidayValues>({
    initialValues: { date: holiday?.date ?? '', name: holiday?.name ?? '', yearly: holiday?.yearly ?? false },
    validate: zodResolver<HolidayValues>(HolidayCreateRequest, {
      messages: { date: t('sla.holidays.dateInvalid') },
    }),
  });
  const onError = (error: unknown) => {
    if (isApiError(error) && error.code === 'DUPLICATE') {
      form.setFieldError('date', t('sla.holidays.duplicate'));
      return;
    }
    showSubmitProblem(form, error);
  };
  const submit = form.onSubmit((values) => {
    const body = { ...values, name: values.name.trim() };
    if (!holiday) {
      create.mutate(body, {
        onSuccess: () => {
          notifySuccess(t('sla.holidays.created', { name: body.name }));
          onDone();
        },
        onError,
      });
      return;
    }
    const changes: HolidayUpdateRequest = {};
    if (body.date !== holiday.date) changes.date = body.date;
    if (body.name !== holiday.name) changes.name = body.name;
    if (body.yearly !== holiday.yearly) changes.yearly = body.yearly;
    if (Object.keys(changes).length === 0) {
      onDone();
      return;
    }
    update.mutate(
      { holidayId: holiday.id, changes },
      {
        onSuccess: () => {
          notifySuccess(t('sla.holidays.updated', { name: body.name }));
          onDone();
        },
        onError,
      },
    );
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <TextInput type="date" label={t('sla.holidays.date')} required data-autofocus {...form.getInputProps('date')} />
        <TextInput label={t('sla.holidays.name')} required maxLength={120} {...form.getInputProps('name')} />
        <Switch
          label={t('sla.holidays.yearly')}
          description={t('sla.holidays.yearlyHint')}
          {...form.getInputProps('yearly', { type: 'checkbox' })}
        />
        <FormActions
          submitLabel={holiday ? t('common.save') : t('sla.holidays.createSubmit')}
          loading={create.isPending || update.isPending}
          onCancel={onDone}
        />
      </Stack>
    </form>
  );
}

/** Reads an .ics file in the browser and sends its text; the result or the problem stays on screen. */
function HolidayImport() {
  const { t } = useTranslation();
  const importHolidays = useImportHolidays();
  const [replace, setReplace] = useState(false);
  const [result, setResult] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  const pick = (file: File | null) => {
    if (!file) return;
    setResult(null);
    void file.text().then(
      (ics) =>
        importHolidays.mutate(
          { ics, replace },
          {
            onSuccess: (answer) =>
              setResult({
                kind: 'ok',
                text: t('sla.holidays.imported', { n: answer.imported, skipped: answer.skipped, file: file.name }),
              }),
            onError: (error) => {
              const field = isApiError(error) ? error.fieldErrorMap().ics : undefined;
              if (field !== undefined) setResult({ kind: 'error', text: t('sla.holidays.importInvalid') });
              else if (isApiError(error) && error.status < 500)
                setResult({ kind: 'error', text: error.detail ?? error.title });
              else notifyProblem(error);
            },
          },
        ),
      () => setResult({ kind: 'error', text: t('sla.holidays.importUnreadable') }),
    );
  };

  return (
    <Stack gap={6}>
      <Group gap="sm" wrap="wrap">
        <FileButton onChange={pick} accept=".ics,text/calendar">
          {(props) => (
            <Button
              {...props}
              variant="default"
              leftSection={<IconFileImport size={18} />}
              loading={importHolidays.isPending}
            >
              {t('sla.holidays.import')}
            </Button>
          )}
        </FileButton>
        <Checkbox
          label={t('sla.holidays.replace')}
          checked={replace}
          onChange={(event) => setReplace(event.currentTarget.checked)}
        />
      </Group>
      <Text size="xs" c="dimmed">
        {t('sla.holidays.importHint')}
      </Text>
      {result ? (
        <Text size="sm" c={result.kind === 'ok' ? 'teal' : 'red'} role={result.kind === 'ok' ? 'status' : 'alert'}>
          {result.text}
        </Text>
      ) : null}
    </Stack>
  );
}

export function HolidaysPanel() {
  const { t, i18n } = useTranslation();
  const list = useHolidays();
  const remove = useDeleteHoliday();
  const dialogs = useCrudDialogs<HolidayResponse>();
  const holidays = list.data ?? [];

  return (
    <Paper withBorder radius="md" p={{ base: 'md', sm: 'lg' }} component="section" aria-label={t('sla.holidays.title')}>
      <Stack gap="md">
        <Group justify="space-between" gap="sm">
          <Stack gap={2}>
            <Title order={3} size="h4">
              {t('sla.holidays.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('sla.holidays.subtitle')}
            </Text>
          </Stack>
          <Button leftSection={<IconPlus size={18} />} onClick={dialogs.openCreate}>
            {t('sla.holidays.create')}
          </Button>
        </Group>
        <HolidayImport />
        {list.isError ? <ProblemAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
        <TableShell
          caption={t('sla.holidays.title')}
          minWidth={420}
          phoneColumns={[0, 1, 2]}
          loading={list.isPending}
          empty={list.isSuccess && holidays.length === 0 ? t('sla.holidays.empty') : false}
          head={
            <Table.Tr>
              <Table.Th>{t('sla.holidays.date')}</Table.Th>
              <Table.Th>{t('sla.holidays.name')}</Table.Th>
              <Table.Th ta="right">{t('common.actions')}</Table.Th>
            </Table.Tr>
          }
        >
          {holidays.map((holiday) => (
            <Table.Tr key={holiday.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <time dateTime={holiday.date}>{formatHolidayDate(holiday.date, holiday.yearly, i18n.language)}</time>
              </Table.Td>
              <Table.Td>
                <Group gap={6} wrap="wrap">
                  <Text size="sm">{holiday.name}</Text>
                  {holiday.yearly ? (
                    <Badge size="sm" variant="light" color="grape">
                      {t('sla.holidays.yearlyBadge')}
                    </Badge>
                  ) : null}
                </Group>
              </Table.Td>
              <Table.Td>
                <CrudRowActions
                  item={holiday}
                  dialogs={dialogs}
                  editLabel={t('sla.holidays.editFor', { name: holiday.name })}
                  deleteLabel={t('sla.holidays.deleteFor', { name: holiday.name })}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </TableShell>
      </Stack>

      <EntityFormModal
        dialogs={dialogs}
        createTitle={t('sla.holidays.createTitle')}
        editTitle={t('sla.holidays.editTitle')}
      >
        {(holiday) => <HolidayForm holiday={holiday} onDone={dialogs.close} />}
      </EntityFormModal>

      <DeleteConfirm
        dialogs={dialogs}
        remove={remove}
        title={t('sla.holidays.deleteTitle')}
        message={(holiday) => t('sla.holidays.deleteConfirm', { name: holiday.name })}
        deleted={(holiday) => t('sla.holidays.deleted', { name: holiday.name })}
      />
    </Paper>
  );
}
