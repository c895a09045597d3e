import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '@/features/auth/auth.hooks';
import { WelcomeCard } from '@/ui/WelcomeCard';

export function StaffHomePage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  return (
    <WelcomeCard
      greeting={t('home.greeting', { name: user.name })}
      roleLabel={t(`roles.${user.role}`)}
      description={t('home.staff.description')}
      itemsTitle={t('home.comingTitle')}
      items={[t('home.staff.item1'), t('home.staff.item2'), t('home.staff.item3')]}
      note={t('home.staff.note')}
    />
  );
}
