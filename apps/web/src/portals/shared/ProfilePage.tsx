import { useTranslation } from 'react-i18next';
import { MyPreferencesPanel } from '@/features/notification-preferences/MyPreferencesPanel';
import { ProfilePanel } from '@/features/profile/ProfilePanel';
import { AppDevicePanel } from '@/features/pwa/AppDevicePanel';
import { PageHeader } from '@/ui/PageHeader';

export function ProfilePage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('profile.title')} description={t('profile.subtitle')} />
      <ProfilePanel />
      <MyPreferencesPanel />
      <AppDevicePanel />
    </>
  );
}
