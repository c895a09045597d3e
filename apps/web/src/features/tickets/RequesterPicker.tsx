import { useTranslation } from 'react-i18next';
import { UserPicker } from '@/features/users/UserPicker';

export interface RequesterPickerProps {
  /** The chosen user's id; null = the signed-in staff member. */
  value: string | null;
  onChange: (id: string | null) => void;
  error?: string;
  disabled?: boolean;
}

/** Searches active users so that IT staff can open a ticket on someone's behalf. */
export function RequesterPicker(props: RequesterPickerProps) {
  const { t } = useTranslation();
  return (
    <UserPicker
      {...props}
      label={t('tickets.create.requester')}
      description={t('tickets.create.requesterHint')}
      placeholder={t('tickets.create.requesterPlaceholder')}
    />
  );
}
