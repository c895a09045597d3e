import { Center, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '@/ui/PageHeader';
import { ProblemAlert } from '@/ui/ProblemAlert';
import { SettingsForm } from './SettingsForm';
import { useSettings } from './settings.hooks';

export function SettingsPanel() {
  const { t } = useTranslation();
  const settings = useSettings();
  return (
    <>
      <PageHeader title={t('settings.title')} description={t('settings.subtitle')} />
      {settings.isPending ? (
        <Center p="xl">
          <Loader />
        </Center>
      ) : settings.isError ? (
        <ProblemAlert error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <SettingsForm settings={settings.data} />
      )}
    </>
  );
}
