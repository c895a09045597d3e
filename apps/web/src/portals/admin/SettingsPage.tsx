import { NotificationDefaultsPanel } from '@/features/notification-preferences/NotificationDefaultsPanel';
import { SettingsPanel } from '@/features/settings/SettingsPanel';

export function SettingsPage() {
  return (
    <>
      <SettingsPanel />
      <NotificationDefaultsPanel />
    </>
  );
}
