import { Center, Loader, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '@/ui/PageHeader';
import { ProblemAlert } from '@/ui/ProblemAlert';
import { BusinessCalendarForm } from './BusinessCalendarForm';
import { HolidaysPanel } from './HolidaysPanel';
import { useBusinessCalendar } from './sla.hooks';

/** Admin Panel: working hours, 24x7 and holidays the SLA clock counts by. */
export function BusinessCalendarPanel() {
  const { t } = useTranslation();
  const calendar = useBusinessCalendar();
  return (
    <>
      <PageHeader title={t('sla.calendar.title')} description={t('sla.calendar.subtitle')} />
      <Stack gap="lg" maw={960}>
        {calendar.isError ? <ProblemAlert error={calendar.error} onRetry={() => void calendar.refetch()} /> : null}
        {calendar.isPending ? (
          <Center p="lg">
            <Loader size="sm" />
          </Center>
        ) : null}
        {calendar.data ? (
          <BusinessCalendarForm key={calendar.data.updatedAt ?? 'default'} calendar={calendar.data} />
        ) : null}
        <HolidaysPanel />
      </Stack>
    </>
  );
}
