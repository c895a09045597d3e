import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '@/features/auth/auth.hooks';
import { WelcomeCard } from '@/ui/WelcomeCard';

export function ManagerHomePage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  return (
    <WelcomeCard
      greeting={t('home.greeting', { name: user.name })}
      roleLabel={t(`roles.${user.role}`)}
      description={t('home.manager.description')}
      itemsTitle={t('home.comingTitle')}
      items={[t('home.manager.item1'), t('home.manager.item2'), t('home.manager.item3')]}
      note={t('home.manager.note')}
    />
  );
}
