import { Alert, Button, Group, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '@/lib/http';
import { problemMessage, problemTitle } from './notify';

export interface ProblemAlertProps {
  error: unknown;
  /** Shows a "try again" button when given. */
  onRetry?: () => void;
}

/** A failed request, shown in place of the content it should have loaded. */
export function ProblemAlert({ error, onRetry }: ProblemAlertProps) {
  const { t } = useTranslation();
  const title = isApiError(error) ? problemTitle(error) : t('errors.title');
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle size={20} />} title={title} role="alert">
      <Group justify="space-between" gap="sm">
        <Text size="sm">{problemMessage(error)}</Text>
        {onRetry ? (
          <Button size="xs" variant="white" color="red" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : null}
      </Group>
    </Alert>
  );
}
