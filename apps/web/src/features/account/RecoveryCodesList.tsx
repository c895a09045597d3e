import { Alert, Code, SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export interface RecoveryCodesListProps {
  codes: string[];
}

/** The ten recovery codes, shown once, right after they were made. */
export function RecoveryCodesList({ codes }: RecoveryCodesListProps) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs">
      <Alert color="yellow" variant="light">
        {t('account.recoveryCodesHint')}
      </Alert>
      <SimpleGrid cols={2} spacing="xs" data-testid="recovery-codes">
        {codes.map((code) => (
          <Code key={code} fz="sm">
            {code}
          </Code>
        ))}
      </SimpleGrid>
      <Text size="xs" c="dimmed">
        {t('account.recoveryCodesOnce')}
      </Text>
    </Stack>
  );
}
