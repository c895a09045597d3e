import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export interface FormActionsProps {
  submitLabel?: string;
  loading?: boolean;
  onCancel?: () => void;
}

/** Cancel and submit buttons at the foot of a form; they stack on narrow screens. */
export function FormActions({ submitLabel, loading = false, onCancel }: FormActionsProps) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end" mt="md" gap="sm">
      {onCancel ? (
        <Button variant="default" onClick={onCancel} disabled={loading}>
          {t('common.cancel')}
        </Button>
      ) : null}
      <Button type="submit" loading={loading}>
        {submitLabel ?? t('common.save')}
      </Button>
    </Group>
  );
}
