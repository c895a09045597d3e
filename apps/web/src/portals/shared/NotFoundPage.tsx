import { Button, Center, Stack, Text, Title } from '@mantine/core';
import { Link } from '@/lib/router';
import { useTranslation } from 'react-i18next';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Center mih="50dvh" p="md">
      <Stack align="center" gap="sm" maw={420}>
        <Title order={2}>{t('errors.notFoundTitle')}</Title>
        <Text c="dimmed" ta="center">
          {t('errors.notFoundText')}
        </Text>
        <Button component={Link} to="/">
          {t('errors.backHome')}
        </Button>
      </Stack>
    </Center>
  );
}
