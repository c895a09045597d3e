import type { BusinessCalendarResponse, WorkingInterval } from '@bantu/contracts';
import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Paper,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import type { FormErrors } from '@mantine/form';
import { IconInfoCircle, IconPlus, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { FormActions } from '@/ui/FormActions';
import { showSubmitProblem } from '@/ui/formErrors';
import { notifySuccess } from '@/ui/notify';
import { addInterval, formatBusinessMinutes, intervalIssues, removeInterval, workingMinutes } from './businessTime';
import { useUpdateBusinessCalendar } from './sla.hooks';
import { intlLocale } from '@/i18n/locales';

interface CalendarValues {
  alwaysOpen: boolean;
  timezone: string | null;
  week: { day: number; intervals: WorkingInterval[] }[];
}

/** Monday first, as calendars in Indonesia are read; the API keeps Sunday (0) first. */
const DISPLAY_ORDER = [1, 2, 3, 4, 5, 6, 0];

/** "Senin", "Monday": 2023-01-01 was a Sunday. */
export function weekdayName(day: number, locale: string): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { weekday: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2023, 0, 1 + day)),
  );
}

function timeZones(current: string | null): string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  return current && !zones.includes(current) ? [current, ...zones] : zones;
}

function toValues(calendar: BusinessCalendarResponse): CalendarValues {
  return {
    alwaysOpen: calendar.alwaysOpen,
    timezone: calendar.timezone,
    week: calendar.week.map((d) => ({ day: d.day, intervals: d.intervals.map((iv) => ({ ...iv })) })),
  };
}

export interface BusinessCalendarFormProps {
  calendar: BusinessCalendarResponse;
}

export function BusinessCalendarForm({ calendar }: BusinessCalendarFormProps) {
  const { t, i18n } = useTranslation();
  const update = useUpdateBusinessCalendar();
  const form = useForm<CalendarValues>({
    initialValues: toValues(calendar),
    validate: (values) => {
      const errors: FormErrors = {};
      if (!values.timezone) errors.timezone = t('validation.required');
      // Hours typed while 24x7 is on are still sent: check them too, the server does.
      values.week.forEach((day, d) => {
        for (const issue of intervalIssues(day.intervals)) {
          const path = `week.${d}.intervals.${issue.index}.${issue.field}`;
          if (errors[path] === undefined) errors[path] = t(`sla.calendar.problem.${issue.problem}`);
        }
      });
      if (!values.alwaysOpen && values.week.every((day) => day.intervals.length === 0)) {
        errors.week = t('sla.calendar.noHours');
      }
      return errors;
    },
  });

  const submit = form.onSubmit((values) => {
    update.mutate(
      { alwaysOpen: values.alwaysOpen, timezone: values.timezone ?? '', week: values.week },
      {
        onSuccess: (saved) => {
          form.setValues(toValues(saved));
          form.resetDirty(toValues(saved));
          notifySuccess(t('sla.calendar.saved'));
        },
        onError: (error) => showSubmitProblem(form, error),
      },
    );
  });

  const weekMinutes = form.values.week.reduce((sum, day) => sum + workingMinutes(day.intervals), 0);
  const weekError = form.errors.week;

  return (
    <form onSubmit={submit} noValidate aria-label={t('sla.calendar.formLabel')}>
      <Paper withBorder radius="md" p={{ base: 'md', sm: 'lg' }}>
        <Stack gap="md">
          <Switch
            label={t('sla.calendar.alwaysOpen')}
            description={t('sla.calendar.alwaysOpenHint')}
            {...form.getInputProps('alwaysOpen', { type: 'checkbox' })}
          />
          <Select
            label={t('sla.calendar.timezone')}
            description={t('sla.calendar.timezoneHint')}
            data={timeZones(form.values.timezone)}
            searchable
            allowDeselect={false}
            limit={50}
            maw={360}
            nothingFoundMessage={t('common.nothingFound')}
            {...form.getInputProps('timezone')}
          />
          <Stack gap="xs">
            <Group justify="space-between" gap="xs">
              <Title order={3} size="h5">
                {t('sla.calendar.week')}
              </Title>
              <Text size="sm" c="dimmed">
                {t('sla.calendar.weekTotal', { time: formatBusinessMinutes(weekMinutes, i18n.language) })}
              </Text>
            </Group>
            {form.values.alwaysOpen ? (
              <Alert color="blue" variant="light" icon={<IconInfoCircle size={20} />}>
                {t('sla.calendar.alwaysOpenNote')}
              </Alert>
            ) : null}
            {DISPLAY_ORDER.map((dayNumber) => {
              const d = form.values.week.findIndex((day) => day.day === dayNumber);
              const day = form.values.week[d];
              if (!day) return null;
              const name = weekdayName(dayNumber, i18n.language);
              const next = addInterval(day.intervals);
              return (
                <Paper key={dayNumber} withBorder radius="sm" p="sm" data-testid={`weekday-${dayNumber}`}>
                  <Group align="flex-start" gap="sm" wrap="wrap">
                    <Switch
                      w={140}
                      mt={6}
                      label={name}
                      checked={day.intervals.length > 0}
                      aria-label={t('sla.calendar.workingDay', { day: name })}
                      onChange={(event) =>
                        form.setFieldValue(
                          `week.${d}.intervals`,
                          event.currentTarget.checked ? [{ start: '08:00', end: '17:00' }] : [],
                        )
                      }
                    />
                    <Stack gap={6} style={{ flex: '1 1 12rem' }}>
                      {day.intervals.length === 0 ? (
                        <Text size="sm" c="dimmed" mt={6}>
                          {t('sla.calendar.dayOff')}
                        </Text>
                      ) : null}
                      {day.intervals.map((_, i) => (
                        <Group key={i} gap={6} align="flex-start" wrap="nowrap">
                          <TextInput
                            w={84}
                            maxLength={5}
                            placeholder="08:00"
                            aria-label={t('sla.calendar.startOf', { day: name, n: i + 1 })}
                            {...form.getInputProps(`week.${d}.intervals.${i}.start`)}
                          />
                          <Text mt={6} aria-hidden>
                            –
                          </Text>
                          <TextInput
                            w={84}
                            maxLength={5}
                            placeholder="17:00"
                            aria-label={t('sla.calendar.endOf', { day: name, n: i + 1 })}
                            {...form.getInputProps(`week.${d}.intervals.${i}.end`)}
                          />
                          <Tooltip label={t('sla.calendar.removeInterval')} withArrow openDelay={300}>
                            <ActionIcon
                              mt={4}
                              variant="subtle"
                              color="gray"
                              aria-label={t('sla.calendar.removeIntervalOf', { day: name, n: i + 1 })}
                              onClick={() =>
                                form.setFieldValue(`week.${d}.intervals`, removeInterval(day.intervals, i))
                              }
                            >
                              <IconX size={16} />
                            </ActionIcon>
                          </Tooltip>
                        </Group>
                      ))}
                      {typeof form.errors[`week.${d}.intervals`] === 'string' ? (
                        <Text size="xs" c="red">
                          {form.errors[`week.${d}.intervals`]}
                        </Text>
                      ) : null}
                      {day.intervals.length > 0 && next ? (
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          leftSection={<IconPlus size={14} />}
                          style={{ alignSelf: 'flex-start' }}
                          aria-label={t('sla.calendar.addIntervalOf', { day: name })}
                          onClick={() => form.setFieldValue(`week.${d}.intervals`, next)}
                        >
                          {t('sla.calendar.addInterval')}
                        </Button>
                      ) : null}
                    </Stack>
                  </Group>
                </Paper>
              );
            })}
            {typeof weekError === 'string' ? (
              <Text size="sm" c="red" role="alert">
                {weekError}
              </Text>
            ) : null}
          </Stack>
          <FormActions loading={update.isPending} />
        </Stack>
      </Paper>
    </form>
  );
}
