import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '@/features/auth/auth.hooks';
import { WelcomeCard } from '@/ui/WelcomeCard';

export function UserHomePage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  return (
    <WelcomeCard
      greeting={t('home.greeting', { name: user.name })}
      roleLabel={t(`roles.${user.role}`)}
      description={t('home.user.description')}
      itemsTitle={t('home.comingTitle')}
      items={[t('home.user.item1'), t('home.user.item2'), t('home.user.item3')]}
      note={t('home.user.note')}
    />
  );
}
