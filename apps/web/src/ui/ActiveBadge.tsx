import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export interface ActiveBadgeProps {
  active: boolean;
}

export function ActiveBadge({ active }: ActiveBadgeProps) {
  const { t } = useTranslation();
  return (
    <Badge color={active ? 'teal' : 'gray'} variant="light" miw="max-content">
      {active ? t('common.active') : t('common.inactive')}
    </Badge>
  );
}
