import { useCurrentUser } from '@/features/auth/auth.hooks';
import { usePublicSettings } from '@/features/settings/settings.hooks';
import { UsersPanel } from '@/features/users/UsersPanel';

export function UsersPage() {
  const user = useCurrentUser();
  const publicSettings = usePublicSettings();
  return <UsersPanel currentUserId={user.id} defaultLocale={publicSettings.data?.defaultLocale ?? 'id'} />;
}
