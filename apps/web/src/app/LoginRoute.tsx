import { Navigate, useLocation } from '@/lib/router';
import { useTranslation } from 'react-i18next';
import { LoginPage } from '@/features/auth/LoginPage';
import { useSession } from '@/features/auth/auth.hooks';
import { useSwitchLocale } from '@/features/profile/profile.hooks';
import { usePublicSettings } from '@/features/settings/settings.hooks';
import { currentLocale } from '@/i18n';
import { FullPageLoader } from '@/ui/FullPageLoader';
import { LanguageSwitcher } from '@/ui/LanguageSwitcher';
import { afterLoginPath } from './guards';
import type { LoginRedirectState } from './guards';

function redirectState(state: unknown): LoginRedirectState {
  if (typeof state === 'object' && state !== null && 'from' in state && typeof state.from === 'string') {
    return { from: state.from };
  }
  return {};
}

export function LoginRoute() {
  const { t } = useTranslation();
  const session = useSession();
  const publicSettings = usePublicSettings();
  const switchLocale = useSwitchLocale();
  const location = useLocation();
  const { from } = redirectState(location.state);

  if (session.isPending) return <FullPageLoader />;
  if (session.data) return <Navigate to={afterLoginPath(session.data.role, from)} replace />;

  return (
    <LoginPage
      organizationName={publicSettings.data?.organizationName ?? t('app.name')}
      languageSwitcher={<LanguageSwitcher value={currentLocale()} onChange={switchLocale} />}
    />
  );
}
